// Roles and permissions as data (STYLE.md, issue 8): viewer reads; analyst also triages; admin
// also manages accounts, users, suppression rules, models and data. Checked on the server for
// every route handler, server action and page; the UI only hides what the server refuses anyway.
import type { Role } from "@/lib/generated/prisma/enums";

export const PERMISSIONS = [
  "read", // dashboards, alerts, events, principals
  "triage", // acknowledge, assign, comment, close, reopen alerts
  "suppress", // create narrow, short suppression rules from a triage decision (canSuppress); end one's own
  "suppress:wide", // suppression rules of any scope and length (up to a year)
  "manage:accounts", // connect, edit, remove cloud accounts; uploads and imports
  "manage:users",
  "manage:rules", // edit and delete suppression rules
  "manage:models", // promote, roll back, retrain
  "manage:data", // demo data, retention, rejects, jobs
  "manage:notifications", // webhook channels and their delivery log (issue 17)
  "read:audit",
] as const;

export type TPermission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly TPermission[]> = {
  viewer: ["read"],
  analyst: ["read", "triage", "suppress"],
  admin: PERMISSIONS,
};

export function can(role: Role, permission: TPermission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export const canTriage = (role: Role) => can(role, "triage");
export const canManageAccounts = (role: Role) => can(role, "manage:accounts");
export const canManageUsers = (role: Role) => can(role, "manage:users");

/**
 * Suppression by role (issue 16): an analyst may silence one principal, or one principal's one
 * action, for at most ANALYST_SUPPRESSION_MAX_DAYS; a whole action or account, or longer, needs
 * "suppress:wide" (admin). One alert must not be able to blind the product account-wide for a year.
 */
export const ANALYST_SUPPRESSION_SCOPES = ["principal", "principal_action"] as const;
export const ANALYST_SUPPRESSION_MAX_DAYS = 30;

export function canSuppress(role: Role, rule: { scope: string; expiresInDays: number }): boolean {
  if (can(role, "suppress:wide")) return true;
  return can(role, "suppress") && (ANALYST_SUPPRESSION_SCOPES as readonly string[]).includes(rule.scope) && rule.expiresInDays <= ANALYST_SUPPRESSION_MAX_DAYS;
}
