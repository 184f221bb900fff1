import "server-only";
// The audit log of every admin and triage action: who, what, when, from where. Callers write the
// row with the same transaction client as the change, so a change never lands without its entry.
// Details must never hold secrets: callers pass field names ("credentials replaced"), not values.
import type pg from "pg";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TPrisma } from "@/lib/server/db/client";

type TDb = TPrisma | Prisma.TransactionClient;
type TAuditEntry = { action: string; targetType?: string; targetId?: string | number | bigint | null; details?: Prisma.InputJsonValue };

export interface AuditActor {
  id: string | null;
  email: string;
  ip: string | null;
  userAgent: string | null;
}

/** What the product does on its own: the worker's training and promotion, the first-start demo import. */
export const SYSTEM_ACTOR: AuditActor = { id: null, email: "system", ip: null, userAgent: null };
/** A command run on the server (`trailwatch import`, `trailwatch user add`): whoever has a shell there. */
export const CLI_ACTOR: AuditActor = { id: null, email: "cli", ip: null, userAgent: null };

/** The actor of an API request (withApi's context) or a server action. */
export function auditActor(ctx: { user: { id: string; email: string }; ip?: string | null; req?: { headers: Headers } }): AuditActor {
  return { id: ctx.user.id, email: ctx.user.email, ip: ctx.ip ?? null, userAgent: ctx.req?.headers.get("user-agent")?.slice(0, 500) ?? null };
}

const targetText = (id: TAuditEntry["targetId"]) => (id === undefined || id === null ? null : String(id));

export async function writeAudit(db: TDb, actor: AuditActor, entry: TAuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: targetText(entry.targetId),
      details: entry.details ?? {},
      ip: actor.ip,
      userAgent: actor.userAgent,
    },
  });
}

/** The same row through a raw pg client: the worker's bulk paths (training, scoring) use pg, not Prisma. */
export async function writeAuditSql(db: pg.Pool | pg.PoolClient, actor: AuditActor, entry: TAuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_id, actor_email, action, target_type, target_id, details, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [actor.id, actor.email, entry.action, entry.targetType ?? null, targetText(entry.targetId), JSON.stringify(entry.details ?? {}), actor.ip, actor.userAgent],
  );
}

/** Newest first, keyset-paged by id. */
export async function listAudit(db: TPrisma, opts: { before?: bigint; limit: number; action?: string }) {
  const rows = await db.auditLog.findMany({
    where: { ...(opts.before ? { id: { lt: opts.before } } : {}), ...(opts.action ? { action: { startsWith: opts.action } } : {}) },
    orderBy: { id: "desc" },
    take: opts.limit + 1,
    select: { id: true, actorEmail: true, action: true, targetType: true, targetId: true, details: true, ip: true, userAgent: true, createdAt: true },
  });
  const page = rows.slice(0, opts.limit);
  return { items: page, nextCursor: rows.length > opts.limit ? String(page[page.length - 1]?.id) : null };
}
