import "server-only";
import type { TPrisma } from "@/lib/server/db/client";
import type { TDb } from "@/lib/server/ingest/store-accounts";

// cloud_accounts.checkpoint is { "<stream>": { "<key>": state } } — one stream per connector
// source ("aws-lookup", "aws-s3", "azure-activity"), one key per region (or "default").
// Saved only after the events a state covers are committed (issue 3), and written with one
// jsonb update of just that stream and key, so concurrent region loops never overwrite each other.

export type TStreamName = "aws-lookup" | "aws-s3" | "azure-activity";

/** The saved states of one stream, by key; {} for a new account or a malformed checkpoint. */
export async function readStreamCheckpoint(db: TPrisma, accountId: string, stream: TStreamName): Promise<Record<string, unknown>> {
  const row = await db.cloudAccount.findUnique({ where: { id: accountId }, select: { checkpoint: true } });
  const all = row?.checkpoint;
  if (!all || typeof all !== "object" || Array.isArray(all)) return {};
  const states = (all as Record<string, unknown>)[stream];
  return states && typeof states === "object" && !Array.isArray(states) ? (states as Record<string, unknown>) : {};
}

export async function saveStreamCheckpoint(db: TDb, accountId: string, stream: TStreamName, key: string, state: unknown): Promise<void> {
  const value = JSON.stringify(state);
  await db.$executeRaw`
    UPDATE cloud_accounts
       SET checkpoint = jsonb_set(
             CASE WHEN jsonb_typeof(checkpoint -> ${stream}) = 'object' THEN checkpoint
                  ELSE coalesce(checkpoint, '{}'::jsonb) || jsonb_build_object(${stream}::text, '{}'::jsonb) END,
             ARRAY[${stream}::text, ${key}::text], ${value}::jsonb, true),
           updated_at = now()
     WHERE id = ${accountId}::uuid`;
}

/** Marks the account as polled (the worker's scheduler reads it); the status is the worker's business. */
export async function touchPolled(db: TPrisma, accountId: string, at: Date): Promise<void> {
  await db.cloudAccount.update({ where: { id: accountId }, data: { lastPolledAt: at }, select: { id: true } });
}
