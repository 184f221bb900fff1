import fs from "node:fs";
import pg from "pg";
import type { TestDatabase } from "@/test/helpers/db";
import { parseFileBatches } from "./parse-file";
import { storeEvents } from "./store";
import type { TDb } from "./store-accounts";
import type { NormalizedEvent } from "./types";

// Store throughput alone (events already parsed, in memory), through Prisma's driver adapter and
// through a bare `pg` client running the same SQL: what the adapter costs, and what batch size buys.
// Used by `trailwatch bench ingest`.

export interface TStoreOnlyRun {
  via: "prisma" | "pg";
  batchSize: number;
  eventsPerSecond: number;
  /** CPU time per 1,000 events, this process and (when the server runs on this host) its PostgreSQL backend: unlike wall clock, unaffected by other load. */
  cpuMsPer1000?: { node: number; postgres: number | null };
}

/** CPU milliseconds a local process has used, from /proc (null when the server is elsewhere). */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}

/** The two raw-query methods storeEvents uses, over one pg client (int8 comes back as text; the store accepts both). */
function pgAsDb(client: pg.Client): TDb {
  const query = async (sql: string, ...values: unknown[]) => (await client.query(sql, values)).rows;
  const exec = async (sql: string, ...values: unknown[]) => (await client.query(sql, values)).rowCount ?? 0;
  return { $queryRawUnsafe: query, $executeRawUnsafe: exec } as unknown as TDb;
}

async function loadEvents(files: string[]): Promise<NormalizedEvent[]> {
  const events: NormalizedEvent[] = [];
  for (const file of files) for await (const batch of parseFileBatches(file)) for (const r of batch) if (r.kind === "event") events.push(r.event);
  return events;
}

async function timeStore(events: NormalizedEvent[], batchSize: number, tag: string, store: (batch: NormalizedEvent[]) => Promise<unknown>): Promise<number> {
  const fresh = events.map((e) => ({ ...e, providerEventId: `${e.providerEventId}-${tag}` }));
  const t0 = performance.now();
  for (let i = 0; i < fresh.length; i += batchSize) await store(fresh.slice(i, i + batchSize));
  return Math.round(fresh.length / ((performance.now() - t0) / 1000));
}

export async function measureStoreOnly(db: TestDatabase, files: string[], batchSize: number, log: (line: string) => void): Promise<TStoreOnlyRun[]> {
  const events = await loadEvents(files);
  const runs: TStoreOnlyRun[] = [];
  for (const size of [...new Set([1000, batchSize])]) {
    const eps = await timeStore(events, size, `prisma${size}`, (batch) => storeEvents(db.prisma, batch));
    runs.push({ via: "prisma", batchSize: size, eventsPerSecond: eps });
    log(`store only, Prisma adapter, batches of ${size}: ${eps} events/s`);
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const backend = Number((await client.query("SELECT pg_backend_pid() AS pid")).rows[0].pid);
    const pg0 = processCpuMs(backend);
    const node0 = process.cpuUsage();
    const eps = await timeStore(events, batchSize, "pg", async (batch) => {
      await client.query("BEGIN");
      try {
        await storeEvents(pgAsDb(client), batch);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    });
    const node = process.cpuUsage(node0);
    const pg1 = processCpuMs(backend);
    const per1000 = (ms: number) => Math.round((ms / events.length) * 1000 * 10) / 10;
    const cpuMsPer1000 = { node: per1000((node.user + node.system) / 1000), postgres: pg0 === null || pg1 === null ? null : per1000(pg1 - pg0) };
    runs.push({ via: "pg", batchSize, eventsPerSecond: eps, cpuMsPer1000 });
    log(`store only, bare pg client, batches of ${batchSize}: ${eps} events/s; CPU per 1,000 events: node ${cpuMsPer1000.node} ms, postgres ${cpuMsPer1000.postgres ?? "?"} ms`);
  } finally {
    await client.end();
  }
  return runs;
}
