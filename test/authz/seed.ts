// Rows the authorization matrix aims its wrong-role calls at, and a fingerprint of every table so
// "the database is unchanged" is checked exactly, not by a row count.
import type { Role } from "@/lib/generated/prisma/enums";
import type { TPrisma } from "@/lib/server/db/client";
import { hashPassword } from "@/lib/server/auth/password";

export interface Seeded {
  users: Record<Role, string>;
  ids: { user: string; account: string; rule: string; model: string; alert: string; channel: string };
}

export async function seedAuthzData(db: TPrisma): Promise<Seeded> {
  const passwordHash = await hashPassword("authz-password-1");
  const make = (role: Role) => db.user.create({ data: { email: `${role}@authz.test`, role, passwordHash }, select: { id: true } });
  const [admin, analyst, viewer] = await Promise.all([make("admin"), make("analyst"), make("viewer")]);
  const account = await db.cloudAccount.create({ data: { provider: "aws", externalId: "123456789012", displayName: "authz", config: { regions: ["us-east-1"] } } });
  const rule = await db.suppressionRule.create({ data: { action: "s3:GetObject", reason: "authz", expiresAt: new Date(Date.now() + 86_400_000) } });
  const model = await db.modelVersion.create({ data: { version: 1, status: "candidate", architecture: "mlp" } });
  // An open alert for the triage routes: a missing check would change its status (issue 7).
  const now = new Date();
  const principal = await db.principal.create({ data: { accountId: account.id, key: "arn:aws:iam::123456789012:user/authz", type: "IAMUser", displayName: "authz", firstSeenAt: now, lastSeenAt: now } });
  const alert = await db.alert.create({
    data: { accountId: account.id, principalId: principal.id, action: "iam.amazonaws.com:CreateUser", groupingKey: "authz", title: "authz", category: "persistence", severity: "high", score: 20, firstEventAt: now, lastEventAt: now },
  });
  // A notification channel for its PATCH and DELETE (issue 17); its config is never decrypted here.
  const channel = await db.notificationChannel.create({ data: { name: "authz", encryptedConfig: "v1:authz", urlHint: "https://hooks.example.com/…" } });
  return {
    users: { admin: admin.id, analyst: analyst.id, viewer: viewer.id },
    ids: { user: viewer.id, account: account.id, rule: String(rule.id), model: String(model.id), alert: String(alert.id), channel: String(channel.id) },
  };
}

export async function databaseFingerprint(db: TPrisma): Promise<Record<string, string>> {
  const tables = await db.$queryRaw<Array<{ schema: string; name: string }>>`
    SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
    WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE' ORDER BY 1, 2`;
  const out: Record<string, string> = {};
  for (const t of tables) {
    // A session's last_seen_at moves on every request by design (dal/sessions.ts); its rows still count.
    const row = t.name === "user_sessions" ? "(t.id, t.user_id, t.created_at)::text" : "t::text";
    const rows = await db.$queryRawUnsafe<Array<{ n: bigint; h: string | null }>>(
      `SELECT count(*) AS n, md5(string_agg(${row}, '|' ORDER BY ${row})) AS h FROM "${t.schema}"."${t.name}" t`,
    );
    out[`${t.schema}.${t.name}`] = `${rows[0]?.n}:${rows[0]?.h ?? ""}`;
  }
  return out;
}
