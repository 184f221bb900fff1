// Audit coverage (issue 17) on a real PostgreSQL: every admin change, import, export and the
// worker's own training and promotion write an audit row naming who did it ("system" for the
// worker and the first-start demo). Route handlers run with a forged session, as in test/authz.
import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { initBackend } from "@/ml/backend";
import { generateSyntheticEvents } from "@/ml/data/synthetic";
import { fitModel } from "@/ml/model/version";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { DATASETS_DIR } from "@/test/helpers/datasets";
import { importFiles } from "@/lib/server/ingest/import-files";
import { createTrainingRow, failTraining, finishTraining, storeFoldModel } from "@/lib/server/scoring/model-store";
import { createAccount, recordTestResult, removeAccount, updateAccount } from "./accounts";
import type { AuditActor } from "./audit";
import { listModelVersions, promoteModelVersion, rollbackModel } from "./models";
import { createChannel, deleteChannel, updateChannel } from "./notifications";
import { createSession } from "./sessions";
import { createSuppressionRule, deleteSuppressionRule, updateSuppressionRule } from "./suppression-rules";
import { adminCreateUser, createUser, ensureFirstAdmin, updateUser } from "./users";
import { mockSession } from "@/test/helpers/auth-mock";

vi.mock("@/lib/server/auth/auth", () => import("@/test/helpers/auth-mock"));

let db: TestDatabase;
let pool: pg.Pool;
const actor: AuditActor = { id: null, email: "admin@audit.test", ip: "10.0.0.9", userAgent: "vitest" };
const FIXTURE = path.join(DATASETS_DIR, "aws/fixtures/cloudtrail2sightings/aws.defense-evasion.cloudtrail-delete.json");

beforeAll(async () => {
  process.env.TRAILWATCH_SECRET_KEY ??= crypto.randomBytes(32).toString("hex");
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  pool.on("error", () => undefined);
  (globalThis as unknown as { trailwatchPrisma: unknown }).trailwatchPrisma = db.prisma;
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

/** The entries written since `since` (an audit row id), oldest first. */
async function entriesAfter(since: bigint) {
  return db.prisma.auditLog.findMany({ where: { id: { gt: since } }, orderBy: { id: "asc" }, select: { action: true, actorEmail: true, targetId: true, details: true } });
}

async function lastId(): Promise<bigint> {
  return (await db.prisma.auditLog.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0n;
}

describe("audit coverage", () => {
  it("records an import's start and finish with its counts, by the system unless someone is named", async () => {
    const before = await lastId();
    const result = await importFiles(db.prisma, [FIXTURE], { source: "demo" });
    const rows = await entriesAfter(before);
    expect(rows.map((r) => [r.action, r.actorEmail, r.targetId])).toEqual([
      ["import.start", "system", String(result.importRunId)],
      ["import.finish", "system", String(result.importRunId)],
    ]);
    expect(rows[1].details).toMatchObject({ files: 1, stored: result.stored, duplicates: 0, rejected: result.rejected });
    expect(result.stored).toBeGreaterThan(0);

    const again = await lastId();
    await importFiles(db.prisma, [FIXTURE], { actor });
    expect((await entriesAfter(again)).map((r) => [r.action, r.actorEmail, (r.details as { duplicates?: number }).duplicates ?? null])).toEqual([
      ["import.start", actor.email, null],
      ["import.finish", actor.email, result.stored],
    ]);
  });

  it("records the worker's training and its own promotion as the system, in the same transaction", async () => {
    await initBackend({ prefer: "wasm", log: () => undefined });
    const events = generateSyntheticEvents({ principals: 4, eventsPerPrincipal: 80, actions: 20 });
    const version = await fitModel(events, { epochs: 1, config: { hidden: 16 } });
    const before = await lastId();

    const first = await createTrainingRow(pool, version.config.encoder, version.config);
    await finishTraining(pool, first, version, { promote: true, comparison: null });
    const fold = await storeFoldModel(pool, version);
    const second = await createTrainingRow(pool, version.config.encoder, version.config);
    await finishTraining(pool, second, version, { promote: false, comparison: null });
    const failed = await createTrainingRow(pool, version.config.encoder, version.config);
    await failTraining(pool, failed, "out of memory");
    version.model.dispose();

    const rows = await entriesAfter(before);
    expect(rows.map((r) => [r.action, r.actorEmail, r.targetId])).toEqual([
      ["model.train", "system", String(first)],
      ["model.promote", "system", String(first)],
      ["model.train", "system", String(second)],
      ["model.train_fail", "system", String(failed)],
    ]);
    expect(rows[1].details).toMatchObject({ automatic: true, previous: [] });
    expect(rows.some((r) => r.targetId === String(fold))).toBe(false);
  }, 120_000);

  it("records an admin's promotion and rollback, and refuses a cross-fit fold model", async () => {
    const [active, fold] = await Promise.all([
      db.prisma.modelVersion.findFirstOrThrow({ where: { status: "active" }, select: { id: true, version: true } }),
      db.prisma.modelVersion.findFirstOrThrow({ where: { metrics: { path: ["crossFitFold"], equals: 1 } }, select: { id: true, version: true } }),
    ]);
    // The parent names its fold in its metadata (ml/cross-fit.ts, retrain.ts).
    await pool.query(`UPDATE model_versions SET metadata = jsonb_set(metadata, '{crossFit}', jsonb_build_object('siblingVersionId', $2::int)) WHERE id = $1`, [active.id, fold.id]);
    expect((await listModelVersions(db.prisma)).find((v) => v.id === fold.id)?.foldOf).toBe(active.version);

    // A fold promoted in the past (before this check existed) is not a rollback target either.
    await db.prisma.modelVersion.update({ where: { id: fold.id }, data: { promotedAt: new Date(Date.now() + 60_000) } });
    const snapshot = await db.prisma.modelVersion.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, promotedAt: true } });
    const before = await lastId();
    await expect(promoteModelVersion(db.prisma, actor, fold.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(rollbackModel(db.prisma, actor)).rejects.toMatchObject({ code: "conflict" });
    expect(await db.prisma.modelVersion.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, promotedAt: true } })).toEqual(snapshot);
    expect(await entriesAfter(before)).toEqual([]);

    const shadow = await db.prisma.modelVersion.findFirstOrThrow({ where: { status: "shadow" }, select: { id: true } });
    await promoteModelVersion(db.prisma, actor, shadow.id);
    await rollbackModel(db.prisma, actor);
    expect((await entriesAfter(before)).map((r) => [r.action, r.actorEmail, r.targetId])).toEqual([
      ["model.promote", actor.email, String(shadow.id)],
      ["model.rollback", actor.email, String(active.id)],
    ]);
  });

  it("records account, user, notification channel and suppression rule changes", async () => {
    const before = await lastId();
    const account = await createAccount(db.prisma, actor, { provider: "aws", externalId: "123456789012", displayName: "Audit", config: { regions: ["us-east-1"] } }, undefined);
    await updateAccount(db.prisma, actor, account.id, { displayName: "Audit 2" });
    await recordTestResult(db.prisma, actor, account.id, false, "Cannot reach AWS (network/DNS)");
    await removeAccount(db.prisma, actor, account.id, false);
    const { user } = await adminCreateUser(db.prisma, actor, { email: "new@audit.test", role: "viewer" });
    await updateUser(db.prisma, actor, user.id, { role: "analyst" });
    await updateUser(db.prisma, actor, user.id, { disabled: true });
    const channel = await createChannel(db.prisma, actor, { name: "hook", url: "https://hooks.example.test/x", secret: "s".repeat(16), format: "json", minSeverity: "high", enabled: true }, null);
    await updateChannel(db.prisma, actor, channel.id, { minSeverity: "critical" });
    await deleteChannel(db.prisma, actor, channel.id);
    const rule = await createSuppressionRule(db.prisma, actor, { action: "s3.amazonaws.com:GetObject", reason: "noise", expiresAt: new Date(Date.now() + 86_400_000) });
    await updateSuppressionRule(db.prisma, actor, rule.id, { enabled: false });
    await deleteSuppressionRule(db.prisma, actor, rule.id);
    const rows = await entriesAfter(before);
    expect(rows.map((r) => r.action)).toEqual([
      "account.create", "account.update", "account.test", "account.remove",
      "user.create", "user.update", "user.update",
      "notification.channel.create", "notification.channel.update", "notification.channel.delete",
      "suppression.create", expect.stringMatching(/^suppression\./), "suppression.delete",
    ]);
    expect(rows.every((r) => r.actorEmail === actor.email)).toBe(true);
    expect(rows[5].details).toMatchObject({ changes: { role: { from: "viewer", to: "analyst" } } });
    expect(rows[6].details).toMatchObject({ changes: { disabled: { from: false, to: true } } });
  });

  it("records the first admin made at first start as the system's doing", async () => {
    await db.prisma.user.updateMany({ where: { role: "admin" }, data: { role: "viewer" } });
    const before = await lastId();
    await ensureFirstAdmin(db.prisma, { email: "first@audit.test", password: "first-admin-password" });
    expect((await entriesAfter(before)).map((r) => [r.action, r.actorEmail])).toEqual([["user.create", "system"]]);
  });

  it("records exports and uploads made through the API with the signed-in user", async () => {
    const admin = await createUser(db.prisma, { email: "exporter@audit.test", password: "exporter-password-1", role: "admin" });
    const sessionId = await createSession(db.prisma, admin.id, { ip: "127.0.0.1", userAgent: "vitest" });
    mockSession.current = { user: { id: admin.id }, sessionId, expires: new Date(Date.now() + 3_600_000).toISOString() };
    const headers = { host: "localhost:3000", origin: "http://localhost:3000" };
    const before = await lastId();
    const alerts = await import("@/app/api/alerts/export/route");
    const events = await import("@/app/api/events/export/route");
    for (const [route, url] of [[alerts, "/api/alerts/export?format=csv"], [events, "/api/events/export?format=jsonl"]] as const) {
      const res = await route.GET(new NextRequest(`http://localhost:3000${url}`, { headers }), { params: Promise.resolve({}) });
      expect(res.status).toBe(200);
      await res.text();
    }
    const form = new FormData();
    form.append("files", new File([await (await import("node:fs/promises")).readFile(FIXTURE)], "trail.json"));
    const upload = await import("@/app/api/admin/imports/route");
    const res = await upload.POST(new NextRequest("http://localhost:3000/api/admin/imports", { method: "POST", headers, body: form }), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect((await entriesAfter(before)).map((r) => [r.action, r.actorEmail])).toEqual([
      ["alerts.export", admin.email],
      ["events.export", admin.email],
      ["import.start", admin.email],
      ["import.finish", admin.email],
    ]);
    mockSession.current = null;
  });
});
