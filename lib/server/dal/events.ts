import "server-only";
// Events for the alert timeline and the event explorer. The timeline reads the principal's
// events on both sides of an anchor with two index range scans on (principal_id, event_time, id),
// so its cost depends on the window's limit, not on how many events the principal has.
import type { TPrisma } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { decodeKeysetCursor, encodeCursor } from "@/lib/shared/cursor";
import type { TEventListQuery, TTimelineQuery } from "@/lib/shared/events";
import { parseExplanation } from "@/lib/shared/explanation";
import { escapeLike, principalTextFilter } from "./text-match";

export interface TimelineEvent {
  id: string;
  eventTime: Date;
  action: string;
  outcome: string;
  errorCode: string | null;
  region: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  score: number | null;
  probability: number | null;
  rank: number | null;
  isAnomalous: boolean;
  isFlagged: boolean;
}

interface TimelineRow extends Omit<TimelineEvent, "id" | "isFlagged" | "isAnomalous"> {
  id: bigint;
  isAnomalous: boolean | null;
}

export async function getActiveModelVersionId(db: TPrisma): Promise<number | null> {
  const active = await db.modelVersion.findFirst({ where: { status: "active" }, orderBy: { promotedAt: "desc" }, select: { id: true } });
  return active?.id ?? null;
}

async function timelineSide(db: TPrisma, principalId: bigint, modelVersionId: number, from: Date, to: Date, dir: "before" | "after", limit: number) {
  // Two statements rather than one with a CASE so each is a plain range scan in index order.
  if (dir === "before") {
    return db.$queryRaw<TimelineRow[]>`
      SELECT e.id, e.event_time AS "eventTime", e.action, e.outcome, e.error_code AS "errorCode", e.region, e.source_ip AS "sourceIp",
             e.user_agent AS "userAgent", s.score, s.probability, s.rank, s.is_anomalous AS "isAnomalous"
      FROM events e LEFT JOIN scores s ON s.event_id = e.id AND s.model_version_id = ${modelVersionId}
      WHERE e.principal_id = ${principalId} AND e.event_time >= ${from} AND e.event_time < ${to}
      ORDER BY e.event_time DESC, e.id DESC LIMIT ${limit}`;
  }
  return db.$queryRaw<TimelineRow[]>`
    SELECT e.id, e.event_time AS "eventTime", e.action, e.outcome, e.error_code AS "errorCode", e.region, e.source_ip AS "sourceIp",
           e.user_agent AS "userAgent", s.score, s.probability, s.rank, s.is_anomalous AS "isAnomalous"
    FROM events e LEFT JOIN scores s ON s.event_id = e.id AND s.model_version_id = ${modelVersionId}
    WHERE e.principal_id = ${principalId} AND e.event_time >= ${from} AND e.event_time <= ${to}
    ORDER BY e.event_time ASC, e.id ASC LIMIT ${limit}`;
}

/**
 * The principal's events from `anchor - before` to `anchorEnd + after`, at most `limit`, split
 * evenly around the anchor so a busy principal still shows both sides.
 */
export async function getTimeline(
  db: TPrisma,
  opts: { principalId: bigint; anchor: Date; anchorEnd?: Date; beforeMin: number; afterMin: number; limit: number; modelVersionId: number | null; flagged: Set<string> },
) {
  const mv = opts.modelVersionId ?? -1;
  const from = new Date(opts.anchor.getTime() - opts.beforeMin * 60_000);
  const end = opts.anchorEnd ?? opts.anchor;
  const to = new Date(end.getTime() + opts.afterMin * 60_000);
  const half = Math.ceil(opts.limit / 2);
  const [before, after] = await Promise.all([
    timelineSide(db, opts.principalId, mv, from, opts.anchor, "before", half),
    timelineSide(db, opts.principalId, mv, opts.anchor, to, "after", opts.limit - half + 1),
  ]);
  const rows = [...before.reverse(), ...after];
  const events: TimelineEvent[] = rows.map((r) => ({ ...r, id: r.id.toString(), isAnomalous: r.isAnomalous ?? false, isFlagged: opts.flagged.has(r.id.toString()) }));
  return {
    from,
    to,
    events,
    isTruncatedBefore: before.length === half,
    isTruncatedAfter: after.length === opts.limit - half + 1,
  };
}

export async function getEvent(db: TPrisma, id: bigint) {
  const event = await db.event.findUnique({
    where: { id },
    select: {
      id: true, provider: true, providerEventId: true, eventTime: true, ingestedAt: true, region: true, action: true, service: true, category: true,
      outcome: true, errorCode: true, readOnly: true, mfaUsed: true, sessionName: true, sourceIp: true, userAgent: true, userAgentFamily: true, resources: true, raw: true,
      principal: { select: { id: true, key: true, displayName: true, type: true } },
      account: { select: { id: true, displayName: true, provider: true, externalId: true } },
      scores: { orderBy: { modelVersionId: "desc" }, take: 5, select: { modelVersionId: true, score: true, probability: true, rank: true, isAnomalous: true, explanation: true } },
      alertLinks: { take: 20, select: { alert: { select: { id: true, title: true } } } },
    },
  });
  if (!event) throw new AppError("not_found", "No such event");
  const { scores, alertLinks, ...rest } = event;
  return { ...rest, scores: scores.map((s) => ({ ...s, explanation: parseExplanation(s.explanation) })), alerts: alertLinks.map((l) => l.alert) };
}

export async function searchEvents(db: TPrisma, q: TEventListQuery) {
  const cursor = q.cursor ? decodeKeysetCursor(q.cursor, "date", "int8") : null;
  if (q.cursor && !cursor) throw new AppError("bad_request", "Invalid query", [{ path: "cursor", message: "is not a cursor this server issued" }]);
  let principalIds: bigint[] | undefined;
  if (q.principalId) principalIds = [q.principalId];
  else if (q.principal) {
    // Resolve the principal text first: a join on 5 M events with ILIKE would scan them all.
    const ps = await db.principal.findMany({
      where: principalTextFilter(q.principal),
      take: 100,
      select: { id: true },
    });
    principalIds = ps.map((p) => p.id);
  }
  const keyset = cursor
    ? { OR: [{ eventTime: { lt: cursor.key } }, { eventTime: cursor.key, id: { lt: cursor.id } }] }
    : {};
  const rows = await db.event.findMany({
    where: {
      AND: [
        principalIds ? { principalId: { in: principalIds } } : {},
        // A substring, matched literally (issue 17): "CreateAccessKey" finds iam.amazonaws.com:CreateAccessKey.
        q.action ? { action: { contains: escapeLike(q.action), mode: "insensitive" as const } } : {},
        q.accountId ? { accountId: q.accountId } : {},
        q.sourceIp ? { sourceIp: q.sourceIp } : {},
        q.outcome ? { outcome: q.outcome } : {},
        q.from ? { eventTime: { gte: q.from } } : {},
        q.to ? { eventTime: { lt: q.to } } : {},
        keyset,
      ],
    },
    orderBy: [{ eventTime: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    select: {
      id: true, eventTime: true, action: true, outcome: true, errorCode: true, region: true, sourceIp: true, userAgent: true, provider: true,
      principal: { select: { id: true, displayName: true } },
      account: { select: { id: true, displayName: true } },
    },
  });
  const hasMore = rows.length > q.limit;
  const page = hasMore ? rows.slice(0, q.limit) : rows;
  const items = await withScores(db, page);
  const last = items[items.length - 1];
  return { items, nextCursor: hasMore && last ? encodeCursor([last.eventTime.toISOString(), last.id.toString()]) : null };
}

/** Each event's score under the active model (null when it has none or is not scored yet). */
async function withScores<T extends { id: bigint }>(db: TPrisma, rows: T[]): Promise<Array<T & { score: number | null }>> {
  const modelVersionId = rows.length ? await getActiveModelVersionId(db) : null;
  if (modelVersionId === null) return rows.map((r) => ({ ...r, score: null }));
  const scores = await db.score.findMany({ where: { modelVersionId, eventId: { in: rows.map((r) => r.id) } }, select: { eventId: true, score: true } });
  const byId = new Map(scores.map((s) => [s.eventId, s.score]));
  return rows.map((r) => ({ ...r, score: byId.get(r.id) ?? null }));
}

/** A route's [id] segment as an event id (bigint); anything else is "no such event". */
export function parseEventId(raw: string | undefined): bigint {
  if (!raw || !/^\d{1,19}$/.test(raw) || BigInt(raw) > 9_223_372_036_854_775_807n) throw new AppError("not_found", "No such event");
  return BigInt(raw);
}

/** The principal's events around an alert: its first to last event, widened by the window. */
export async function getAlertTimeline(db: TPrisma, alertId: number, q: TTimelineQuery) {
  const alert = await db.alert.findUnique({
    where: { id: alertId },
    select: { principalId: true, firstEventAt: true, lastEventAt: true, modelVersionId: true, events: { take: 1000, select: { eventId: true } } },
  });
  if (!alert) throw new AppError("not_found", "No such alert");
  const flagged = new Set(alert.events.map((e) => e.eventId.toString()));
  const modelVersionId = alert.modelVersionId ?? (await getActiveModelVersionId(db));
  const t = await getTimeline(db, { principalId: alert.principalId, anchor: alert.firstEventAt, anchorEnd: alert.lastEventAt, beforeMin: q.before, afterMin: q.after, limit: q.limit, modelVersionId, flagged });
  return { ...t, anchorFrom: alert.firstEventAt, anchorTo: alert.lastEventAt };
}

/** Any event on its principal's timeline (the event explorer's "open on timeline"). */
export async function getEventTimeline(db: TPrisma, eventId: bigint, q: TTimelineQuery) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { principalId: true, eventTime: true } });
  if (!event) throw new AppError("not_found", "No such event");
  const modelVersionId = await getActiveModelVersionId(db);
  const t = await getTimeline(db, { principalId: event.principalId, anchor: event.eventTime, beforeMin: q.before, afterMin: q.after, limit: q.limit, modelVersionId, flagged: new Set([eventId.toString()]) });
  return { ...t, anchorFrom: event.eventTime, anchorTo: event.eventTime };
}
