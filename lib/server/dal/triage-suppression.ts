import "server-only";
// A suppression rule created from a triage decision (issue 7): a saved filter with scope, reason,
// owner and expiry, never permanent (DOMAIN.md §4: permanent allow-lists hide real attacks).
// Editing and deleting rules is the admin's (manage:rules); this module only creates them.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TSuppressionInput } from "@/lib/shared/alerts";

const DAY_MS = 86_400_000;

export async function createSuppressionForAlert(
  tx: Prisma.TransactionClient,
  actor: { id: string; email: string; ip: string | null; userAgent: string | null },
  alert: { id: number; accountId: string; principalId: bigint; action: string },
  input: TSuppressionInput,
): Promise<number> {
  const principal = await tx.principal.findUniqueOrThrow({ where: { id: alert.principalId }, select: { key: true } });
  const hasPrincipal = input.scope === "principal" || input.scope === "principal_action";
  const hasAction = input.scope === "action" || input.scope === "principal_action";
  const rule = await tx.suppressionRule.create({
    data: {
      // A principal key is only unique within its account, so principal scopes keep the account.
      accountId: alert.accountId,
      principalKey: hasPrincipal ? principal.key : null,
      action: hasAction ? alert.action : null,
      reason: input.reason,
      ownerId: actor.id,
      expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS),
    },
    select: { id: true, accountId: true, principalKey: true, action: true, expiresAt: true },
  });
  await tx.auditLog.create({
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      action: "suppression.create",
      targetType: "suppression_rule",
      targetId: String(rule.id),
      details: { fromAlertId: alert.id, scope: input.scope, reason: input.reason, accountId: rule.accountId, principalKey: rule.principalKey, action: rule.action, expiresAt: rule.expiresAt?.toISOString() ?? null },
      ip: actor.ip,
      userAgent: actor.userAgent?.slice(0, 500) ?? null,
    },
  });
  return rule.id;
}
