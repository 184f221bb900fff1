import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { importFiles } from "./import-files";

// One principal per identity (issue 17): a file with chen's own calls and the calls AWS made on
// chen's behalf imports as one principal, chen, the on-behalf calls marked by invoked_by; AWS
// Config acting as itself stays a service principal named after the service.

let db: TestDatabase;
let tmp: string;
const ACCOUNT = "123456789012";
const CHEN = { type: "IAMUser", principalId: "AIDAEXAMPLECHEN", arn: `arn:aws:iam::${ACCOUNT}:user/chen`, accountId: ACCOUNT, userName: "chen" };

function record(i: number, eventName: string, userIdentity: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: "1.08", eventID: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, eventTime: `2024-03-01T10:0${i}:00Z`,
    eventSource: "iam.amazonaws.com", eventName, awsRegion: "us-east-1", recipientAccountId: ACCOUNT, userIdentity,
    sourceIPAddress: "198.51.100.7", userAgent: "Mozilla/5.0", ...extra,
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tw-on-behalf-"));
});
afterAll(async () => {
  await db?.drop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("calls made on a principal's behalf", () => {
  it("import as the principal's own, marked invoked_by, beside a service principal named after the service", async () => {
    const internal = { sourceIPAddress: "AWS Internal", userAgent: "AWS Internal" };
    const file = path.join(tmp, "chen.json");
    fs.writeFileSync(file, JSON.stringify({ Records: [
      record(1, "ListUsers", CHEN),
      record(2, "ListAccessKeys", { ...CHEN, invokedBy: "AWS Internal" }, internal),
      record(3, "CreateAccessKey", { ...CHEN, invokedBy: "AWS Internal" }, internal),
      record(4, "GetUser", CHEN),
      record(5, "GetRole", { type: "AWSService", invokedBy: "config.amazonaws.com" }, { sourceIPAddress: "config.amazonaws.com", userAgent: "config.amazonaws.com" }),
    ] }));
    expect(await importFiles(db.prisma, [file])).toMatchObject({ parsed: 5, stored: 5, rejected: 0 });

    const principals = await db.prisma.principal.findMany({ orderBy: { key: "asc" }, select: { key: true, type: true, displayName: true, eventCount: true } });
    expect(principals).toEqual([
      { key: `arn:aws:iam::${ACCOUNT}:user/chen`, type: "IAMUser", displayName: "chen", eventCount: 4n },
      { key: "aws-service:config.amazonaws.com", type: "AWSService", displayName: "config.amazonaws.com", eventCount: 1n },
    ]);
    const events = await db.prisma.event.findMany({ orderBy: { eventTime: "asc" }, select: { action: true, invokedBy: true, principal: { select: { displayName: true } } } });
    expect(events.map((e) => [e.action, e.principal.displayName, e.invokedBy])).toEqual([
      ["iam.amazonaws.com:ListUsers", "chen", null],
      ["iam.amazonaws.com:ListAccessKeys", "chen", "AWS Internal"],
      ["iam.amazonaws.com:CreateAccessKey", "chen", "AWS Internal"],
      ["iam.amazonaws.com:GetUser", "chen", null],
      ["iam.amazonaws.com:GetRole", "config.amazonaws.com", "config.amazonaws.com"],
    ]);
  });
});
