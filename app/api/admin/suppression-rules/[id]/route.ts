import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { AppError } from "@/lib/server/errors";
import { ZIntId } from "@/lib/shared/schemas";
import { auditActor } from "@/lib/server/dal/audit";
import { deleteSuppressionRule, updateSuppressionRule } from "@/lib/server/dal/suppression-rules";
import { ZUpdateRuleBody } from "../schemas";

function ruleId(params: Record<string, string>): number {
  const id = ZIntId.safeParse(params.id);
  if (!id.success) throw new AppError("not_found", "No such rule");
  return id.data;
}

export const PATCH = withApi({ permission: "manage:rules", body: ZUpdateRuleBody }, async (ctx) => {
  const patch = Object.fromEntries(Object.entries(ctx.body).filter(([, v]) => v !== undefined));
  return { rule: await updateSuppressionRule(getPrisma(), auditActor(ctx), ruleId(ctx.params), patch) };
});

export const DELETE = withApi({ permission: "manage:rules" }, async (ctx) => {
  await deleteSuppressionRule(getPrisma(), auditActor(ctx), ruleId(ctx.params));
  return { ok: true };
});
