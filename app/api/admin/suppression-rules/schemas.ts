import { z } from "zod";

const ZScopePart = z.string().trim().min(1).max(2048).nullable().optional();
const MAX_RULE_DAYS = 366;

/** Rules always expire (DOMAIN.md §4: permanent allow-lists hide real attacks), at most a year out. */
const ZExpiry = z.iso
  .datetime({ offset: true })
  .transform((v) => new Date(v))
  .refine((d) => d.getTime() > Date.now() && d.getTime() < Date.now() + MAX_RULE_DAYS * 86_400_000, "must be in the future, within a year");

export const ZCreateRuleBody = z.object({
  accountId: z.uuid().nullable().optional(),
  principalKey: ZScopePart,
  action: ZScopePart,
  reason: z.string().trim().min(3).max(2000),
  expiresAt: ZExpiry,
});

export const ZUpdateRuleBody = z
  .object({
    accountId: z.uuid().nullable().optional(),
    principalKey: ZScopePart,
    action: ZScopePart,
    reason: z.string().trim().min(3).max(2000).optional(),
    expiresAt: ZExpiry.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "nothing to change");
