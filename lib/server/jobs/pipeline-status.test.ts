// The Jobs page's figures on a real PostgreSQL with a real pg-boss: finished jobs stay visible
// (they leave the queue counts at once), and the scoring lag agrees with the events waiting.
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { getPipelineStatus } from "./pipeline-status";

let db: TestDatabase;
let boss: PgBoss;

beforeAll(async () => {
  db = await createTestDatabase();
  boss = new PgBoss({ connectionString: db.url, max: 2, schedule: false, supervise: false });
  boss.on("error", () => undefined);
  await boss.start();
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true, wait: true });
  await db?.drop();
});

describe("getPipelineStatus", () => {
  it("lists a queue and its finished jobs after they ran, not \"no jobs\"", async () => {
    await boss.createQueue("retention");
    const id = await boss.send("retention", {});
    const [job] = await boss.fetch("retention");
    expect(job.id).toBe(id);
    await boss.complete("retention", job.id, { deleted: 0 });
    const s = await getPipelineStatus(db.prisma);
    expect(s.queues).toEqual([{ name: "retention", queued: 0, active: 0, retrying: 0, failed: 0, completedDay: 1, lastCompletedAt: expect.any(String) }]);
    expect(s.recentJobs).toMatchObject([{ id, name: "retention", state: "completed" }]);
  });

  it("measures the lag of the events waiting for the first model by when they were received", async () => {
    const account = await db.prisma.cloudAccount.create({ data: { provider: "aws", externalId: "111111111111", displayName: "A" } });
    const principal = await db.prisma.principal.create({ data: { accountId: account.id, key: "k", type: "IAMUser", displayName: "k", firstSeenAt: new Date(), lastSeenAt: new Date() } });
    for (const [i, minutesAgo] of [10, 5].entries()) {
      await db.prisma.event.create({
        data: {
          accountId: account.id, principalId: principal.id, provider: "aws", providerEventId: `e${i}`, eventTime: new Date(Date.UTC(2024, 0, 1)),
          ingestedAt: new Date(Date.now() - minutesAgo * 60_000), action: "s3.amazonaws.com:GetObject", service: "s3", outcome: "success", userAgentFamily: "sdk", raw: {},
        },
      });
    }
    const s = await getPipelineStatus(db.prisma);
    expect(s.modelVersionId).toBeNull();
    expect(s.backlog).toBe(2);
    // Ten minutes since the oldest waiting event arrived; not 0 s, and not the two years since it happened.
    expect(s.lagSeconds).toBeGreaterThanOrEqual(599);
    expect(s.lagSeconds).toBeLessThan(3600);
  });
});
