import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { createTestDatabase } from "@/test/helpers/db";
import { DATASETS_DIR } from "@/test/helpers/datasets";
import { loadTemplates, writeObject } from "@/lib/server/ingest/bench-parse";
import { importFiles } from "@/lib/server/ingest/import-files";
import { parseFileBatches } from "@/lib/server/ingest/parse-file";
import { parseOptions } from "../command";
import { info, printJson } from "../output";
import { measureStoreOnly } from "@/lib/server/ingest/store-bench";

// `trailwatch bench ingest [--json] [--events N]`: parse and store throughput on gzip S3 delivery
// objects synthesized from real records (bench-parse.ts), into a scratch database (a new database
// on the DATABASE_URL server, else an in-memory PGlite), dropped afterwards.

async function parseSerial(files: string[]): Promise<{ events: number; seconds: number }> {
  const t0 = performance.now();
  let events = 0;
  for (const file of files) for await (const batch of parseFileBatches(file)) for (const r of batch) if (r.kind === "event") events++;
  return { events, seconds: (performance.now() - t0) / 1000 };
}

async function parseParallel(files: string[], threads: number): Promise<{ events: number; seconds: number }> {
  const script = path.resolve(import.meta.dirname, "../../server/ingest/import-parse-worker.ts");
  const t0 = performance.now();
  const shares = Array.from({ length: threads }, (_, i) => files.filter((_f, k) => k % threads === i));
  const counts = await Promise.all(
    shares.map(
      (share) =>
        new Promise<number>((resolve, reject) => {
          // Workers do not inherit the tsx loader the CLI registered: register it before loading the TypeScript entry.
          const boot = `(async () => { (await import("tsx/esm/api")).register(); await import(${JSON.stringify(pathToFileURL(script).href)}); })()`;
          const worker = new Worker(boot, { eval: true, workerData: { files: share } });
          worker.once("message", (m: { events: number }) => resolve(m.events));
          worker.once("error", reject);
        }),
    ),
  );
  return { events: counts.reduce((a, b) => a + b, 0), seconds: (performance.now() - t0) / 1000 };
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
  const templates = loadTemplates(DATASETS_DIR);
  const files: string[] = [];
  for (let i = 0; i < objects; i++) {
    const file = path.join(dir, `111122223333_CloudTrail_us-east-1_${String(i).padStart(4, "0")}.json.gz`);
    await writeObject(file, templates, perObject, start);
    files.push(file);
  }
  return files;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { json: { type: "boolean" }, events: { type: "string" }, batch: { type: "string" } });
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
    const serial = await parseSerial(files);
    log(`parse, one thread: ${Math.round(serial.events / serial.seconds)} events/s`);
    const threads = os.availableParallelism();
    const parallel = await parseParallel(files, threads);
    log(`parse, ${threads} threads: ${Math.round(parallel.events / parallel.seconds)} events/s`);

    const storeOnly = await measureStoreOnly(db, files.slice(0, 10), batchSize, log);

    const stopRss = watchRss();
    const t0 = performance.now();
    const imported = await importFiles(db.prisma, files, { batchSize });
    const importSeconds = (performance.now() - t0) / 1000;
    const importRss = stopRss();
    log(`import: ${imported.stored} stored in ${importSeconds.toFixed(1)} s, peak RSS ${importRss} MB`);

    // Memory flat in file size: one object 1× and 5× the size of the others, imported alone.
    const memoryRuns: Array<{ events: number; peakRssMb: number }> = [];
    for (const events of [perObject * 5, perObject * 25]) {
      const [file] = await synthesize(fs.mkdtempSync(path.join(dir, "single-")), 1, events, start);
      const stop = watchRss();
      await importFiles(db.prisma, [file], { batchSize });
      memoryRuns.push({ events, peakRssMb: stop() });
      log(`single object of ${events} events: peak RSS ${memoryRuns.at(-1)!.peakRssMb} MB`);
    }

    const result = {
      parseEventsPerSecond: Math.round(parallel.events / parallel.seconds),
      parseThreads: threads,
      parseEventsPerSecondOneThread: Math.round(serial.events / serial.seconds),
      storeEventsPerSecond: Math.round(imported.stored / importSeconds),
      storeOnly,
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
