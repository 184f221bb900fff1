import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { auditActor } from "@/lib/server/dal/audit";
import { createSuppressionRule, listSuppressionRules } from "@/lib/server/dal/suppression-rules";
import { ZCreateRuleBody } from "./schemas";

/** Everyone who can triage reads the rules that hide alerts from them (issue 16); only admins write them here. */
export const GET = withApi({ permission: "triage" }, async () => ({ items: await listSuppressionRules(getPrisma()) }));

export const POST = withApi({ permission: "manage:rules", body: ZCreateRuleBody }, async (ctx) => ({
  rule: await createSuppressionRule(getPrisma(), auditActor(ctx), ctx.body),
}));
