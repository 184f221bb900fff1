import "server-only";
import type { TPrisma } from "@/lib/server/db/client";
import { accountRef, resolveAccounts } from "./store-accounts";
import type { TDb } from "./store-accounts";
import { toPostgresJson } from "./store-json";
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

/** One transaction: accounts, principals, events; see StoreResult. `db` may be an open transaction. */
export async function storeEvents(db: TDb, events: NormalizedEvent[], opts: StoreOptions = {}): Promise<StoreResult> {
  if (events.length === 0) return { stored: 0, duplicates: 0, insertedIds: [], updated: 0, timeFrom: null, timeTo: null };
  if ("$transaction" in db) return (db as TPrisma).$transaction((tx) => storeInTransaction(tx, events, opts), TRANSACTION);
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
  // Sorted so concurrent imports lock principal rows in the same order (no deadlocks).
  const principalRows = [...principals.values()].sort((x, y) => (x.a === y.a ? (x.k < y.k ? -1 : x.k > y.k ? 1 : 0) : x.a < y.a ? -1 : 1));
  const principalIds = await upsertPrincipals(db, principalRows);
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
      pi: principalIds.get(`${eventAccount[i]}\u0000${e.principalKey}`), // as text: JSON has no bigint
      sn: e.sessionName,
      ip: e.sourceIp,
      ua: e.userAgent,
      uf: e.userAgentFamily,
      rs: e.resources,
      raw: e.raw,
      own: own?.has(e.principalKey) ?? false,
      sr: e.statusRank ?? null,
    };
  });
  const written = await db.$queryRawUnsafe<Array<{ id: bigint; inserted: boolean }>>(INSERT_EVENTS, toPostgresJson(rows), opts.importRunId ?? null);
  const insertedIds = written.filter((r) => r.inserted).map((r) => BigInt(r.id));
  const updated = written.length - insertedIds.length;
  return { stored: insertedIds.length, duplicates: events.length - insertedIds.length, insertedIds, updated, timeFrom, timeTo };
}

async function accountIdsFor(db: TDb, events: NormalizedEvent[], opts: StoreOptions): Promise<string[]> {
  if (opts.accountOverride) return events.map(() => opts.accountOverride!.id);
  const refs = new Map<string, { provider: TProvider; externalId: string }>();
  for (const e of events) refs.set(accountRef(e.provider, e.accountExternalId), { provider: e.provider, externalId: e.accountExternalId });
  const ids = await resolveAccounts(db, [...refs.values()]);
  return events.map((e) => ids.get(accountRef(e.provider, e.accountExternalId))!);
}

async function upsertPrincipals(db: TDb, rows: PrincipalRow[]): Promise<Map<string, string>> {
  // First/last seen and is_own are idempotent (LEAST/GREATEST/OR); event_count moves in INSERT_EVENTS.
  const found = await db.$queryRawUnsafe<Array<{ id: bigint; account_id: string; key: string }>>(
    `INSERT INTO principals (account_id, key, type, display_name, first_seen_at, last_seen_at, event_count, is_own)
     SELECT x.a, x.k, x.t, x.n, x.f, x.l, 0, x.o
     FROM jsonb_to_recordset($1::jsonb) AS x(a uuid, k text, t text, n text, f timestamptz, l timestamptz, o boolean)
     ON CONFLICT (account_id, key) DO UPDATE SET
       first_seen_at = LEAST(principals.first_seen_at, EXCLUDED.first_seen_at),
       last_seen_at = GREATEST(principals.last_seen_at, EXCLUDED.last_seen_at),
       is_own = principals.is_own OR EXCLUDED.is_own
     RETURNING id, account_id::text AS account_id, key`,
    toPostgresJson(rows),
  );
  return new Map(found.map((p) => [`${p.account_id}\u0000${p.key}`, String(p.id)]));
}

// One statement inserts the events (or moves a stored Azure operation to a more final status) and
// adds what it inserted to the principals' counts. xmax = 0 tells an inserted row from an updated one.
const INSERT_EVENTS = `
WITH ins AS (
  INSERT INTO events (account_id, provider, provider_event_id, event_time, region, action, service, category, outcome,
    error_code, read_only, principal_id, session_name, source_ip, user_agent, user_agent_family, resources, raw, is_own,
    import_run_id, status_rank)
  SELECT x.a, x.p::"Provider", x.e, x.t, x.r, x.ac, x.s, x.c, x.o, x.ec, x.ro, x.pi, x.sn, x.ip, x.ua, x.uf,
    COALESCE(x.rs, '[]'::jsonb), x.raw, x.own, $2::bigint, x.sr
  FROM jsonb_to_recordset($1::jsonb) AS x(a uuid, p text, e text, t timestamptz, r text, ac text, s text, c text, o text,
    ec text, ro boolean, pi bigint, sn text, ip text, ua text, uf text, rs jsonb, raw jsonb, own boolean, sr smallint)
  ON CONFLICT (account_id, provider_event_id) DO UPDATE SET
    outcome = EXCLUDED.outcome, error_code = EXCLUDED.error_code, raw = EXCLUDED.raw, status_rank = EXCLUDED.status_rank
  WHERE events.status_rank < EXCLUDED.status_rank
  RETURNING id, principal_id, (xmax = 0) AS inserted
), counted AS (
  UPDATE principals p SET event_count = p.event_count + c.n
  FROM (SELECT principal_id, count(*) AS n FROM ins WHERE inserted GROUP BY principal_id) c
  WHERE p.id = c.principal_id
)
SELECT id, inserted FROM ins`;
