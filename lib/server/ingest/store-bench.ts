import fs from "node:fs";
import type { TestDatabase } from "@/test/helpers/db";
import { parseFileBatches } from "./parse-file";
import { storeEvents } from "./store";
import type { NormalizedEvent } from "./types";

// Store throughput alone (events already parsed, in memory), one batch after another: on the
// client's own pool, as imports write (store.ts), and inside Prisma transactions, as connectors
// write (they commit a checkpoint with their events): what Prisma's parameter handling costs, and
// what batch size buys. Used by `trailwatch bench ingest`.

export interface TStoreOnlyRun {
  via: "pool" | "prisma-transaction";
  batchSize: number;
  eventsPerSecond: number;
  /** CPU time per 1,000 events, this process and (when the server runs on this host) the database's backends: unlike wall clock, unaffected by other load. */
  cpuMsPer1000: { node: number; postgres: number | null };
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

/** CPU milliseconds used so far by each backend connected to the database (null entries: not on this host). */
export async function backendsCpuMs(db: TestDatabase): Promise<Map<number, number | null>> {
  const rows = await db.prisma.$queryRawUnsafe<Array<{ pid: number }>>("SELECT pid FROM pg_stat_activity WHERE datname = current_database()");
  return new Map(rows.map((r) => [Number(r.pid), processCpuMs(Number(r.pid))]));
}

/** Backend CPU used since `before` (backends that connected since count from zero); null when any is unreadable. */
export function backendsCpuSince(before: Map<number, number | null>, after: Map<number, number | null>): number | null {
  let total = 0;
  for (const [pid, ms] of after) {
    if (ms === null) return null;
    total += ms - (before.get(pid) ?? 0);
  }
  return total;
}

async function loadEvents(files: string[]): Promise<NormalizedEvent[]> {
  const events: NormalizedEvent[] = [];
  for (const file of files) for await (const batch of parseFileBatches(file)) for (const r of batch) if (r.kind === "event") events.push(r.event);
  return events;
}

async function timeStore(db: TestDatabase, events: NormalizedEvent[], run: Omit<TStoreOnlyRun, "eventsPerSecond" | "cpuMsPer1000">): Promise<TStoreOnlyRun> {
  const tag = `${run.via}${run.batchSize}`;
  const fresh = events.map((e) => ({ ...e, providerEventId: `${e.providerEventId}-${tag}` }));
  const store = run.via === "pool" ? (batch: NormalizedEvent[]) => storeEvents(db.prisma, batch) : (batch: NormalizedEvent[]) => db.prisma.$transaction((tx) => storeEvents(tx, batch));
  await db.prisma.$queryRawUnsafe("SELECT 1");
  const pg0 = await backendsCpuMs(db);
  const node0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < fresh.length; i += run.batchSize) await store(fresh.slice(i, i + run.batchSize));
  const seconds = (performance.now() - t0) / 1000;
  const node = process.cpuUsage(node0);
  const pg = backendsCpuSince(pg0, await backendsCpuMs(db));
  const per1000 = (ms: number) => Math.round((ms / fresh.length) * 1000 * 10) / 10;
  return { ...run, eventsPerSecond: Math.round(fresh.length / seconds), cpuMsPer1000: { node: per1000((node.user + node.system) / 1000), postgres: pg === null ? null : per1000(pg) } };
}

export async function measureStoreOnly(db: TestDatabase, files: string[], batchSize: number, log: (line: string) => void): Promise<TStoreOnlyRun[]> {
  const events = await loadEvents(files);
  const runs: TStoreOnlyRun[] = [];
  const plan: Array<[TStoreOnlyRun["via"], number]> = [...new Set([1000, batchSize])].map((size) => ["pool", size]);
  plan.push(["prisma-transaction", batchSize]);
  for (const [via, size] of plan) {
    const r = await timeStore(db, events, { via, batchSize: size });
    runs.push(r);
    log(`store only, ${via === "pool" ? "on the client's pool" : "in Prisma transactions"}, batches of ${size}: ${r.eventsPerSecond} events/s; CPU per 1,000 events: node ${r.cpuMsPer1000.node} ms, postgres ${r.cpuMsPer1000.postgres ?? "?"} ms`);
  }
  return runs;
}
