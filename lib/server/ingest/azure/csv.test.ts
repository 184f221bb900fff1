import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseFile } from "../parse-file";
import type { NormalizedEvent, TParseResult } from "../types";

// The Log Analytics export in the newer column set (OperationNameValue, ActivityStatusValue,
// Claims as JSON text). The older set is the real dataset file, covered in parse-file.datasets.test.ts.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trailwatch-azure-csv-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const HEADER = [
  "TenantId", "TimeGenerated [UTC]", "OperationNameValue", "Level", "ActivityStatusValue", "ActivitySubstatusValue", "Caller",
  "CallerIpAddress", "CategoryValue", "Claims", "Properties_d", "OperationId", "EventDataId", "SubscriptionId", "_ResourceId", "ResourceProviderValue",
];

function row(values: Record<string, string>): string {
  return HEADER.map((h) => csvCell(values[h] ?? "")).join(",");
}

const claims = JSON.stringify({ "http://schemas.microsoft.com/identity/claims/objectidentifier": "9f1e0000-0000-4000-8000-00000000abcd", name: "Ana" }, null, 2);
const common = {
  TenantId: "t",
  Level: "Informational",
  Caller: "ana@contoso.com",
  CallerIpAddress: "203.0.113.5",
  CategoryValue: "Administrative",
  Claims: claims,
  SubscriptionId: "1c61ccbf-70b3-45a3-a1fb-848ce46d70a6",
  _ResourceId: "/subscriptions/1c61ccbf-70b3-45a3-a1fb-848ce46d70a6/resourcegroups/rg/providers/microsoft.storage/storageaccounts/sa",
  ResourceProviderValue: "MICROSOFT.STORAGE",
  OperationNameValue: "MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION",
};

async function collect(file: string): Promise<TParseResult[]> {
  const out: TParseResult[] = [];
  for await (const r of parseFile(file)) out.push(r);
  return out;
}

describe("Azure Activity CSV, newer column set", () => {
  it("reads US-locale times, JSON cells with quotes and newlines, and collapses the operation", async () => {
    const lines = [
      HEADER.join(","),
      row({ ...common, "TimeGenerated [UTC]": "9/23/2021, 2:09:11.433 PM", ActivityStatusValue: "Success", ActivitySubstatusValue: "", OperationId: "op-9", EventDataId: "e-2", Properties_d: '{"statusCode":"OK","message":"a \\"quoted\\" word"}' }),
      row({ ...common, "TimeGenerated [UTC]": "9/23/2021, 2:09:10.100 PM", ActivityStatusValue: "Start", OperationId: "op-9", EventDataId: "e-1" }),
      row({ ...common, "TimeGenerated [UTC]": "12/1/2021, 12:00:00.000 AM", ActivityStatusValue: "Failure", ActivitySubstatusValue: "Forbidden", OperationId: "op-10", EventDataId: "e-3" }),
      "",
    ];
    const file = path.join(dir, "new-columns.csv");
    fs.writeFileSync(file, `\ufeff${lines.join("\r\n")}`);
    const results = await collect(file);
    const events = results.flatMap((r) => (r.kind === "event" ? [r.event] : [])) as NormalizedEvent[];
    expect(results.filter((r) => r.kind !== "event")).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      providerEventId: "op-op-9-MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION",
      action: "MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION",
      service: "MICROSOFT.STORAGE",
      principalKey: "azure:9f1e0000-0000-4000-8000-00000000abcd",
      principalType: "user",
      outcome: "success",
      sourceIp: "203.0.113.5",
      accountExternalId: "1c61ccbf-70b3-45a3-a1fb-848ce46d70a6",
    });
    expect(events[0].eventTime.toISOString()).toBe("2021-09-23T14:09:10.100Z");
    expect(events[0].raw).toMatchObject({ EventDataId: "e-2", Claims: claims });
    expect(events[1]).toMatchObject({ outcome: "failure", errorCode: "Forbidden" });
    expect(events[1].eventTime.toISOString()).toBe("2021-12-01T00:00:00.000Z");
  });

  it("rejects a row whose field count does not match the header, and keeps the rest", async () => {
    const file = path.join(dir, "short-row.csv");
    const good = row({ ...common, "TimeGenerated [UTC]": "2021-09-23T14:09:11Z", ActivityStatusValue: "Succeeded", EventDataId: "e-1" });
    fs.writeFileSync(file, [HEADER.join(","), "a,b,c", good].join("\n"));
    const results = await collect(file);
    expect(results.map((r) => r.kind)).toEqual(["reject", "event"]);
    expect(results[0]).toMatchObject({ reject: { position: "row 1 (line 2)", reason: `malformed CSV row: 3 fields, header has ${HEADER.length}` } });
  });

  it("reports a quoted field that never closes", async () => {
    const file = path.join(dir, "open-quote.csv");
    const good = row({ ...common, "TimeGenerated [UTC]": "2021-09-23T14:09:11Z", ActivityStatusValue: "Succeeded", EventDataId: "e-1" });
    fs.writeFileSync(file, [HEADER.join(","), good, 'x,"never closed'].join("\n"));
    const results = await collect(file);
    // Azure events wait for their collapse window, so the reject comes out first.
    expect(results.map((r) => (r.kind === "reject" ? r.reject.reason : r.kind))).toEqual(["CSV cut off: quoted field never closed", "event"]);
  });
});
