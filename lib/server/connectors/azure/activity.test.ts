import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { pollAccount, testConnection } from "../poll-account";
import { checkpointOf, createConnectedAccount, eventFacts, runsOf } from "../testing/accounts";
import { fakeActivityLog, fakeCredential, loadPantherRestRecords, loadPlasoRestRecords } from "../testing/azure-fakes";
import type { TFakeArm, TRestRecord } from "../testing/azure-fakes";

// The Activity Log through the real Monitor SDK pipeline over a fake ARM (HTTP client): paging by
// nextLink, 429 Retry-After, resume after a crash, overlapping windows, Begin/End collapse, own identity.

const SUB = "12345678-1234-1234-1234-123456789abc";
const NOW = new Date("2025-12-24T00:00:00Z");
const DAY = 86_400_000;
const panther = loadPantherRestRecords();
const inWindow = (rs: TRestRecord[], from: Date, to: Date) => rs.filter((r) => Date.parse(r.eventTimestamp) >= from.getTime() && Date.parse(r.eventTimestamp) <= to.getTime());
const expected = inWindow(panther, new Date(NOW.getTime() - 90 * DAY), NOW).length;
const credentials = { kind: "secret", tenantId: "t", clientId: "7f000000-0000-0000-0000-00000000c0de", clientSecret: "very-secret-value" } as const;
const someoneElse = fakeCredential({ oid: "7f000000-0000-0000-0000-0000000000ff", appid: credentials.clientId });
const sleep = vi.fn(async () => {});
const config = { windowHours: 24 * 7 };

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  await db.prisma.cloudAccount.deleteMany();
  sleep.mockClear();
});

const factory = (arm: TFakeArm, credential = someoneElse) => ({ azureHttpClient: () => arm.httpClient, azureCredential: () => credential });

describe("Azure Activity Log connector", () => {
  it("pages each window by nextLink and stores every record once", async () => {
    const arm = fakeActivityLog(panther, 7);
    const acct = await createConnectedAccount(db.prisma, "azure", SUB, config);
    const result = await pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory(arm), sleep });
    expect(expected).toBeGreaterThan(40);
    expect(result).toMatchObject({ stored: expected, duplicates: 0, rejected: 0, done: true });
    expect(arm.urls.some((u) => u.includes("%24skiptoken=14"))).toBe(true);
    expect(arm.urls[0]).toContain("/subscriptions/12345678-1234-1234-1234-123456789abc/providers/Microsoft.Insights/eventtypes/management/values");
    const facts = await eventFacts(db.prisma, acct.id);
    expect(facts.count).toBe(expected);
    expect(facts.own).toHaveLength(0);
    const [run] = await runsOf(db.prisma, acct.id);
    expect(run).toMatchObject({ source: "connector:azure-activity", status: "succeeded", stored: expected });
    expect((await checkpointOf(db.prisma, acct.id))["azure-activity"].default).toMatchObject({ windowEnd: NOW.toISOString(), complete: true });
  });

  it("honours 429 Retry-After through the injected sleep", async () => {
    const arm = fakeActivityLog(panther, 50);
    arm.failNext.push({ status: 429, headers: { "retry-after": "1" } }, { status: 429, headers: { "retry-after": "1" } });
    const acct = await createConnectedAccount(db.prisma, "azure", SUB, config);
    const result = await pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory(arm), sleep });
    expect(result).toMatchObject({ stored: expected, done: true });
    expect(sleep.mock.calls.filter((c) => (c as unknown[])[0] === 1000)).toHaveLength(2);
  });

  it("resumes at the saved nextLink after a crash after page 2: no gaps, no duplicates", async () => {
    const arm = fakeActivityLog(panther, 7);
    const acct = await createConnectedAccount(db.prisma, "azure", SUB, config);
    // Dies right after the second committed page that held events (the early windows are empty).
    let withEvents = 0;
    const crash = (p: { stored: number }) => {
      if (p.stored > 0 && ++withEvents === 2) throw new Error("worker killed");
    };
    await expect(pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory(arm), sleep, onProgress: crash })).rejects.toThrow("worker killed");
    const saved = (await checkpointOf(db.prisma, acct.id))["azure-activity"].default as { nextLink?: string };
    const partial = await eventFacts(db.prisma, acct.id);
    expect(partial.count).toBe(14);
    expect(saved.nextLink).toContain("%24skiptoken=14");
    expect((await runsOf(db.prisma, acct.id))[0].status).toBe("failed");

    const again = fakeActivityLog(panther, 7);
    const result = await pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory(again), sleep });
    expect(again.urls[0]).toBe(saved.nextLink);
    expect(result.duplicates).toBe(0);
    expect(partial.count + result.stored).toBe(expected);
    const facts = await eventFacts(db.prisma, acct.id);
    expect(facts.distinct).toBe(expected);
  });

  it("re-reads the overlap of the previous window without storing duplicates", async () => {
    const arm = fakeActivityLog(panther, 20);
    const acct = await createConnectedAccount(db.prisma, "azure", SUB, config);
    const times = inWindow(panther, new Date(NOW.getTime() - 90 * DAY), NOW).map((r) => Date.parse(r.eventTimestamp));
    const middle = new Date(times.sort((a, b) => a - b)[Math.floor(times.length / 2)] + 60_000);
    const first = await pollAccount(db.prisma, acct, { credentials, now: middle, clientFactory: factory(arm), sleep });
    const overlap = inWindow(panther, new Date(middle.getTime() - 30 * 60_000), middle).length;
    expect(overlap).toBeGreaterThan(0);
    const second = await pollAccount(db.prisma, acct, { credentials, now: NOW, clientFactory: factory(arm), sleep });
    expect(second.duplicates).toBe(overlap);
    expect(first.stored + second.stored).toBe(expected);
    expect((await eventFacts(db.prisma, acct.id)).count).toBe(expected);
  });

  it("collapses Begin/End pairs, converts the SDK's Dates, and tags the connector's own events", async () => {
    const plaso = loadPlasoRestRecords();
    const begin = plaso[0];
    const end = { ...begin, eventDataId: "end-of-first", status: { value: "Succeeded", localizedValue: "Succeeded" }, eventTimestamp: "2022-02-09T03:05:20.5Z" };
    const arm = fakeActivityLog([...plaso, end], 2);
    const oid = "12345678-9abc-defg-hijk-lmnopqrstuvw";
    const acct = await createConnectedAccount(db.prisma, "azure", "12345678-9abc-defg-hijk-lmnopqrstuvw", config);
    const result = await pollAccount(db.prisma, acct, { credentials, now: new Date("2022-02-10T00:00:00Z"), clientFactory: factory(arm, fakeCredential({ oid })), sleep });
    // Pages of 2 newest first: the End (03:05:20) shares page 1 with the Begin (03:04:54).
    expect(result).toMatchObject({ stored: 4, rejected: 0 });
    const events = await db.prisma.event.findMany({ where: { accountId: acct.id }, select: { providerEventId: true, outcome: true, eventTime: true, isOwn: true, raw: true } });
    const collapsed = events.find((e) => e.providerEventId.startsWith("op-80287633"));
    expect(collapsed?.eventTime.toISOString()).toBe("2022-02-09T03:04:54.297Z");
    expect((collapsed?.raw as { status: { value: string } }).status.value).toBe("Succeeded");
    expect(typeof (collapsed?.raw as { eventTimestamp: unknown }).eventTimestamp).toBe("string");
    expect(events.every((e) => e.isOwn)).toBe(true);
  });

  it("test connection names the missing read permission", async () => {
    const arm = fakeActivityLog([], 10);
    arm.failNext.push({ status: 403 });
    const acct = { id: "x", provider: "azure" as const, externalId: SUB, config: {} };
    const checks = await testConnection(acct, credentials, factory(arm));
    expect(checks[0]).toEqual({ check: "azure:token", ok: true });
    expect(checks[1]).toMatchObject({ ok: false, missingPermission: "Microsoft.Insights/eventtypes/values/read" });
    expect(JSON.stringify(checks)).not.toContain("very-secret-value");
    const ok = await testConnection(acct, credentials, factory(fakeActivityLog([], 10)));
    expect(ok.every((c) => c.ok)).toBe(true);
  });
});
