import "server-only";
// Triage writes (issue 7): every change to an alert, its append-only alert_history rows and its
// audit_log row commit in one transaction, so the history can never disagree with the alert.
// Closing as false_positive is the model's feedback: the worker's retrain reads alerts with
// close_reason = false_positive and weights their events up, so the reason must be exact.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TPrisma } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import type { TTriageAction } from "@/lib/shared/alerts";
import { createSuppressionForAlert } from "./triage-suppression";

type Tx = Prisma.TransactionClient;
export interface TriageActor {
  id: string;
  email: string;
  ip: string | null;
  userAgent: string | null;
}

interface LockedAlert {
  id: number;
  status: "open" | "acknowledged" | "closed";
  closeReason: string | null;
  assigneeId: string | null;
  accountId: string;
  principalId: bigint;
  action: string;
}

interface Change {
  field: string;
  from: string | null;
  to: string | null;
}

async function record(tx: Tx, actor: TriageActor, alertId: number, kind: string, changes: Change[], details: Record<string, unknown> = {}) {
  if (changes.length) {
    await tx.alertHistory.createMany({ data: changes.map((c) => ({ alertId, actorId: actor.id, field: c.field, fromValue: c.from, toValue: c.to })) });
  }
  await tx.auditLog.create({
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      action: `alert.${kind}`,
      targetType: "alert",
      targetId: String(alertId),
      details: { changes, ...details } as unknown as Prisma.InputJsonValue,
      ip: actor.ip,
      userAgent: actor.userAgent?.slice(0, 500) ?? null,
    },
  });
}

function plan(alert: LockedAlert, action: TTriageAction): { data: Prisma.AlertUpdateInput; changes: Change[] } | null {
  switch (action.kind) {
    case "acknowledge":
      if (alert.status !== "open") return null;
      return { data: { status: "acknowledged" }, changes: [{ field: "status", from: alert.status, to: "acknowledged" }] };
    case "assign":
      if (alert.assigneeId === action.assigneeId) return null;
      return {
        data: { assignee: action.assigneeId ? { connect: { id: action.assigneeId } } : { disconnect: true } },
        changes: [{ field: "assignee", from: alert.assigneeId, to: action.assigneeId }],
      };
    case "close":
      if (alert.status === "closed") return null;
      return {
        data: { status: "closed", closeReason: action.reason },
        changes: [
          { field: "status", from: alert.status, to: "closed" },
          { field: "close_reason", from: alert.closeReason, to: action.reason },
        ],
      };
    case "reopen":
      if (alert.status !== "closed") return null;
      return {
        data: { status: "open", closeReason: null },
        changes: [
          { field: "status", from: "closed", to: "open" },
          { field: "close_reason", from: alert.closeReason, to: null },
        ],
      };
    case "comment":
      return { data: {}, changes: [] };
  }
}

async function checkAssignee(tx: Tx, action: TTriageAction) {
  if (action.kind !== "assign" || !action.assigneeId) return;
  const user = await tx.user.findUnique({ where: { id: action.assigneeId }, select: { disabled: true, role: true } });
  if (!user || user.disabled || user.role === "viewer") throw new AppError("bad_request", "That user cannot be assigned alerts");
}

/**
 * Applies one triage action to each alert. Alerts already in the target state are skipped (a
 * bulk acknowledge over a mixed selection is not an error). Returns the ids that changed.
 */
export async function applyTriage(db: TPrisma, actor: TriageActor, ids: number[], action: TTriageAction): Promise<{ changed: number[]; suppressionRuleId: number | null }> {
  return db.$transaction(async (tx) => {
    await checkAssignee(tx, action);
    // Row locks so two analysts closing the same alert serialise and both histories are true.
    const alerts = await tx.$queryRaw<LockedAlert[]>`
      SELECT id, status::text AS status, close_reason::text AS "closeReason", assignee_id::text AS "assigneeId",
             account_id::text AS "accountId", principal_id AS "principalId", action
      FROM alerts WHERE id = ANY(${ids}::int[]) ORDER BY id FOR UPDATE`;
    if (alerts.length === 0) throw new AppError("not_found", "No such alert");
    const changed: number[] = [];
    let suppressionRuleId: number | null = null;
    for (const alert of alerts) {
      const p = plan(alert, action);
      if (!p) continue;
      const details: Record<string, unknown> = {};
      if (Object.keys(p.data).length) await tx.alert.update({ where: { id: alert.id }, data: p.data, select: { id: true } });
      const commentBody = action.kind === "comment" ? action.body : action.kind === "close" ? action.comment : undefined;
      if (commentBody) {
        const c = await tx.alertComment.create({ data: { alertId: alert.id, authorId: actor.id, body: commentBody }, select: { id: true } });
        p.changes.push({ field: "comment", from: null, to: String(c.id) });
      }
      if (action.kind === "close" && action.suppression) {
        suppressionRuleId = await createSuppressionForAlert(tx, actor, alert, action.suppression);
        details.suppressionRuleId = suppressionRuleId;
        p.changes.push({ field: "suppression_rule", from: null, to: String(suppressionRuleId) });
      }
      await record(tx, actor, alert.id, action.kind, p.changes, details);
      changed.push(alert.id);
    }
    return { changed, suppressionRuleId };
  });
}
