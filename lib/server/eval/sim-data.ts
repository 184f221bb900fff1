/**
 * The simulated side of the report: generate an organisation into a temp folder, parse its logs
 * through the real ingest parser, split chronologically at a fraction of the period, and read the
 * attack labels and principal kinds from labels.jsonl / manifest.json.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateDemoOrg } from "@/lib/server/demo/generate";
import { eventsFromFiles } from "@/lib/server/ml/events-from-files";
import type { MlEvent } from "@/ml/types";
import type { PrincipalGroup } from "./detector-metrics";

export interface SimData {
  train: MlEvent[];
  test: MlEvent[];
  labels: Map<string, string>;
  /** Event ids of the generator's benign oddities (benign-oddities.jsonl): normal, but rare on purpose. */
  oddities: Set<string>;
  kinds: Map<string, PrincipalGroup>;
  period: { start: string; end: string; splitAt: string };
  generated: { events: number; files: number; labels: number; principals: number; seconds: number };
  parse: { events: number; rejects: number; seconds: number };
}

export interface SimDataOptions {
  days: number;
  seed: number;
  split: number;
  onProgress?: (stage: "generate" | "parse", line: string) => void;
  /** Keep the generated folder (default: removed once parsed). */
  keepDir?: boolean;
}

/** Service and scanner principals are machines too: the automation group of the targets. */
export function groupOfKind(kind: string): PrincipalGroup {
  return kind === "human" ? "human" : "automation";
}

function readJsonl(file: string): Array<Record<string, unknown>> {
  return fs.readFileSync(file, "utf8").split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function readLabelsJsonl(file: string): Map<string, string> {
  const labels = new Map<string, string>();
  for (const row of readJsonl(file)) if (typeof row.eventId === "string" && typeof row.technique === "string") labels.set(row.eventId, row.technique);
  return labels;
}

/** Event ids of benign-oddities.jsonl (an empty set when the generator wrote none). */
export function readOddityIds(file: string): Set<string> {
  if (!fs.existsSync(file)) return new Set();
  return new Set(readJsonl(file).flatMap((row) => (typeof row.eventId === "string" ? [row.eventId] : [])));
}

export async function loadSimData(o: SimDataOptions): Promise<SimData> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tw-eval-report-"));
  try {
    const t0 = Date.now();
    const gen = await generateDemoOrg({
      outDir: dir,
      days: o.days,
      seed: o.seed,
      onProgress: (p) => o.onProgress?.("generate", `day ${p.day}/${p.days}, ${p.events.toLocaleString("en-US")} events`),
    });
    const t1 = Date.now();
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as { period: { start: string; end: string }; principals: { key: string; kind: string }[] };
    const logDirs = ["AWSLogs", "azure"].map((d) => path.join(dir, d)).filter((d) => fs.existsSync(d));
    const parsed = await eventsFromFiles(logDirs, { onFile: (_f, t) => o.onProgress?.("parse", `${t.files} files, ${t.events.toLocaleString("en-US")} events`) });
    const t2 = Date.now();
    const start = Date.parse(manifest.period.start);
    const splitMs = start + o.split * (Date.parse(manifest.period.end) - start);
    const train: MlEvent[] = [];
    const test: MlEvent[] = [];
    for (const e of parsed.events) (Number(e.eventTime) < splitMs ? train : test).push(e);
    return {
      train,
      test,
      labels: readLabelsJsonl(path.join(dir, "labels.jsonl")),
      oddities: readOddityIds(path.join(dir, "benign-oddities.jsonl")),
      kinds: new Map(manifest.principals.map((p) => [p.key, groupOfKind(p.kind)])),
      period: { start: manifest.period.start, end: manifest.period.end, splitAt: new Date(splitMs).toISOString() },
      generated: { events: gen.events, files: gen.files, labels: gen.labels, principals: gen.principals, seconds: (t1 - t0) / 1000 },
      parse: { events: parsed.events.length, rejects: parsed.rejects, seconds: (t2 - t1) / 1000 },
    };
  } finally {
    if (!o.keepDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
