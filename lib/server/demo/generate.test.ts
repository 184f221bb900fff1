import { operationEventId } from "@/lib/server/ingest/azure/collapse";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetPath } from "@/test/helpers/datasets";
import { loadConsoleTemplates } from "./console-templates";
import { generateDemoOrg, type GenerateDemoOrgResult } from "./generate";
import type { EventLabel } from "./types";

const S3_KEY = /^AWSLogs\/(\d{12})\/CloudTrail\/([a-z]{2}-[a-z]+-\d)\/(\d{4})\/(\d{2})\/(\d{2})\/\1_CloudTrail_\2_\3\4\5T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/;
const AZURE_KEY = /^azure\/resourceId=\/SUBSCRIPTIONS\/[0-9A-F-]{36}\/y=\d{4}\/m=\d{2}\/d=\d{2}\/h=\d{2}\/m=00\/PT1H\.json$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const START = new Date("2025-03-03T00:00:00Z");
const OPTS = { days: 3, accounts: 3, scale: 0.5, startDate: START };

let root: string;
let result: GenerateDemoOrgResult;
const dirA = () => path.join(root, "a");

function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
    .sort();
}

function readAws(dir: string): Array<{ file: string; records: Array<Record<string, unknown>> }> {
  return listFiles(dir).filter((f) => f.startsWith("AWSLogs/")).map((file) => ({
    file, records: (JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, file))).toString("utf8")) as { Records: Array<Record<string, unknown>> }).Records,
  }));
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "demo-org-"));
  result = await generateDemoOrg({ ...OPTS, outDir: dirA(), seed: 11 });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("generateDemoOrg", () => {
  it("is byte-identical for the same seed and differs for another seed", async () => {
    await generateDemoOrg({ ...OPTS, outDir: path.join(root, "b"), seed: 11 });
    await generateDemoOrg({ ...OPTS, outDir: path.join(root, "c"), seed: 12 });
    const a = listFiles(dirA());
    expect(listFiles(path.join(root, "b"))).toEqual(a);
    for (const f of a) expect(fs.readFileSync(path.join(root, "b", f)).equals(fs.readFileSync(path.join(dirA(), f))), f).toBe(true);
    expect(listFiles(path.join(root, "c"))).not.toEqual(a);
  });

  it("writes the real S3 and Azure delivery layouts and reports what it wrote", () => {
    const files = listFiles(dirA());
    expect(files).toContain("manifest.json");
    expect(files).toContain("labels.jsonl");
    expect(files).toContain("benign-oddities.jsonl");
    const data = files.filter((f) => !f.endsWith(".json") || f.startsWith("azure/")).filter((f) => !f.endsWith(".jsonl"));
    for (const f of data) expect(S3_KEY.test(f) || AZURE_KEY.test(f), f).toBe(true);
    expect(result.files).toBe(data.length);
    expect(result.accounts.map((a) => a.name)).toEqual(["prod", "staging", "shared-services", "corp-azure"]);
    expect(result.events).toBeGreaterThan(10_000);
  });

  it("writes complete, valid CloudTrail records, unique ids, sorted within each file, inside the period", () => {
    const ids = new Set<string>();
    const end = START.getTime() + OPTS.days * 86_400_000;
    const problems: string[] = [];
    let count = 0;
    for (const { file, records } of readAws(dirA())) {
      const [, account, region] = S3_KEY.exec(file)!;
      let prev = "";
      for (const r of records) {
        count++;
        const bad = (why: string) => problems.push(`${file} ${String(r.eventID)}: ${why}`);
        const u = r.userIdentity as Record<string, unknown> & { sessionContext?: { sessionIssuer?: { type?: string; arn?: string }; attributes?: { mfaAuthenticated?: string } } };
        const t = Date.parse(String(r.eventTime));
        if (!/\.amazonaws\.com$/.test(String(r.eventSource)) || typeof r.eventName !== "string") bad("eventSource/eventName");
        if (r.awsRegion !== region || r.recipientAccountId !== account) bad("region/account differ from the delivery key");
        if (!["1.08", "1.09", "1.10", "1.11"].includes(String(r.eventVersion))) bad(`eventVersion ${String(r.eventVersion)}`);
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(String(r.eventTime)) || !(t >= START.getTime() && t < end)) bad(`eventTime ${String(r.eventTime)}`);
        if (String(r.eventTime) < prev) bad("not sorted");
        prev = String(r.eventTime);
        if (!UUID.test(String(r.eventID)) || ids.has(String(r.eventID))) bad("eventID not a unique uuid");
        ids.add(String(r.eventID));
        if (typeof r.readOnly !== "boolean" || typeof r.managementEvent !== "boolean") bad("readOnly/managementEvent");
        if (!["Management", "Data"].includes(String(r.eventCategory))) bad("eventCategory");
        if (!["AwsApiCall", "AwsServiceEvent", "AwsConsoleSignIn"].includes(String(r.eventType))) bad("eventType");
        if (!("requestParameters" in r) || !r.sourceIPAddress || !r.userAgent) bad("requestParameters/sourceIPAddress/userAgent");
        if (!["IAMUser", "AssumedRole", "AWSService", "WebIdentityUser", "FederatedUser"].includes(String(u.type))) bad(`identity type ${String(u.type)}`);
        if (u.type === "AssumedRole" && (!/^arn:aws:sts::\d{12}:assumed-role\//.test(String(u.arn)) || u.sessionContext?.sessionIssuer?.type !== "Role" || !/^arn:aws:iam::\d{12}:role\//.test(String(u.sessionContext?.sessionIssuer?.arn)) || typeof u.sessionContext?.attributes?.mfaAuthenticated !== "string")) bad("assumed-role identity");
        if (r.errorCode && typeof r.errorMessage !== "string") bad("errorCode without errorMessage");
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    const azureLines = listFiles(dirA()).filter((f) => f.startsWith("azure/")).reduce((n, f) => n + fs.readFileSync(path.join(dirA(), f), "utf8").trim().split("\n").length, 0);
    expect(count + azureLines).toBe(result.events);
  });

  it("labels point at events that exist, in the delivery file named, in the later part of the period", () => {
    const labels = fs.readFileSync(path.join(dirA(), "labels.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as EventLabel);
    const aws = readAws(dirA());
    const byId = new Map(aws.flatMap(({ file, records }) => records.map((r) => [r.eventID as string, file] as const)));
    const awsLabels = labels.filter((l) => l.provider === "aws");
    expect(new Set(awsLabels.map((l) => l.file)).size).toBe(25);
    for (const l of awsLabels) expect(byId.get(l.eventId), l.eventId).toBe(l.deliveryFile);
    const cut = START.getTime() + OPTS.days * 86_400_000 * 0.7 - 3_600_000;
    for (const l of labels) expect(Date.parse(l.injectedAt)).toBeGreaterThanOrEqual(cut);
    const azureIds = new Set(listFiles(dirA()).filter((f) => f.startsWith("azure/")).flatMap((f) => fs.readFileSync(path.join(dirA(), f), "utf8").trim().split("\n").map((line) => {
      const r = JSON.parse(line) as { operationId: string; operationName: string };
      return operationEventId(r.operationId, r.operationName.toUpperCase());
    })));
    const azureLabels = labels.filter((l) => l.provider === "azure");
    expect(azureLabels.length).toBeGreaterThan(5);
    for (const l of azureLabels) expect(azureIds.has(l.eventId)).toBe(true);
    const oddities = fs.readFileSync(path.join(dirA(), "benign-oddities.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { eventId: string; provider: string });
    expect(oddities.length).toBeGreaterThan(5);
    for (const o of oddities.filter((x) => x.provider === "aws")) expect(byId.has(o.eventId)).toBe(true);
  });

  it("writes Azure Start and final records in pairs sharing operationId, with identity claims", () => {
    const ops = new Map<string, string[]>();
    for (const f of listFiles(dirA()).filter((x) => x.startsWith("azure/"))) {
      for (const line of fs.readFileSync(path.join(dirA(), f), "utf8").trim().split("\n")) {
        const r = JSON.parse(line) as Record<string, unknown> & { identity: { claims: Record<string, string>; authorization: unknown } };
        expect(r).toMatchObject({ category: "Administrative", level: expect.any(String), location: "global", correlationId: expect.stringMatching(UUID), properties: expect.any(Object) });
        expect(r.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
        expect(r.identity.claims.ipaddr).toBe(r.callerIpAddress);
        expect(r.identity.claims["http://schemas.microsoft.com/identity/claims/objectidentifier"]).toMatch(UUID);
        ops.set(r.operationId as string, [...(ops.get(r.operationId as string) ?? []), r.resultType as string]);
      }
    }
    expect(ops.size).toBeGreaterThan(20);
    for (const [, types] of ops) expect(types).toEqual(["Start", expect.stringMatching(/^(Success|Failure)$/)]);
  });

  it("replays the real console sessions, AWS Internal background calls included", () => {
    const templates = loadConsoleTemplates(datasetPath());
    const templateCalls = new Set(templates.flatMap((t) => t.events.map((e) => `${e.source}:${e.name}`)));
    const consoleEvents = readAws(dirA()).flatMap((f) => f.records).filter((r) => {
      const u = r.userIdentity as { type: string; sessionContext?: unknown; invokedBy?: string };
      return u.type === "IAMUser" && (r.sessionCredentialFromConsole === "true" || u.invokedBy === "AWS Internal");
    });
    expect(consoleEvents.length).toBeGreaterThan(100);
    const fromTemplates = consoleEvents.filter((r) => templateCalls.has(`${r.eventSource}:${r.eventName}`));
    expect(fromTemplates.length / consoleEvents.length).toBeGreaterThan(0.95);
    expect(consoleEvents.some((r) => r.sourceIPAddress === "AWS Internal" && r.userAgent === "AWS Internal")).toBe(true);
  });

  it("describes accounts, principals and the attack schedule in manifest.json", () => {
    const m = JSON.parse(fs.readFileSync(path.join(dirA(), "manifest.json"), "utf8")) as { seed: number; principals: Array<{ kind: string; key: string }>; attacks: unknown[]; period: { days: number } };
    expect(m.seed).toBe(11);
    expect(m.period.days).toBe(3);
    expect(new Set(m.principals.map((p) => p.kind))).toEqual(new Set(["automation", "human", "service", "scanner"]));
    expect(m.attacks).toHaveLength(26);
    expect(m.principals).toHaveLength(result.principals);
  });
});
