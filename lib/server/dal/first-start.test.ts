// The first-start banner's state against a real PostgreSQL, step by step as `npm start` goes:
// seeding, importing, waiting for the worker, training, scoring, done — and done stays done.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { DEMO_PROGRESS_KEY } from "@/lib/server/demo/progress";
import { getFirstStart } from "./first-start";

let db: TestDatabase;
let clock = Date.now();
/** Each read past the 3 s shared cache. */
const read = () => getFirstStart(db.prisma, (clock += 10_000));
const setSetting = (key: string, value: object) => db.prisma.setting.upsert({ where: { key }, create: { key, value }, update: { value } });

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

async function addEvents(accountId: string, principalId: bigint, ids: string[]) {
  for (const id of ids) {
    await db.prisma.event.create({
      data: { accountId, principalId, provider: "aws", providerEventId: id, eventTime: new Date(), action: "s3.amazonaws.com:GetObject", service: "s3", outcome: "success", userAgentFamily: "sdk", raw: {} },
    });
  }
}

describe("first-start banner state", () => {
  it("says nothing on an instance without a demo", async () => {
    expect(await read()).toEqual({ phase: "done" });
  });

  it("follows the demo from generation to the first scoring pass, then stays quiet", async () => {
    await setSetting(DEMO_PROGRESS_KEY, { phase: "generating", day: 3, days: 14 });
    expect(await read()).toEqual({ phase: "generating", day: 3, days: 14 });

    await setSetting(DEMO_PROGRESS_KEY, { phase: "importing", events: 3 });
    await db.prisma.importRun.create({ data: { source: "demo", stored: 2 } });
    expect(await read()).toEqual({ phase: "importing", stored: 2, events: 3 });

    const account = await db.prisma.cloudAccount.create({ data: { provider: "aws", externalId: "111111111111", displayName: "Demo", isDemo: true, status: "active" } });
    const principal = await db.prisma.principal.create({ data: { accountId: account.id, key: "arn:aws:iam::111111111111:user/zoe", type: "IAMUser", displayName: "zoe", firstSeenAt: new Date(), lastSeenAt: new Date() } });
    await addEvents(account.id, principal.id, ["e1", "e2", "e3"]);
    await setSetting("demo", { seededAt: new Date().toISOString() });
    expect(await read()).toEqual({ phase: "starting-worker" });

    const training = await db.prisma.modelVersion.create({ data: { version: 1, status: "training", architecture: "test", metrics: { progress: 0.25, epoch: 1, epochs: 4 } } });
    expect(await read()).toEqual({ phase: "training", version: 1, progress: 0.25, epoch: 1, epochs: 4 });

    await db.prisma.modelVersion.update({ where: { id: training.id }, data: { status: "active", promotedAt: new Date() } });
    const events = await db.prisma.event.findMany({ orderBy: { id: "asc" }, select: { id: true } });
    await db.prisma.score.create({ data: { eventId: events[0].id, modelVersionId: training.id, score: 1, probability: 0.5, rank: 1 } });
    expect(await read()).toEqual({ phase: "scoring", left: 2, events: 3 });

    await db.prisma.score.createMany({ data: events.slice(1).map((e) => ({ eventId: e.id, modelVersionId: training.id, score: 1, probability: 0.5, rank: 1 })) });
    expect(await read()).toEqual({ phase: "done" });
    expect(await db.prisma.setting.findUnique({ where: { key: DEMO_PROGRESS_KEY } })).toBeNull();

    // New events waiting later are the Jobs page's business, not a first start.
    await addEvents(account.id, principal.id, ["e4"]);
    expect(await read()).toEqual({ phase: "done" });
  });
});
