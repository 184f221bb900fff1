import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { datasetsDir as resolveDatasetsDir } from "@/lib/server/datasets";
import { parseFile, parseFileBatches } from "./parse-file";

// Throughput and memory benchmark of parse+normalize on gzip S3 delivery objects. The objects are
// synthesized from real records (prisma/seed/datasets: Stratus detonations, console sessions) with fresh
// eventIDs and advancing times. Console-session records had their identity stripped by the
// publisher; they get the identity block of a real detonation record back, so record sizes match
// what a trail delivers (~1–2 KB). Run: `npx tsx lib/server/ingest/bench-parse.ts`.

export interface TBenchOptions {
  /** Uncompressed megabytes of S3 objects to synthesize for the throughput run. Default 300. */
  totalMb?: number;
  /** Records per S3 object. Default 2,000 (a busy account's 5-minute object). */
  recordsPerObject?: number;
  /** Uncompressed sizes (MB) of the single-object runs whose peak RSS is compared. Default [50, 400]. */
  memoryRunsMb?: number[];
  datasetsDir?: string;
  /** Synthesize into (and reuse) this directory instead of a deleted temp dir: for profiling. */
  reuseDir?: string;
  log?: (line: string) => void;
}

export interface TBenchResult {
  /** Wall clock, parseFileBatches over all objects, one after another. */
  parseEventsPerSecond: number;
  events: number;
  peakRssMb: number;
  mbPerSecond: number;
  /** Events per second of process CPU time (all threads, zlib's included): less sensitive to other load on the machine. */
  eventsPerCpuSecond: number;
  /** Wall clock through the one-result-at-a-time parseFile iterator, on a quarter of the objects. */
  perResultIteratorEventsPerSecond: number;
  avgRecordBytes: number;
  memoryRuns: Array<{ uncompressedMb: number; events: number; peakRssMb: number; eventsPerSecond: number }>;
}

export type TTemplate = [string, string, string]; // JSON text around the eventID and eventTime values

export function loadTemplates(datasetsDir: string): TTemplate[] {
  const readArray = (file: string): Array<Record<string, unknown>> => JSON.parse(fs.readFileSync(file, "utf8"));
  const attacksDir = path.join(datasetsDir, "aws/attacks/stratus-detonations");
  const full = fs.readdirSync(attacksDir).filter((f) => f.endsWith(".json")).flatMap((f) => readArray(path.join(attacksDir, f)));
  const identities = full.filter((r) => (r.userIdentity as { type?: string } | undefined)?.type === "AssumedRole");
  const sessionsDir = path.join(datasetsDir, "aws/benign/console-sessions");
  const sessions = fs
    .readdirSync(sessionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readArray(path.join(sessionsDir, d.name, "InputEvents.json")));
  const restored = sessions.map((r, i) => {
    const donor = identities[i % identities.length];
    const { userIdentity, sourceIPAddress, recipientAccountId, eventVersion, tlsDetails } = donor;
    return { eventVersion, userIdentity, sourceIPAddress, ...r, eventType: "AwsApiCall", managementEvent: true, recipientAccountId, eventCategory: "Management", tlsDetails };
  });
  return [...full, ...restored].map((r: Record<string, unknown>) => {
    const { eventVersion, eventID: _id, eventTime: _time, ...fields } = r;
    const text = JSON.stringify({ eventVersion, eventID: "@@ID@@", eventTime: "@@TIME@@", ...fields });
    const [a, rest] = text.split('"@@ID@@"');
    const [b, c] = rest.split('"@@TIME@@"');
    return [a, b, c];
  });
}

export async function writeObject(file: string, templates: TTemplate[], records: number, start: { t: number; k: number }): Promise<number> {
  let bytes = 0;
  async function* body(): AsyncGenerator<string> {
    yield '{"Records":[';
    let batch: string[] = [];
    for (let i = 0; i < records; i++) {
      const [a, b, c] = templates[start.k++ % templates.length];
      const time = new Date((start.t += 150)).toISOString().slice(0, 19) + "Z";
      const rec = `${i ? "," : ""}${a}"${randomUUID()}"${b}"${time}"${c}`;
      bytes += rec.length;
      batch.push(rec);
      if (batch.length === 500) {
        yield batch.join("");
        batch = [];
      }
    }
    yield batch.join("") + "]}";
  }
  await pipeline(Readable.from(body()), zlib.createGzip({ level: 6 }), fs.createWriteStream(file));
  return bytes;
}

async function parseAll(files: string[], perResult = false): Promise<{ events: number; seconds: number; cpuSeconds: number; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let events = 0;
  for (const file of files) {
    if (perResult) {
      for await (const r of parseFile(file)) if (r.kind === "event") events++;
      continue;
    }
    for await (const batch of parseFileBatches(file)) {
      for (const r of batch) if (r.kind === "event") events++;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(timer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { events, seconds, cpuSeconds, peakRss };
}

export async function benchParse(opts: TBenchOptions = {}): Promise<TBenchResult> {
  const log = opts.log ?? (() => undefined);
  const datasetsDir = opts.datasetsDir ?? resolveDatasetsDir();
  const templates = loadTemplates(datasetsDir);
  const avgRecordBytes = Math.round(templates.reduce((s, t) => s + t[0].length + t[1].length + t[2].length + 60, 0) / templates.length);
  const perObject = opts.recordsPerObject ?? 2000;
  const totalBytes = (opts.totalMb ?? 300) * 1e6;
  const dir = opts.reuseDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "trailwatch-bench-"));
  const start = { t: Date.UTC(2024, 0, 1), k: 0 };
  try {
    fs.mkdirSync(dir, { recursive: true });
    const files = fs.readdirSync(dir).filter((f) => f.startsWith("1111")).map((f) => path.join(dir, f));
    let written = files.length * perObject * avgRecordBytes; // reused objects: estimated
    while (written < totalBytes) {
      const file = path.join(dir, `111122223333_CloudTrail_us-east-1_${files.length}_${randomUUID().slice(0, 8)}.json.gz`);
      written += await writeObject(file, templates, perObject, start);
      files.push(file);
    }
    log(`synthesized ${files.length} objects, ${(written / 1e6).toFixed(0)} MB uncompressed, avg record ${avgRecordBytes} B`);
    const run = await parseAll(files);
    log(`parsed ${run.events} events in ${run.seconds.toFixed(2)} s (${run.cpuSeconds.toFixed(2)} CPU s)`);
    const iter = await parseAll(files.slice(0, Math.max(1, Math.floor(files.length / 4))), true);
    const memoryRuns: TBenchResult["memoryRuns"] = [];
    for (const mb of opts.memoryRunsMb ?? [50, 400]) {
      const file = path.join(dir, `single-${mb}MB.json.gz`);
      await writeObject(file, templates, Math.round((mb * 1e6) / avgRecordBytes), start);
      const r = await parseAll([file]);
      fs.rmSync(file);
      memoryRuns.push({ uncompressedMb: mb, events: r.events, peakRssMb: Math.round(r.peakRss / 2 ** 20), eventsPerSecond: Math.round(r.events / r.seconds) });
      log(`single ${mb} MB object: ${r.events} events, peak RSS ${Math.round(r.peakRss / 2 ** 20)} MB`);
    }
    return {
      parseEventsPerSecond: Math.round(run.events / run.seconds),
      events: run.events,
      peakRssMb: Math.round(run.peakRss / 2 ** 20),
      mbPerSecond: Math.round(written / 1e6 / run.seconds),
      eventsPerCpuSecond: Math.round(run.events / run.cpuSeconds),
      perResultIteratorEventsPerSecond: Math.round(iter.events / iter.seconds),
      avgRecordBytes,
      memoryRuns,
    };
  } finally {
    if (!opts.reuseDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === `file://${path.resolve(process.argv[1])}`) {
  benchParse({ log: (line) => console.log(line) }).then((result) => console.log(JSON.stringify(result, null, 2)));
}
