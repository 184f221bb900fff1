import "server-only";
import { poolOf } from "@/lib/server/db/client";
import { inTransaction } from "@/lib/server/db/transaction";
import type { TPrisma } from "@/lib/server/db/client";
import { accountRef, resolveAccounts } from "./store-accounts";
import type { TDb } from "./store-accounts";
import { isVerbatimSafe, toPostgresJson } from "./store-json";
import { pgQueryable } from "./store-pg";
import type { NormalizedEvent, TProvider } from "./types";

// The one write path for events (file imports, connectors, the demo): bulk and idempotent.
// Dedupe is the unique index (account_id, provider_event_id), so a re-import or an overlapping
// connector window adds nothing, and a batch retried after a crash adds only what did not commit.
// The one update: an Azure operation whose end record arrives after its start was stored (another
// file or page) takes the end's outcome, error and raw (statusRank). Principal counts move only by
// events actually inserted.

export interface StoreResult {
  stored: number;
  duplicates: number;
  /** Ids of newly stored events (not of duplicates). */
  insertedIds: bigint[];
  /** Duplicates that updated a stored Azure operation to a more final status (counted in duplicates too). */
  updated: number;
  /** Earliest and latest eventTime among the events given (duplicates included): the span the batch covered. */
  timeFrom: Date | null;
  timeTo: Date | null;
}

export interface StoreOptions {
  /** All events go to this cloud account (`import --account <name>`). */
  accountOverride?: { id: string };
  importRunId?: bigint;
  /** Principal keys of the detector's own ingestion identity: stored with is_own, never scored. */
  ownPrincipalKeys?: ReadonlySet<string>;
}

const TRANSACTION = { maxWait: 30_000, timeout: 300_000 } as const;

interface PrincipalRow {
  a: string;
  k: string;
  t: string;
  n: string;
  f: Date;
  l: Date;
  o: boolean;
}

/**
 * One transaction: accounts, principals, events; see StoreResult. `db` may be an open transaction
 * (a connector's, through Prisma); given the client itself, the batch runs on the client's own pool
 * (db/client.ts poolOf), as imports do.
 */
export async function storeEvents(db: TDb, events: NormalizedEvent[], opts: StoreOptions = {}): Promise<StoreResult> {
  if (events.length === 0) return { stored: 0, duplicates: 0, insertedIds: [], updated: 0, timeFrom: null, timeTo: null };
  if ("$transaction" in db) {
    const pool = poolOf(db as TPrisma);
    if (pool) return inTransaction(pool, (client) => storeInTransaction(pgQueryable(client), events, opts), { statementTimeoutMs: TRANSACTION.timeout });
    return (db as TPrisma).$transaction((tx) => storeInTransaction(tx, events, opts), TRANSACTION);
  }
  return storeInTransaction(db, events, opts);
}

async function storeInTransaction(db: TDb, events: NormalizedEvent[], opts: StoreOptions): Promise<StoreResult> {
  const accountIds = await accountIdsFor(db, events, opts);
  const own = opts.ownPrincipalKeys;
  const principals = new Map<string, PrincipalRow>();
  let timeFrom = events[0].eventTime;
  let timeTo = events[0].eventTime;
  const eventAccount: string[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const a = accountIds[i];
    eventAccount[i] = a;
    if (e.eventTime < timeFrom) timeFrom = e.eventTime;
    if (e.eventTime > timeTo) timeTo = e.eventTime;
    const ref = `${a}\u0000${e.principalKey}`;
    const p = principals.get(ref);
    if (!p) principals.set(ref, { a, k: e.principalKey, t: e.principalType, n: e.principalName, f: e.eventTime, l: e.eventTime, o: own?.has(e.principalKey) ?? false });
    else {
      if (e.eventTime < p.f) p.f = e.eventTime;
      if (e.eventTime > p.l) p.l = e.eventTime;
    }
  }
  const principalRows = [...principals.values()];
  const principalIds = await ensurePrincipals(db, principalRows);
  // One row per (account, event id): ON CONFLICT DO UPDATE may not touch a row twice in one statement.
  const keep = new Map<string, number>();
  for (let i = 0; i < events.length; i++) {
    const key = `${eventAccount[i]}\u0000${events[i].providerEventId}`;
    const prev = keep.get(key);
    if (prev === undefined || (events[i].statusRank ?? -1) > (events[prev].statusRank ?? -1)) keep.set(key, i);
  }
  const chosen = keep.size === events.length ? events.map((_e, i) => i) : [...keep.values()].sort((x, y) => x - y);
  const rows = chosen.map((i) => {
    const e = events[i];
    return {
      a: eventAccount[i],
      p: e.provider,
      e: e.providerEventId,
      t: e.eventTime,
      r: e.region,
      ac: e.action,
      s: e.service,
      c: e.category,
      o: e.outcome,
      ec: e.errorCode,
      ro: e.readOnly,
      mf: e.mfaUsed ?? undefined, // left out of the JSON (null to PostgreSQL) for all but sign-ins
      pi: principalIds.get(`${eventAccount[i]}\u0000${e.principalKey}`), // as text: JSON has no bigint
      sn: e.sessionName,
      ib: e.invokedBy ?? undefined, // left out of the JSON (null to PostgreSQL) for a principal's own calls
      ip: e.sourceIp,
      ua: e.userAgent,
      uf: e.userAgentFamily,
      rs: e.resources,
      own: own?.has(e.principalKey) ?? false,
      sr: e.statusRank ?? null,
    };
  });
  const written = await db.$queryRawUnsafe<Array<{ id: bigint; principal_id: bigint; inserted: boolean }>>(
    INSERT_EVENTS,
    toPostgresJson(rows),
    opts.importRunId ?? null,
    rawsJson(chosen.map((i) => events[i])),
  );
  const insertedIds: bigint[] = [];
  const insertedPerPrincipal = new Map<string, number>();
  for (const r of written) {
    if (!r.inserted) continue;
    insertedIds.push(BigInt(r.id));
    const p = String(r.principal_id);
    insertedPerPrincipal.set(p, (insertedPerPrincipal.get(p) ?? 0) + 1);
  }
  await updatePrincipals(db, principalRows, principalIds, insertedPerPrincipal);
  const updated = written.length - insertedIds.length;
  return { stored: insertedIds.length, duplicates: events.length - insertedIds.length, insertedIds, updated, timeFrom, timeTo };
}

/**
 * The batch's raw records as one JSON array: each the text it arrived in when the parser kept it
 * and PostgreSQL takes it as it is, else serialized.
 */
function rawsJson(events: NormalizedEvent[]): string {
  const parts = new Array<string>(events.length);
  for (let i = 0; i < events.length; i++) {
    const text = events[i].rawText;
    parts[i] = text !== undefined && isVerbatimSafe(text) ? text : toPostgresJson(events[i].raw ?? null);
  }
  return `[${parts.join(",")}]`;
}

async function accountIdsFor(db: TDb, events: NormalizedEvent[], opts: StoreOptions): Promise<string[]> {
  if (opts.accountOverride) return events.map(() => opts.accountOverride!.id);
  const refs = new Map<string, { provider: TProvider; externalId: string }>();
  for (const e of events) refs.set(accountRef(e.provider, e.accountExternalId), { provider: e.provider, externalId: e.accountExternalId });
  const ids = await resolveAccounts(db, [...refs.values()]);
  return events.map((e) => ids.get(accountRef(e.provider, e.accountExternalId))!);
}

// Principal rows are shared by every batch, so concurrent store transactions must not hold their
// locks for long: one batch's lock from its first statement to its commit made the import's two
// transactions in flight take turns (one CPU core busy of two). Here a batch only creates missing
// principals, in key order (DO NOTHING: no lock on existing rows), before the events go in; it locks
// and updates first/last seen and counts in its last statement, in id order, just before commit.
// Both orders are the same in every batch, so two batches never wait for each other in a cycle.

async function ensurePrincipals(db: TDb, rows: PrincipalRow[]): Promise<Map<string, string>> {
  const payload = toPostgresJson(rows);
  // A concurrent batch creating the same principal makes this INSERT wait for its commit; the
  // SELECT (a new snapshot under READ COMMITTED) then sees the row.
  await db.$executeRawUnsafe(
    `INSERT INTO principals (account_id, key, type, display_name, first_seen_at, last_seen_at, event_count, is_own)
     SELECT x.a, x.k, x.t, x.n, x.f, x.l, 0, x.o
     FROM jsonb_to_recordset($1::jsonb) AS x(a uuid, k text, t text, n text, f timestamptz, l timestamptz, o boolean)
     ORDER BY x.a, x.k
     ON CONFLICT (account_id, key) DO NOTHING`,
    payload,
  );
  const found = await db.$queryRawUnsafe<Array<{ id: bigint; account_id: string; key: string }>>(
    `SELECT p.id, p.account_id::text AS account_id, p.key
     FROM principals p JOIN jsonb_to_recordset($1::jsonb) AS x(a uuid, k text) ON p.account_id = x.a AND p.key = x.k`,
    payload,
  );
  return new Map(found.map((p) => [`${p.account_id}\u0000${p.key}`, String(p.id)]));
}

/** First/last seen and is_own are idempotent (LEAST/GREATEST/OR); the count adds only what this batch inserted. */
async function updatePrincipals(db: TDb, rows: PrincipalRow[], ids: Map<string, string>, insertedPerPrincipal: Map<string, number>): Promise<void> {
  const payload = rows.map((p) => {
    const id = ids.get(`${p.a}\u0000${p.k}`)!;
    return { id, f: p.f, l: p.l, o: p.o, n: insertedPerPrincipal.get(id) ?? 0 };
  });
  await db.$executeRawUnsafe(
    `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, f timestamptz, l timestamptz, o boolean, n integer)),
     locked AS (SELECT p.id FROM principals p JOIN x ON x.id = p.id ORDER BY p.id FOR NO KEY UPDATE OF p)
     UPDATE principals p SET
       first_seen_at = LEAST(p.first_seen_at, x.f),
       last_seen_at = GREATEST(p.last_seen_at, x.l),
       is_own = p.is_own OR x.o,
       event_count = p.event_count + x.n
     FROM x, locked
     WHERE p.id = x.id AND locked.id = x.id
       AND (x.n > 0 OR x.f < p.first_seen_at OR x.l > p.last_seen_at OR (x.o AND NOT p.is_own))`,
    toPostgresJson(payload),
  );
}

// Inserts the events, or moves a stored Azure operation to a more final status. xmax = 0 tells an
// inserted row from an updated one. The raw records come as their own array ($3), zipped with the
// rows by ROWS FROM, so their texts are joined rather than serialized again. The rows travel as
// json, not jsonb: read once, field by field, they need no jsonb tree (~2.5 µs less per event).
const INSERT_EVENTS = `
INSERT INTO events (account_id, provider, provider_event_id, event_time, region, action, service, category, outcome,
  error_code, read_only, mfa_used, principal_id, session_name, invoked_by, source_ip, user_agent, user_agent_family, resources, raw,
  is_own, import_run_id, status_rank)
SELECT x.a, x.p::"Provider", x.e, x.t, x.r, x.ac, x.s, x.c, x.o, x.ec, x.ro, x.mf, x.pi, x.sn, x.ib, x.ip, x.ua, x.uf,
  COALESCE(x.rs, '[]'::jsonb), x.raw, x.own, $2::bigint, x.sr
FROM ROWS FROM (
  json_to_recordset($1::json) AS (a uuid, p text, e text, t timestamptz, r text, ac text, s text, c text, o text,
    ec text, ro boolean, mf boolean, pi bigint, sn text, ib text, ip text, ua text, uf text, rs jsonb, own boolean, sr smallint),
  jsonb_array_elements($3::jsonb)
) AS x(a, p, e, t, r, ac, s, c, o, ec, ro, mf, pi, sn, ib, ip, ua, uf, rs, own, sr, raw)
ON CONFLICT (account_id, provider_event_id) DO UPDATE SET
  outcome = EXCLUDED.outcome, error_code = EXCLUDED.error_code, raw = EXCLUDED.raw, status_rank = EXCLUDED.status_rank
WHERE events.status_rank < EXCLUDED.status_rank
RETURNING id, principal_id, (xmax = 0) AS inserted`;
