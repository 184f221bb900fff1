import "server-only";
// The principal page: who it is, how it normally behaves, whether the model has learned it yet.
import type { TPrisma } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { ALERT_LIST_SELECT } from "./alerts";
import { principalTextFilter } from "./text-match";

/** Events a principal needs before its own history is trusted; below it, peers stand in (DOMAIN.md §4). */
export const LEARNING_MIN_EVENTS = 200;
const DAY_MS = 86_400_000;

export function learningState(p: { eventCount: bigint; firstSeenAt: Date }, accountLearningUntil: Date | null, now = new Date()) {
  const days = (now.getTime() - p.firstSeenAt.getTime()) / DAY_MS;
  if (accountLearningUntil && accountLearningUntil > now) return { state: "learning" as const, reason: "The account is still in its learning period" };
  if (p.eventCount < BigInt(LEARNING_MIN_EVENTS)) return { state: "learning" as const, reason: `Fewer than ${LEARNING_MIN_EVENTS} events: compared with peers` };
  if (days < 14) return { state: "learning" as const, reason: "Seen for less than 14 days" };
  return { state: "learned" as const, reason: "Has its own history" };
}

export async function getPrincipal(db: TPrisma, id: bigint, opts: { days: number }) {
  const p = await db.principal.findUnique({
    where: { id },
    select: {
      id: true, key: true, type: true, displayName: true, firstSeenAt: true, lastSeenAt: true, eventCount: true, isOwn: true,
      account: { select: { id: true, displayName: true, provider: true, learningUntil: true } },
    },
  });
  if (!p) throw new AppError("not_found", "No such principal");
  const since = new Date(Date.now() - opts.days * DAY_MS);
  const [activity, usual, alerts] = await Promise.all([
    db.$queryRaw<Array<{ bucket: Date; events: bigint; errors: bigint }>>`
      SELECT date_trunc('day', event_time) AS bucket, count(*) AS events, count(*) FILTER (WHERE outcome <> 'success') AS errors
      FROM events WHERE principal_id = ${id} AND event_time >= ${since}
      GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<Array<{ action: string; count: bigint }>>`
      SELECT action, count(*) AS count FROM events WHERE principal_id = ${id} AND event_time >= ${since}
      GROUP BY action ORDER BY count DESC, action LIMIT 15`,
    db.alert.findMany({ where: { principalId: id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 50, select: ALERT_LIST_SELECT }),
  ]);
  const total = usual.reduce((s, u) => s + Number(u.count), 0);
  return {
    ...p,
    range: { from: since, to: new Date() },
    learning: learningState(p, p.account.learningUntil),
    activity: activity.map((a) => ({ bucket: a.bucket.toISOString(), events: Number(a.events), errors: Number(a.errors) })),
    usualActions: usual.map((u) => ({ action: u.action, count: Number(u.count), share: total ? Number(u.count) / total : 0 })),
    alerts,
  };
}

/** Principals for the list page, busiest first, optionally filtered by key or name. */
export async function listPrincipals(db: TPrisma, q: { search?: string; limit: number }) {
  return db.principal.findMany({
    where: q.search ? principalTextFilter(q.search) : {},
    orderBy: [{ eventCount: "desc" }, { id: "asc" }],
    take: q.limit,
    select: { id: true, key: true, type: true, displayName: true, lastSeenAt: true, eventCount: true, account: { select: { displayName: true } } },
  });
}

export function parsePrincipalId(raw: string | undefined): bigint {
  if (!raw || !/^\d{1,19}$/.test(raw) || BigInt(raw) > 9_223_372_036_854_775_807n) throw new AppError("not_found", "No such principal");
  return BigInt(raw);
}
