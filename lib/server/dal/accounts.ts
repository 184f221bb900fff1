import "server-only";
// Cloud accounts for the admin screens (issue 8). Credentials are encrypted here on the way in
// (lib/server/crypto.ts) and never selected on the way out: the browser sees only whether they
// are set. Every change writes its audit row in the same transaction.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Provider } from "@/lib/generated/prisma/enums";
import type { TPrisma } from "@/lib/server/db/client";
import { decryptJson, decryptSecret, encryptJson, encryptSecret } from "@/lib/server/crypto";
import { AppError, isUniqueViolation } from "@/lib/server/errors";
import type { TCredentials } from "@/lib/server/connectors/credentials";
import { writeAudit, type AuditActor } from "./audit";

/** Never includes encryptedCredentials: that column leaves the database only through getAccountCredentials. */
const ACCOUNT_SELECT = {
  id: true, provider: true, externalId: true, displayName: true, config: true, status: true, statusMessage: true,
  enabled: true, isDemo: true, checkpoint: true, learningUntil: true, lastPolledAt: true, createdAt: true, updatedAt: true,
} as const;

export interface AccountInput {
  provider: Provider;
  externalId: string;
  displayName: string;
  config: Record<string, unknown>;
}

function toView<T extends { encryptedCredentials?: string | null }>(row: T, hasCredentials: boolean) {
  const { encryptedCredentials: _omit, ...rest } = row;
  return { ...rest, credentialsSet: hasCredentials };
}

export async function listAccounts(db: TPrisma) {
  const rows = await db.cloudAccount.findMany({
    orderBy: [{ provider: "asc" }, { displayName: "asc" }],
    select: { ...ACCOUNT_SELECT, encryptedCredentials: true, importRuns: { orderBy: { startedAt: "desc" }, take: 1, select: { source: true, status: true, stored: true, rejected: true, error: true, startedAt: true, finishedAt: true } } },
  });
  return rows.map((r) => toView(r, r.encryptedCredentials !== null));
}

export async function getAccount(db: TPrisma, id: string) {
  const row = await db.cloudAccount.findUnique({ where: { id }, select: { ...ACCOUNT_SELECT, encryptedCredentials: true } });
  if (!row) throw new AppError("not_found", "No such account");
  return toView(row, row.encryptedCredentials !== null);
}

/** Server-side only (connectors, test connection): the decrypted credentials, or null. */
export async function getAccountCredentials(db: TPrisma, id: string): Promise<TCredentials | null> {
  const row = await db.cloudAccount.findUnique({ where: { id }, select: { encryptedCredentials: true } });
  return row?.encryptedCredentials ? decryptJson<TCredentials>(row.encryptedCredentials) : null;
}

export async function createAccount(db: TPrisma, actor: AuditActor, input: AccountInput, credentials: TCredentials | undefined) {
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.cloudAccount.create({
        data: { ...input, config: input.config as Prisma.InputJsonValue, encryptedCredentials: credentials ? encryptJson(credentials) : null },
        select: ACCOUNT_SELECT,
      });
      await writeAudit(tx, actor, { action: "account.create", targetType: "account", targetId: row.id, details: { provider: row.provider, externalId: row.externalId, credentials: credentials ? credentials.kind : "none" } });
      return { ...row, credentialsSet: Boolean(credentials) };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("conflict", "This account is already connected");
    throw e;
  }
}

/** A patch; credentials are replaced only when given (the form shows "•••• set" otherwise). */
export async function updateAccount(
  db: TPrisma,
  actor: AuditActor,
  id: string,
  patch: { displayName?: string; config?: Record<string, unknown>; enabled?: boolean },
  credentials?: TCredentials,
) {
  return db.$transaction(async (tx) => {
    const before = await tx.cloudAccount.findUnique({ where: { id }, select: { enabled: true } });
    if (!before) throw new AppError("not_found", "No such account");
    const data: Prisma.CloudAccountUpdateInput = { ...patch, config: patch.config as Prisma.InputJsonValue | undefined };
    if (credentials) data.encryptedCredentials = encryptJson(credentials);
    if (patch.enabled !== undefined) data.status = patch.enabled ? "pending" : "disabled";
    const row = await tx.cloudAccount.update({ where: { id }, data, select: { ...ACCOUNT_SELECT, encryptedCredentials: true } });
    const changed = [...Object.keys(patch), ...(credentials ? ["credentials"] : [])];
    const action = patch.enabled === undefined || Object.keys(patch).length > 1 || credentials ? "account.update" : patch.enabled ? "account.enable" : "account.disable";
    await writeAudit(tx, actor, { action, targetType: "account", targetId: id, details: { changed } });
    return toView(row, row.encryptedCredentials !== null);
  });
}

/**
 * Removes an account. Without keepEvents its events, principals and alerts go with it (cascade);
 * with keepEvents the row stays as a disabled, credential-less shell so the history still resolves.
 */
export async function removeAccount(db: TPrisma, actor: AuditActor, id: string, keepEvents: boolean) {
  await db.$transaction(async (tx) => {
    const row = await tx.cloudAccount.findUnique({ where: { id }, select: { provider: true, externalId: true, config: true } });
    if (!row) throw new AppError("not_found", "No such account");
    if (keepEvents) {
      const config = { ...(row.config as Record<string, unknown>), removedAt: new Date().toISOString() };
      await tx.cloudAccount.update({ where: { id }, data: { enabled: false, status: "disabled", statusMessage: "Removed; events kept", encryptedCredentials: null, config } });
    } else {
      await tx.cloudAccount.delete({ where: { id } });
    }
    await writeAudit(tx, actor, { action: "account.remove", targetType: "account", targetId: id, details: { provider: row.provider, externalId: row.externalId, keepEvents } });
  });
}

/** A passed test makes a pending (never tested) or failing account active; a failed one marks it in error. */
export async function recordTestResult(db: TPrisma, actor: AuditActor, id: string, ok: boolean, message: string) {
  await db.$transaction(async (tx) => {
    const before = await tx.cloudAccount.findUnique({ where: { id }, select: { status: true } });
    if (!before) throw new AppError("not_found", "No such account");
    const status = ok ? (before.status === "disabled" ? "disabled" : "active") : "error";
    await tx.cloudAccount.update({ where: { id }, data: { statusMessage: message.slice(0, 1000), status } });
    await writeAudit(tx, actor, { action: "account.test", targetType: "account", targetId: id, details: { ok, message: message.slice(0, 300) } });
  });
}

/**
 * Key rotation (`trailwatch rotate-key`): every stored credential is decrypted with the old key and
 * encrypted with the new one in ONE transaction, so a failure part-way leaves all of them readable
 * with the old key.
 */
export async function reencryptAllCredentials(db: TPrisma, oldKey: Buffer, newKey: Buffer): Promise<number> {
  return db.$transaction(
    async (tx) => {
      const rows = await tx.cloudAccount.findMany({ where: { encryptedCredentials: { not: null } }, select: { id: true, encryptedCredentials: true } });
      for (const row of rows) {
        const plain = decryptSecret(row.encryptedCredentials as string, oldKey);
        await tx.cloudAccount.update({ where: { id: row.id }, data: { encryptedCredentials: encryptSecret(plain, newKey) } });
      }
      // Notification channels' webhook URLs and signing secrets (issue 17) rotate with them.
      const channels = await tx.notificationChannel.findMany({ select: { id: true, encryptedConfig: true } });
      for (const c of channels) {
        await tx.notificationChannel.update({ where: { id: c.id }, data: { encryptedConfig: encryptSecret(decryptSecret(c.encryptedConfig, oldKey), newKey) } });
      }
      return rows.length + channels.length;
    },
    { timeout: 120_000 },
  );
}
