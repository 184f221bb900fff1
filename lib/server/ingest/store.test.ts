import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { storeEvents } from "./store";
import type { NormalizedEvent } from "./types";

// storeEvents as the connectors and the worker use it: counts, ids, principals, accounts, and
// running inside a caller's transaction (a connector commits its checkpoint with its events).

let db: TestDatabase;

function event(id: string, at: string, over: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return {
    provider: "aws", providerEventId: id, accountExternalId: "111122223333", region: "us-east-1", eventTime: new Date(at),
    action: "iam.amazonaws.com:ListUsers", service: "iam", category: "api", outcome: "success", errorCode: null, readOnly: true,
    principalKey: "arn:aws:iam::111122223333:role/Admin", principalType: "AssumedRole", principalName: "Admin", sessionName: "s1",
    sourceIp: "198.51.100.7", userAgent: "aws-cli/2", userAgentFamily: "cli", resources: [{ arn: "arn:aws:iam::111122223333:user/bob" }],
    raw: { eventID: id }, ...over,
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  await db.prisma.$executeRawUnsafe("TRUNCATE events, principals, cloud_accounts CASCADE");
});

describe("storeEvents", () => {
  it("creates accounts and principals, returns the new ids and the span, and dedupes", async () => {
    const batch = [
      event("e1", "2024-05-01T10:00:00Z"),
      event("e2", "2024-05-01T09:00:00Z"),
      event("e2", "2024-05-01T09:00:00Z"), // the same record delivered twice in one batch
      event("z1", "2024-05-02T00:00:00Z", { provider: "azure", accountExternalId: "sub-1", principalKey: "azure:ann@example.com", principalType: "user" }),
    ];
    const first = await storeEvents(db.prisma, batch);
    expect(first).toMatchObject({ stored: 3, duplicates: 1, timeFrom: new Date("2024-05-01T09:00:00Z"), timeTo: new Date("2024-05-02T00:00:00Z") });
    const rows = await db.prisma.event.findMany({ select: { id: true, providerEventId: true, resources: true, sessionName: true }, orderBy: { id: "asc" } });
    expect(first.insertedIds).toEqual(rows.map((r) => r.id));
    expect(rows[0]).toMatchObject({ resources: [{ arn: "arn:aws:iam::111122223333:user/bob" }], sessionName: "s1" });

    const accounts = await db.prisma.cloudAccount.findMany({ orderBy: { provider: "asc" } });
    expect(accounts.map((a) => [a.provider, a.externalId, a.displayName, a.status, a.config])).toEqual([
      ["aws", "111122223333", "AWS account 111122223333", "active", { source: "file" }],
      ["azure", "sub-1", "Azure subscription sub-1", "active", { source: "file" }],
    ]);
    const admin = await db.prisma.principal.findFirstOrThrow({ where: { key: "arn:aws:iam::111122223333:role/Admin" } });
    expect(admin).toMatchObject({ eventCount: 2n, firstSeenAt: new Date("2024-05-01T09:00:00Z"), lastSeenAt: new Date("2024-05-01T10:00:00Z"), isOwn: false });

    const again = await storeEvents(db.prisma, [...batch, event("e3", "2024-04-30T00:00:00Z")]);
    expect(again).toMatchObject({ stored: 1, duplicates: 4 });
    const after = await db.prisma.principal.findFirstOrThrow({ where: { id: admin.id } });
    expect(after).toMatchObject({ eventCount: 3n, firstSeenAt: new Date("2024-04-30T00:00:00Z") });
  });

  it("moves a stored Azure operation to the final status its end record brings from another batch, once", async () => {
    const azure = { provider: "azure" as const, accountExternalId: "sub-1", principalKey: "azure:ann@example.com", principalType: "user", action: "MICROSOFT.KEYVAULT/VAULTS/DELETE" };
    const started = event("op-1-del", "2024-05-02T00:00:00Z", { ...azure, statusRank: 0, raw: { status: "Started" } });
    expect(await storeEvents(db.prisma, [started])).toMatchObject({ stored: 1, updated: 0 });
    const failed = event("op-1-del", "2024-05-02T00:00:09Z", { ...azure, statusRank: 2, outcome: "failure", errorCode: "Conflict", raw: { status: "Failed" } });
    // The end record arrives twice in the next page, beside an Accepted record of the same operation.
    const accepted = event("op-1-del", "2024-05-02T00:00:05Z", { ...azure, statusRank: 1, raw: { status: "Accepted" } });
    expect(await storeEvents(db.prisma, [accepted, failed, failed])).toMatchObject({ stored: 0, duplicates: 3, updated: 1 });
    // A late Started record changes nothing.
    expect(await storeEvents(db.prisma, [started])).toMatchObject({ stored: 0, duplicates: 1, updated: 0 });
    const rows = await db.prisma.event.findMany({ select: { outcome: true, errorCode: true, raw: true, eventTime: true, statusRank: true } });
    expect(rows).toEqual([{ outcome: "failure", errorCode: "Conflict", raw: { status: "Failed" }, eventTime: new Date("2024-05-02T00:00:00Z"), statusRank: 2 }]);
    expect((await db.prisma.principal.findFirstOrThrow()).eventCount).toBe(1n);
  });

  it("marks the detector's own identity and honours an account override", async () => {
    const account = await db.prisma.cloudAccount.create({ data: { provider: "aws", externalId: "999988887777", displayName: "Prod" } });
    const own = new Set(["arn:aws:iam::111122223333:role/Trailwatch"]);
    await storeEvents(db.prisma, [event("o1", "2024-05-01T00:00:00Z", { principalKey: "arn:aws:iam::111122223333:role/Trailwatch" }), event("o2", "2024-05-01T00:00:00Z")], {
      accountOverride: { id: account.id },
      ownPrincipalKeys: own,
    });
    const events = await db.prisma.event.findMany({ select: { providerEventId: true, isOwn: true, accountId: true }, orderBy: { providerEventId: "asc" } });
    expect(events).toEqual([{ providerEventId: "o1", isOwn: true, accountId: account.id }, { providerEventId: "o2", isOwn: false, accountId: account.id }]);
    expect(await db.prisma.cloudAccount.count()).toBe(1);
    expect(await db.prisma.principal.count({ where: { isOwn: true } })).toBe(1);
  });

  it("sends the text a record arrived in as its raw, and serializes a record that has none", async () => {
    // The text wins where the two differ: it is what arrived (the parser sets both from one source).
    const kept = event("k1", "2024-05-01T00:00:00Z", { raw: { eventID: "k1" }, rawText: '{ "eventID": "k1",  "n": 1e2, "nested": {"b": [1, "x"]} }' });
    const serialized = event("k2", "2024-05-01T00:00:01Z", { raw: { eventID: "k2", note: "nul \u0000 here" } });
    expect(await storeEvents(db.prisma, [kept, serialized])).toMatchObject({ stored: 2 });
    const rows = await db.prisma.event.findMany({ select: { raw: true }, orderBy: { providerEventId: "asc" } });
    expect(rows.map((r) => r.raw)).toEqual([{ eventID: "k1", n: 100, nested: { b: [1, "x"] } }, { eventID: "k2", note: "nul \ufffd here" }]);
  });

  it("keeps principal counts and first/last seen exact when batches over the same principals commit concurrently", async () => {
    // Each batch creates and updates the same principals; the transactions overlap in every order.
    const keys = ["arn:aws:iam::111122223333:role/A", "arn:aws:iam::111122223333:role/B", "arn:aws:iam::111122223333:role/C"];
    const batches = Array.from({ length: 8 }, (_b, b) =>
      Array.from({ length: 60 }, (_e, i) => event(`c-${b}-${i}`, new Date(Date.UTC(2024, 4, 1 + b, 0, i)).toISOString(), { principalKey: keys[(i + b) % (b % 2 ? 2 : 3)] })),
    );
    const results = await Promise.all(batches.map((batch) => storeEvents(db.prisma, batch)));
    expect(results.reduce((n, r) => n + r.stored, 0)).toBe(480);
    const expected = new Map<string, { n: number; first: number; last: number }>();
    for (const e of batches.flat()) {
      const x = expected.get(e.principalKey) ?? { n: 0, first: Infinity, last: -Infinity };
      expected.set(e.principalKey, { n: x.n + 1, first: Math.min(x.first, e.eventTime.getTime()), last: Math.max(x.last, e.eventTime.getTime()) });
    }
    const principals = await db.prisma.principal.findMany({ orderBy: { key: "asc" } });
    expect(principals.map((p) => [p.key, Number(p.eventCount), p.firstSeenAt.getTime(), p.lastSeenAt.getTime()])).toEqual(
      keys.map((k) => [k, expected.get(k)!.n, expected.get(k)!.first, expected.get(k)!.last]),
    );
    // Stored again, concurrently: nothing is added and no count moves.
    const again = await Promise.all(batches.map((batch) => storeEvents(db.prisma, batch)));
    expect(again.reduce((n, r) => n + r.duplicates, 0)).toBe(480);
    expect((await db.prisma.principal.findMany({ orderBy: { key: "asc" } })).map((p) => Number(p.eventCount))).toEqual(keys.map((k) => expected.get(k)!.n));
  });

  it("joins the caller's transaction, so a rollback takes the events with it", async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        const r = await storeEvents(tx, [event("t1", "2024-05-01T00:00:00Z")]);
        expect(r.stored).toBe(1);
        throw new Error("checkpoint write failed");
      }),
    ).rejects.toThrow("checkpoint write failed");
    expect(await db.prisma.event.count()).toBe(0);
    expect(await storeEvents(db.prisma, [])).toEqual({ stored: 0, duplicates: 0, insertedIds: [], updated: 0, timeFrom: null, timeTo: null });
  });
});
