import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { AppError } from "@/lib/server/errors";
import { ZIntId } from "@/lib/shared/schemas";
import { auditActor } from "@/lib/server/dal/audit";
import { deleteSuppressionRule, getSuppressionRuleOwner, updateSuppressionRule } from "@/lib/server/dal/suppression-rules";
import type { Role } from "@/lib/generated/prisma/enums";
import { can } from "@/lib/server/permissions";
import { ZUpdateRuleBody } from "../schemas";

function ruleId(params: Record<string, string>): number {
  const id = ZIntId.safeParse(params.id);
  if (!id.success) throw new AppError("not_found", "No such rule");
  return id.data;
}

/**
 * Admins edit any rule. Whoever may suppress may end (disable or delete) a rule they created
 * themselves, and nothing else: widening or extending stays the admin's (issue 16).
 */
async function assertMayChange(ctx: { user: { id: string; role: Role } }, id: number, isEndingOnly: boolean) {
  if (can(ctx.user.role, "manage:rules")) return;
  const ownerId = await getSuppressionRuleOwner(getPrisma(), id);
  if (ownerId !== ctx.user.id || !isEndingOnly) throw new AppError("forbidden", "You may only end suppression rules you created");
}

export const PATCH = withApi({ permission: "suppress", body: ZUpdateRuleBody }, async (ctx) => {
  const patch = Object.fromEntries(Object.entries(ctx.body).filter(([, v]) => v !== undefined));
  await assertMayChange(ctx, ruleId(ctx.params), Object.keys(patch).length === 1 && patch.enabled === false);
  return { rule: await updateSuppressionRule(getPrisma(), auditActor(ctx), ruleId(ctx.params), patch) };
});

export const DELETE = withApi({ permission: "suppress" }, async (ctx) => {
  await assertMayChange(ctx, ruleId(ctx.params), true);
  await deleteSuppressionRule(getPrisma(), auditActor(ctx), ruleId(ctx.params));
  return { ok: true };
});
