import "server-only";
// Suppression rules for the admin screen (manage:rules): list with hit counts, edit, disable,
// delete. Rules are created from triage (triage-suppression.ts) or here; never permanent.
import type { TPrisma } from "@/lib/server/db/client";
import { AppError, isNotFound } from "@/lib/server/errors";
import { writeAudit, type AuditActor } from "./audit";
import { accountNames, principalNamesForRules, ruleScopeText } from "./names";

const RULE_SELECT = {
  id: true, accountId: true, principalKey: true, action: true, reason: true, expiresAt: true, hitCount: true, enabled: true, createdAt: true,
  owner: { select: { email: true } },
} as const;

export interface RuleInput {
  accountId?: string | null;
  principalKey?: string | null;
  action?: string | null;
  reason: string;
  expiresAt: Date;
}

/** Every rule with `scope`: what it matches, by account, principal and action name (issue 17). */
export async function listSuppressionRules(db: TPrisma) {
  const rules = await db.suppressionRule.findMany({ orderBy: [{ enabled: "desc" }, { id: "desc" }], select: RULE_SELECT });
  const [accounts, principals] = await Promise.all([accountNames(db, rules.flatMap((r) => (r.accountId ? [r.accountId] : []))), principalNamesForRules(db, rules)]);
  return rules.map((r) => ({ ...r, scope: ruleScopeText(r, accounts, principals) }));
}

function assertScoped(r: { accountId?: string | null; principalKey?: string | null; action?: string | null }) {
  if (!r.accountId && !r.principalKey && !r.action) throw new AppError("bad_request", "A rule needs at least one of account, principal or action");
}

/** A rule naming an account that does not exist would silently match nothing: refused, naming the field. */
async function assertAccountExists(db: Pick<TPrisma, "cloudAccount">, accountId: string | null | undefined) {
  if (!accountId) return;
  const found = await db.cloudAccount.findUnique({ where: { id: accountId }, select: { id: true } });
  if (!found) throw new AppError("bad_request", "No such account", [{ path: "accountId", message: "no cloud account has this id" }]);
}

/** Who created the rule (null for none); not_found when there is no such rule. */
export async function getSuppressionRuleOwner(db: TPrisma, id: number): Promise<string | null> {
  const rule = await db.suppressionRule.findUnique({ where: { id }, select: { ownerId: true } });
  if (!rule) throw new AppError("not_found", "No such rule");
  return rule.ownerId;
}

export async function createSuppressionRule(db: TPrisma, actor: AuditActor, input: RuleInput) {
  assertScoped(input);
  await assertAccountExists(db, input.accountId);
  return db.$transaction(async (tx) => {
    const rule = await tx.suppressionRule.create({ data: { ...input, ownerId: actor.id }, select: RULE_SELECT });
    await writeAudit(tx, actor, { action: "suppression.create", targetType: "suppression_rule", targetId: rule.id, details: { reason: rule.reason, expiresAt: rule.expiresAt?.toISOString() ?? null } });
    return rule;
  });
}

export async function updateSuppressionRule(db: TPrisma, actor: AuditActor, id: number, patch: Partial<RuleInput> & { enabled?: boolean }) {
  return db.$transaction(async (tx) => {
    const before = await tx.suppressionRule.findUnique({ where: { id }, select: { accountId: true, principalKey: true, action: true } });
    if (!before) throw new AppError("not_found", "No such rule");
    assertScoped({ ...before, ...patch });
    await assertAccountExists(tx, patch.accountId);
    const rule = await tx.suppressionRule.update({ where: { id }, data: patch, select: RULE_SELECT });
    const action = Object.keys(patch).length === 1 && patch.enabled !== undefined ? (patch.enabled ? "suppression.enable" : "suppression.disable") : "suppression.update";
    await writeAudit(tx, actor, { action, targetType: "suppression_rule", targetId: id, details: { changed: Object.keys(patch) } });
    return rule;
  });
}

export async function deleteSuppressionRule(db: TPrisma, actor: AuditActor, id: number) {
  try {
    await db.$transaction(async (tx) => {
      const rule = await tx.suppressionRule.delete({ where: { id }, select: { reason: true } });
      await writeAudit(tx, actor, { action: "suppression.delete", targetType: "suppression_rule", targetId: id, details: { reason: rule.reason } });
    });
  } catch (e) {
    if (isNotFound(e)) throw new AppError("not_found", "No such rule");
    throw e;
  }
}
