import type { Prisma } from "@/lib/generated/prisma/client";
import type { TPrisma } from "@/lib/server/db/client";
import { toPostgresJson, toPostgresText } from "./store-json";
import type { TProvider } from "./types";
import { isGuid } from "@/lib/shared/names";

// Cloud accounts as the store sees them: events name their account by (provider, external id);
// an account the import has never seen is created on the spot, active, marked as file-sourced.

/** The client or an open transaction: a connector may store inside its own transaction. */
export type TDb = TPrisma | Prisma.TransactionClient;

export function accountRef(provider: string, externalId: string): string {
  return `${provider}\u0000${externalId}`;
}

/**
 * The name an imported account starts with, until an admin renames it. An AWS account is known by
 * its 12 digits; a subscription's uuid is shortened (the accounts page shows it in full), so pages
 * name it rather than print a raw id (issue 17).
 */
export function defaultDisplayName(provider: string, externalId: string): string {
  if (provider === "azure") return `Azure subscription ${isGuid(externalId) ? `${externalId.slice(0, 8)}…` : externalId}`;
  return `AWS account ${externalId}`;
}

/** Ids of the accounts named by `refs` (provider + external id), creating the missing ones. */
export async function resolveAccounts(db: TDb, refs: Array<{ provider: TProvider; externalId: string }>): Promise<Map<string, string>> {
  const rows = refs.map((r) => ({ p: r.provider, e: r.externalId, n: defaultDisplayName(r.provider, r.externalId) }));
  const payload = toPostgresJson(rows);
  // DO NOTHING then SELECT: a concurrent import creating the same account makes this INSERT wait
  // for its commit, and the SELECT (a new snapshot under READ COMMITTED) then sees the row.
  await db.$executeRawUnsafe(
    `INSERT INTO cloud_accounts (id, provider, external_id, display_name, status, config, updated_at)
     SELECT gen_random_uuid(), x.p::"Provider", x.e, x.n, 'active', '{"source":"file"}'::jsonb, now()
     FROM jsonb_to_recordset($1::jsonb) AS x(p text, e text, n text)
     ORDER BY x.p, x.e
     ON CONFLICT (provider, external_id) DO NOTHING`,
    payload,
  );
  const found = await db.$queryRawUnsafe<Array<{ id: string; provider: string; external_id: string }>>(
    `SELECT a.id::text AS id, a.provider::text AS provider, a.external_id
     FROM cloud_accounts a JOIN jsonb_to_recordset($1::jsonb) AS x(p text, e text) ON a.provider::text = x.p AND a.external_id = x.e`,
    payload,
  );
  return new Map(found.map((a) => [accountRef(a.provider, a.external_id), a.id]));
}

/**
 * The account `--account <name>` names: an existing one with that display name (the provider of
 * the events preferred), else a new file-sourced account whose external id is the name.
 */
export async function findOrCreateNamedAccount(db: TDb, name: string, provider: TProvider): Promise<{ id: string }> {
  const displayName = toPostgresText(name.trim());
  const existing = await db.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT id::text AS id FROM cloud_accounts WHERE display_name = $1 ORDER BY (provider::text = $2) DESC, created_at LIMIT 1`,
    displayName,
    provider,
  );
  if (existing[0]) return existing[0];
  await db.$executeRawUnsafe(
    `INSERT INTO cloud_accounts (id, provider, external_id, display_name, status, config, updated_at)
     VALUES (gen_random_uuid(), $1::"Provider", $2, $2, 'active', '{"source":"file"}'::jsonb, now())
     ON CONFLICT (provider, external_id) DO NOTHING`,
    provider,
    displayName,
  );
  const created = await db.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT id::text AS id FROM cloud_accounts WHERE provider = $1::"Provider" AND external_id = $2`,
    provider,
    displayName,
  );
  return created[0];
}
