// The authorization matrix (issue 8): every route handler and every server action, with the
// permission it requires. test/authz/authz.test.ts walks app/ and FAILS when a route method or a
// server action has no entry here, so adding a route means adding one line below.
//
// Keys: "<METHOD> <path>" with route groups removed and dynamic segments as written
// ("GET /api/alerts/[id]"); server actions "<file>#<export>". "public" needs a reason.
// params/body make a wrong-role call meaningful: the test seeds rows and "$account", "$rule",
// "$model", "$user" resolve to their ids, so a missing check would actually change the database.
import type { TPermission } from "@/lib/server/permissions";

export type TAccess = TPermission | { public: string };

export interface RouteEntry {
  access: TAccess;
  params?: Record<string, string>;
  body?: unknown;
  query?: string;
}

const PUBLIC_AUTH = { public: "Auth.js sign-in, sign-out, session and CSRF endpoints" };

export const ROUTE_MATRIX: Record<string, TAccess | RouteEntry> = {
  "GET /api/auth/[...nextauth]": PUBLIC_AUTH,
  "POST /api/auth/[...nextauth]": PUBLIC_AUTH,

  // Analyst dashboard (issue 7)
  "GET /api/overview": "read",
  "GET /api/first-start": "read",
  "GET /api/events": "read",
  "GET /api/events/[id]": "read",
  "GET /api/events/[id]/timeline": "read",
  "GET /api/principals": "read",
  "GET /api/principals/[id]": "read",
  "GET /api/alerts": "read",
  "GET /api/alerts/[id]": { access: "read", params: { id: "$alert" } },
  "GET /api/alerts/[id]/timeline": { access: "read", params: { id: "$alert" } },
  "GET /api/alerts/[id]/related": { access: "read", params: { id: "$alert" } },
  "POST /api/alerts/[id]/triage": {
    access: "triage",
    params: { id: "$alert" },
    body: { kind: "close", reason: "false_positive", suppression: { scope: "principal_action", reason: "authz", expiresInDays: 30 } },
  },
  // The seed's only alert is id 1 in a fresh database.
  "POST /api/alerts/bulk": { access: "triage", body: { ids: [1], action: { kind: "acknowledge" } } },
  "GET /api/alerts/facets": "read",
  "GET /api/alerts/assignees": "triage",
  "GET /api/alerts/export": { access: "read", query: "format=csv" },
  "GET /api/events/export": { access: "read", query: "format=jsonl" },

  // Own account
  "POST /api/me/password": { access: "read", body: { currentPassword: "authz-password-1", newPassword: "authz-password-2" } },
  "GET /api/me/sessions": "read",
  "DELETE /api/me/sessions/[id]": "read",

  // Admin (issue 8)
  "GET /api/admin/users": "manage:users",
  "POST /api/admin/users": { access: "manage:users", body: { email: "new@authz.test", role: "admin" } },
  "PATCH /api/admin/users/[id]": { access: "manage:users", params: { id: "$user" }, body: { role: "admin" } },
  "POST /api/admin/users/[id]/password": { access: "manage:users", params: { id: "$user" }, body: {} },
  "DELETE /api/admin/users/[id]/sessions": { access: "manage:users", params: { id: "$user" } },
  "GET /api/admin/accounts": "manage:accounts",
  "POST /api/admin/accounts": {
    access: "manage:accounts",
    body: { provider: "aws", displayName: "x", externalId: "210987654321", config: { regions: ["us-east-1"] }, credentials: { kind: "keys", accessKeyId: "AKIAAUTHZAUTHZAUTHZ0", secretAccessKey: "s" } },
  },
  "GET /api/admin/accounts/[id]": { access: "manage:accounts", params: { id: "$account" } },
  "PATCH /api/admin/accounts/[id]": { access: "manage:accounts", params: { id: "$account" }, body: { enabled: false } },
  "DELETE /api/admin/accounts/[id]": { access: "manage:accounts", params: { id: "$account" }, query: "keepEvents=false" },
  "POST /api/admin/accounts/[id]/test": { access: "manage:accounts", params: { id: "$account" } },
  "GET /api/admin/suppression-rules": "triage",
  "POST /api/admin/suppression-rules": { access: "manage:rules", body: { action: "iam:CreateUser", reason: "authz", expiresAt: "2099-01-01T00:00:00Z" } },
  // An analyst may end only a rule they created; "$rule" has no owner, so analysts get 403 here too.
  "PATCH /api/admin/suppression-rules/[id]": { access: "manage:rules", params: { id: "$rule" }, body: { enabled: false } },
  "DELETE /api/admin/suppression-rules/[id]": { access: "manage:rules", params: { id: "$rule" } },
  "GET /api/admin/models": "manage:models",
  "POST /api/admin/models/[id]/promote": { access: "manage:models", params: { id: "$model" } },
  "POST /api/admin/models/rollback": "manage:models",
  "POST /api/admin/models/retrain": "manage:models",
  "GET /api/admin/jobs": "manage:data",
  "GET /api/admin/rejects": "manage:data",
  "POST /api/admin/imports": "manage:accounts",
  "GET /api/admin/audit": "read:audit",
  // Notifications (issue 17)
  "GET /api/admin/notifications": "manage:notifications",
  "POST /api/admin/notifications": { access: "manage:notifications", body: { name: "x", url: "https://hooks.example.com/x", secret: "0123456789abcdef0123", format: "json", minSeverity: "high" } },
  "PATCH /api/admin/notifications/[id]": { access: "manage:notifications", params: { id: "$channel" }, body: { enabled: false } },
  "DELETE /api/admin/notifications/[id]": { access: "manage:notifications", params: { id: "$channel" } },
  "GET /api/admin/notifications/deliveries": "manage:notifications",
};

export const ACTION_MATRIX: Record<string, TAccess> = {
  "app/(app)/actions.ts#signOutAction": { public: "signing out needs no permission; anonymous it does nothing" },
  "app/login/actions.ts#loginAction": { public: "the sign-in form itself (rate-limited in authorize)" },
};

export function entryOf(v: TAccess | RouteEntry): RouteEntry {
  return typeof v === "object" && "access" in v ? v : { access: v };
}
