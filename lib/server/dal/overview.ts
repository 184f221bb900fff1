import "server-only";
// The overview's figures for one time range (issue 7). Every query is bounded by the range on an
// indexed time column; the score histogram and the lag read the most recent rows only, so a
// 30-day range over millions of events costs the same as a day. Alerts are placed by when their
// events happened (first_event_at), not when the detector raised them: a backfill scored today
// raises alerts about last week (issue 17).
import type { TPrisma } from "@/lib/server/db/client";
import { checkpointKey, SHARDS } from "@/lib/server/scoring/checkpoint";
import { getActiveModelVersionId } from "./events";
import { getAttackCounts } from "./overview-attack";

// A lateral probe per event: a plain join makes the planner hash all of `scores` (seconds at 5 M rows).
const SCORE_SAMPLE = 20_000;
const SCORE_MAX_BIN = 30;
const LAG_SAMPLE_PER_ACCOUNT = 1000;
export const BACKLOG_CAP = 100_000;

export interface OverviewInput {
  from: Date;
  to: Date;
  bucket: "hour" | "day";
}

async function eventSeries(db: TPrisma, r: OverviewInput) {
  const rows = await db.$queryRaw<Array<{ bucket: Date; provider: string; accountId: string; count: bigint }>>`
    SELECT bucket, provider::text AS provider, account_id::text AS "accountId", count FROM (
      -- Grouped on the raw columns (a hash aggregate over the index-only scan); cast afterwards.
      SELECT date_trunc(${r.bucket}, event_time) AS bucket, provider, account_id, count(*) AS count
      FROM events WHERE event_time >= ${r.from} AND event_time < ${r.to}
      GROUP BY 1, 2, 3
    ) g ORDER BY 1`;
  return rows.map((x) => ({ bucket: x.bucket.toISOString(), provider: x.provider, accountId: x.accountId, count: Number(x.count) }));
}

async function alertSeries(db: TPrisma, r: OverviewInput) {
  const rows = await db.$queryRaw<Array<{ bucket: Date; severity: string; status: string; count: bigint }>>`
    SELECT date_trunc('day', first_event_at) AS bucket, severity::text AS severity, status::text AS status, count(*) AS count
    FROM alerts WHERE first_event_at >= ${r.from} AND first_event_at < ${r.to}
    GROUP BY 1, 2, 3 ORDER BY 1`;
  return rows.map((x) => ({ bucket: x.bucket.toISOString(), severity: x.severity, status: x.status, count: Number(x.count) }));
}

/** Scores of the most recent events in the range, counted per whole nat (scores ≥ 30 in the last bin). */
async function scoreHistogram(db: TPrisma, r: OverviewInput, modelVersionId: number | null) {
  if (modelVersionId === null) return [];
  const rows = await db.$queryRaw<Array<{ bin: number; count: bigint; anomalous: bigint }>>`
    SELECT least(floor(s.score), ${SCORE_MAX_BIN})::int AS bin, count(*) AS count, count(*) FILTER (WHERE s.is_anomalous) AS anomalous FROM (
      SELECT id FROM events WHERE event_time >= ${r.from} AND event_time < ${r.to} ORDER BY event_time DESC LIMIT ${SCORE_SAMPLE}
    ) e CROSS JOIN LATERAL (SELECT score, is_anomalous FROM scores WHERE event_id = e.id AND model_version_id = ${modelVersionId}) s
    GROUP BY 1 ORDER BY 1`;
  return rows.map((x) => ({ bin: x.bin, count: Number(x.count), anomalous: Number(x.anomalous) }));
}

async function topPrincipals(db: TPrisma, r: OverviewInput) {
  const rows = await db.$queryRaw<Array<{ id: bigint; displayName: string; key: string; alerts: bigint; maxScore: number; open: bigint }>>`
    SELECT p.id, p.display_name AS "displayName", p.key, t.alerts, t."maxScore", t.open FROM (
      SELECT principal_id, count(*) AS alerts, max(score) AS "maxScore", count(*) FILTER (WHERE status <> 'closed') AS open
      FROM alerts WHERE first_event_at >= ${r.from} AND first_event_at < ${r.to}
      GROUP BY principal_id ORDER BY max(score) DESC LIMIT 10
    ) t JOIN principals p ON p.id = t.principal_id ORDER BY t."maxScore" DESC`;
  return rows.map((x) => ({ id: x.id.toString(), displayName: x.displayName, key: x.key, alerts: Number(x.alerts), open: Number(x.open), maxScore: x.maxScore }));
}

/**
 * Per account: how long since it last delivered anything, measured from the newest event *received*
 * (ingested_at) or the last successful poll, whichever is later. Event time would make an import of
 * old logs look years behind ("Lag 855 d"). The newest received event is taken among the account's
 * LAG_SAMPLE_PER_ACCOUNT newest events by event time (an index range), which holds for a poller
 * (new events are received in time order) and for an import (all received together).
 * Accounts without credentials that came from a file import (or the demo) have nothing to poll:
 * `isImportOnly`, shown as "imported" rather than as a lag.
 */
async function ingestion(db: TPrisma, modelVersionId: number | null) {
  const rows = await db.$queryRaw<Array<{ id: string; displayName: string; provider: string; status: string; lastPolledAt: Date | null; receivedAt: Date | null; lagSeconds: number | null; isImportOnly: boolean }>>`
    SELECT a.id::text AS id, a.display_name AS "displayName", a.provider::text AS provider, a.status::text AS status, a.last_polled_at AS "lastPolledAt",
           l."receivedAt", extract(epoch FROM now() - greatest(l."receivedAt", a.last_polled_at))::float8 AS "lagSeconds",
           (a.encrypted_credentials IS NULL AND (a.is_demo OR a.config->>'source' = 'file')) AS "isImportOnly"
    FROM cloud_accounts a LEFT JOIN LATERAL (
      SELECT max(ingested_at) AS "receivedAt"
      FROM (SELECT ingested_at FROM events WHERE account_id = a.id ORDER BY event_time DESC LIMIT ${LAG_SAMPLE_PER_ACCOUNT}) x
    ) l ON true ORDER BY a.display_name`;
  const backlog = modelVersionId === null ? [] : await scoringBacklog(db, modelVersionId);
  const backlogBy = new Map(backlog.map((b) => [b.accountId, Number(b.count)]));
  return rows.map((x) => ({ ...x, backlog: modelVersionId === null ? null : (backlogBy.get(x.id) ?? 0) }));
}

/**
 * Events the active model has not scored yet, per account: those above their shard's scoring
 * checkpoint (lib/server/scoring/checkpoint.ts). Counted up to BACKLOG_CAP rows so a model that
 * is far behind costs a bounded scan; the UI shows the cap as "cap+".
 */
async function scoringBacklog(db: TPrisma, modelVersionId: number) {
  const keys = Array.from({ length: SHARDS }, (_, s) => checkpointKey(modelVersionId, s));
  const rows = await db.setting.findMany({ where: { key: { in: keys } }, select: { key: true, value: true } });
  const byKey = new Map(rows.map((r) => [r.key, BigInt(String((r.value as { eventId?: string }).eventId ?? "0"))]));
  const positions = keys.map((k) => byKey.get(k) ?? 0n);
  const min = positions.reduce((a, b) => (b < a ? b : a));
  return db.$queryRaw<Array<{ accountId: string; count: bigint }>>`
    SELECT account_id::text AS "accountId", count(*) AS count FROM (
      SELECT account_id FROM events
      WHERE id > ${min} AND NOT is_own AND id > (${positions}::bigint[])[(principal_id % ${SHARDS}) + 1]
      ORDER BY id LIMIT ${BACKLOG_CAP}
    ) x GROUP BY 1`;
}

async function activeModel(db: TPrisma) {
  return db.modelVersion.findFirst({
    where: { status: "active" },
    orderBy: { promotedAt: "desc" },
    select: { id: true, version: true, architecture: true, backend: true, metrics: true, trainFrom: true, trainTo: true, trainEvents: true, createdAt: true, promotedAt: true },
  });
}

const CACHE_TTL_MS = 30_000;
type TOverviewResult = Awaited<ReturnType<typeof computeOverview>>;
const cache = new Map<string, { at: number; value: Promise<TOverviewResult> }>();

/**
 * The overview is the same for every user, and the range ends on a whole minute: one computation
 * per range per 30 s, shared by concurrent requests (single flight), instead of one per viewer.
 */
export function getOverview(db: TPrisma, r: OverviewInput, now = Date.now()): Promise<TOverviewResult> {
  const key = `${r.from.toISOString()}|${r.to.toISOString()}|${r.bucket}`;
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_TTL_MS) return hit.value;
  for (const [k, v] of cache) if (now - v.at >= CACHE_TTL_MS) cache.delete(k);
  const value = computeOverview(db, r);
  cache.set(key, { at: now, value });
  value.catch(() => cache.delete(key));
  return value;
}

export async function computeOverview(db: TPrisma, r: OverviewInput) {
  const modelVersionId = await getActiveModelVersionId(db);
  const [events, alerts, scores, principals, accounts, model, attack] = await Promise.all([
    eventSeries(db, r),
    alertSeries(db, r),
    scoreHistogram(db, r, modelVersionId),
    topPrincipals(db, r),
    ingestion(db, modelVersionId),
    activeModel(db),
    getAttackCounts(db, r),
  ]);
  return { range: { from: r.from.toISOString(), to: r.to.toISOString(), bucket: r.bucket }, events, alerts, scores, scoreSampleLimit: SCORE_SAMPLE, scoreMaxBin: SCORE_MAX_BIN, principals, accounts, model, attack, backlogCap: BACKLOG_CAP };
}
