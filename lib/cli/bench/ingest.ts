import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { spawnSync } from "node:child_process";
import { createPrisma } from "@/lib/server/db/client";
import { createTestDatabase } from "@/test/helpers/db";
import { datasetsDir } from "@/lib/server/datasets";
import { loadTemplates, writeObject } from "@/lib/server/ingest/bench-parse";
import { importFiles } from "@/lib/server/ingest/import-files";
import { parseFileBatches } from "@/lib/server/ingest/parse-file";
import { startTsWorker } from "@/ml/ts-worker";
import { parseOptions } from "../command";
import { info, printJson } from "../output";
import { backendsCpuMs, backendsCpuSince, measureStoreOnly } from "@/lib/server/ingest/store-bench";

// `trailwatch bench ingest [--json] [--events N]`: parse and store throughput on gzip S3 delivery
// objects synthesized from real records (bench-parse.ts), into a scratch database (a new database
// on the DATABASE_URL server, else an in-memory PGlite), dropped afterwards.

async function parseSerial(files: string[]): Promise<{ events: number; seconds: number; cpuSeconds: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let events = 0;
  for (const file of files) for await (const batch of parseFileBatches(file)) for (const r of batch) if (r.kind === "event") events++;
  const cpu = process.cpuUsage(cpu0);
  return { events, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

async function parseParallel(files: string[], threads: number): Promise<{ events: number; seconds: number }> {
  const script = path.resolve(import.meta.dirname, "../../server/ingest/import-parse-worker.ts");
  const workers = Array.from({ length: threads }, (_, i) => startTsWorker(script, { files: files.filter((_f, k) => k % threads === i) }));
  const next = (w: Worker) =>
    new Promise<unknown>((resolve, reject) => {
      w.once("message", resolve);
      w.once("error", reject);
    });
  await Promise.all(workers.map(next));
  const t0 = performance.now();
  const done = workers.map(next);
  for (const w of workers) w.postMessage("start");
  const counts = (await Promise.all(done)) as Array<{ events: number }>;
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  return { events: counts.reduce((a, c) => a + c.events, 0), seconds };
}

function perThousand(ms: number, events: number): number {
  return Math.round((ms / Math.max(events, 1)) * 1000 * 10) / 10;
}

function watchRss(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return () => {
    clearInterval(timer);
    return Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20);
  };
}

async function synthesize(dir: string, objects: number, perObject: number, start: { t: number; k: number }): Promise<string[]> {
  const templates = loadTemplates(datasetsDir());
  const files: string[] = [];
  for (let i = 0; i < objects; i++) {
    const file = path.join(dir, `111122223333_CloudTrail_us-east-1_${String(i).padStart(4, "0")}.json.gz`);
    await writeObject(file, templates, perObject, start);
    files.push(file);
  }
  return files;
}

const MEMORY_RUN_HEAP_MB = 256;

function memoryRun(url: string, file: string): { maxRssMb: number; heapCapMb: number } {
  const bin = path.resolve(import.meta.dirname, "../../../bin/trailwatch.mjs");
  const child = spawnSync(process.execPath, [`--max-old-space-size=${MEMORY_RUN_HEAP_MB}`, bin, "bench", "ingest", "--memory-run", file], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (child.status !== 0) throw new Error(`memory run failed (${child.status}): ${child.stderr.slice(-2000)}`);
  return { ...(JSON.parse(child.stdout) as { maxRssMb: number }), heapCapMb: MEMORY_RUN_HEAP_MB };
}

/** The child side of memoryRun: import one file into DATABASE_URL, print the process's peak RSS. */
async function runMemoryChild(file: string): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("--memory-run needs DATABASE_URL");
  const prisma = createPrisma(url, { max: 4 });
  try {
    await importFiles(prisma, [file]);
  } finally {
    await prisma.$disconnect();
  }
  process.stdout.write(JSON.stringify({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  return 0;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { json: { type: "boolean" }, events: { type: "string" }, batch: { type: "string" }, "memory-run": { type: "string" } });
  if (values["memory-run"]) return runMemoryChild(values["memory-run"]);
  const total = Number(values.events ?? 200_000);
  const batchSize = Number(values.batch ?? 4000);
  const perObject = 2000;
  const log = values.json ? () => undefined : info;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trailwatch-bench-ingest-"));
  const db = await createTestDatabase();
  try {
    const start = { t: Date.UTC(2024, 0, 1), k: 0 };
    const files = await synthesize(dir, Math.ceil(total / perObject), perObject, start);
    log(`synthesized ${files.length} objects of ${perObject} events`);
    // Memory flat in file size: single objects 5× and 50× the usual, each imported by a child process whose
    // JavaScript heap is capped at MEMORY_RUN_HEAP_MB (it would die if memory grew with the file).
    const memoryRuns: Array<{ events: number; maxRssMb: number; heapCapMb: number }> = [];
    for (const events of [perObject * 5, perObject * 50]) {
      const [file] = await synthesize(fs.mkdtempSync(path.join(dir, "single-")), 1, events, start);
      memoryRuns.push({ events, ...memoryRun(db.url, file) });
      log(`single object of ${events} events, heap capped at ${MEMORY_RUN_HEAP_MB} MB: max RSS ${memoryRuns.at(-1)!.maxRssMb} MB`);
      fs.rmSync(file);
    }

    const serial = await parseSerial(files);
    log(`parse, one thread: ${Math.round(serial.events / serial.seconds)} events/s`);
    const threads = os.availableParallelism();
    const parallel = await parseParallel(files, threads);
    log(`parse, ${threads} threads: ${Math.round(parallel.events / parallel.seconds)} events/s`);

    const pgBefore = await backendsCpuMs(db);
    const stopRss = watchRss();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const imported = await importFiles(db.prisma, files, { batchSize });
    const importSeconds = (performance.now() - t0) / 1000;
    const importRss = stopRss();
    const nodeCpu = process.cpuUsage(cpu0);
    const pgCpuMs = backendsCpuSince(pgBefore, await backendsCpuMs(db));
    const importCpu = { nodeMsPer1000: perThousand((nodeCpu.user + nodeCpu.system) / 1000, imported.parsed), postgresMsPer1000: pgCpuMs === null ? null : perThousand(pgCpuMs, imported.parsed) };
    log(`import: ${imported.stored} stored in ${importSeconds.toFixed(1)} s, peak RSS ${importRss} MB`);

    // Last: it holds 20,000 parsed events in memory, which would inflate the import's peak RSS.
    const storeOnly = await measureStoreOnly(db, files.slice(0, 10), batchSize, log);

    const result = {
      parseEventsPerSecond: Math.round(parallel.events / parallel.seconds),
      parseThreads: threads,
      parseEventsPerSecondOneThread: Math.round(serial.events / serial.seconds),
      parseEventsPerCpuSecond: Math.round(serial.events / serial.cpuSeconds),
      storeEventsPerSecond: Math.round(imported.stored / importSeconds),
      storeOnly,
      importCpu,
      // What the CPU figures allow on this machine when nothing else runs: the import process is mostly one
      // thread, PostgreSQL's backends run beside it; both share the cores.
      projectedIdleStoreEventsPerSecond: importCpu.postgresMsPer1000 === null ? null : Math.round(
        1_000_000 / Math.max(importCpu.nodeMsPer1000, importCpu.postgresMsPer1000, (importCpu.nodeMsPer1000 + importCpu.postgresMsPer1000) / os.availableParallelism()),
      ),
      peakRssMb: importRss,
      events: imported.stored,
      batchSize,
      database: db.kind,
      memoryRuns,
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    };
    if (values.json) printJson(result);
    else info(JSON.stringify(result, null, 2));
    return 0;
  } finally {
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
