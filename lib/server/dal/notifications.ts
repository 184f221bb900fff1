import "server-only";
// Notification channels and their delivery log (issue 17). The URL and the signing secret are
// stored encrypted together (a Slack or Teams webhook URL is a credential) and never leave the
// server: reads return the scheme and host only. Every change writes its audit row in the same
// transaction, naming fields, never values.
import type { TPrisma } from "@/lib/server/db/client";
import { decryptJson, encryptJson } from "@/lib/server/crypto";
import { AppError } from "@/lib/server/errors";
import type { ChannelSecrets } from "@/lib/server/notifications/deliver";
import { writeAudit, type AuditActor } from "./audit";

export type TChannelFormat = "json" | "slack" | "teams";
export type TChannelSeverity = "low" | "medium" | "high" | "critical";

export interface ChannelInput {
  name: string;
  url: string;
  secret: string;
  format: TChannelFormat;
  minSeverity: TChannelSeverity;
  enabled: boolean;
}

export type ChannelPatch = Partial<ChannelInput>;

const CHANNEL_SELECT = { id: true, name: true, format: true, minSeverity: true, enabled: true, urlHint: true, createdByEmail: true, createdAt: true, updatedAt: true } as const;

function urlHintOf(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}/…`;
}

export async function listChannels(db: TPrisma) {
  return db.notificationChannel.findMany({ orderBy: { id: "asc" }, take: 200, select: CHANNEL_SELECT });
}

export async function createChannel(db: TPrisma, actor: AuditActor, input: ChannelInput, linkBase: string | null) {
  const secrets: ChannelSecrets = { url: input.url, secret: input.secret };
  return db.$transaction(async (tx) => {
    const channel = await tx.notificationChannel.create({
      data: { name: input.name, format: input.format, minSeverity: input.minSeverity, enabled: input.enabled, encryptedConfig: encryptJson(secrets), urlHint: urlHintOf(input.url), linkBase, createdByEmail: actor.email },
      select: CHANNEL_SELECT,
    });
    await writeAudit(tx, actor, { action: "notification.channel.create", targetType: "notification_channel", targetId: channel.id, details: { name: channel.name, format: channel.format, minSeverity: channel.minSeverity, enabled: channel.enabled } });
    return channel;
  });
}

export async function updateChannel(db: TPrisma, actor: AuditActor, id: number, patch: ChannelPatch) {
  return db.$transaction(async (tx) => {
    const current = await tx.notificationChannel.findUnique({ where: { id }, select: { encryptedConfig: true } });
    if (!current) throw new AppError("not_found", "No such notification channel");
    const data: Record<string, unknown> = {};
    for (const k of ["name", "format", "minSeverity", "enabled"] as const) if (patch[k] !== undefined) data[k] = patch[k];
    if (patch.url !== undefined || patch.secret !== undefined) {
      // Replacing one of the two needs the other: decrypting here keeps the other as it was.
      const old = decryptJson<ChannelSecrets>(current.encryptedConfig);
      const next: ChannelSecrets = { url: patch.url ?? old.url, secret: patch.secret ?? old.secret };
      data.encryptedConfig = encryptJson(next);
      data.urlHint = urlHintOf(next.url);
    }
    const channel = await tx.notificationChannel.update({ where: { id }, data, select: CHANNEL_SELECT });
    const changed = Object.keys(patch).filter((k) => patch[k as keyof ChannelPatch] !== undefined);
    await writeAudit(tx, actor, {
      action: "notification.channel.update",
      targetType: "notification_channel",
      targetId: id,
      // Values of the plain settings; only the names of the secret ones.
      details: { changed, name: channel.name, ...(patch.minSeverity ? { minSeverity: patch.minSeverity } : {}), ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}), ...(patch.format ? { format: patch.format } : {}) },
    });
    return channel;
  });
}

export async function deleteChannel(db: TPrisma, actor: AuditActor, id: number) {
  await db.$transaction(async (tx) => {
    const channel = await tx.notificationChannel.findUnique({ where: { id }, select: { name: true } });
    // deleteMany, not delete: two concurrent deletes of one channel both find it, and the second's
    // delete must end as "not found", not as Prisma's record-not-found error (a 500; found by the
    // security suite's hostile-input walk).
    const { count } = channel ? await tx.notificationChannel.deleteMany({ where: { id } }) : { count: 0 };
    if (!channel || count === 0) throw new AppError("not_found", "No such notification channel");
    await writeAudit(tx, actor, { action: "notification.channel.delete", targetType: "notification_channel", targetId: id, details: { name: channel.name } });
  });
}

/** The delivery log, newest first. */
export async function listDeliveries(db: TPrisma, opts: { limit: number; channelId?: number }) {
  const rows = await db.notificationDelivery.findMany({
    where: opts.channelId ? { channelId: opts.channelId } : {},
    orderBy: { id: "desc" },
    take: opts.limit,
    select: {
      id: true, status: true, attempts: true, responseStatus: true, error: true, createdAt: true, lastAttemptAt: true, deliveredAt: true,
      channel: { select: { id: true, name: true } },
      alert: { select: { id: true, title: true, severity: true } },
    },
  });
  return rows;
}

export function parseChannelId(raw: string | undefined): number {
  const n = raw && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new AppError("not_found", "No such notification channel");
  return n;
}
