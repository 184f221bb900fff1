import path from "node:path";
import { generateDemoOrg } from "@/lib/server/demo/generate";
import { UsageError, parseOptions } from "../command";
import { Progress, formatRate, info, printJson } from "../output";

export const usage = `Usage: trailwatch demo-data --out <dir> [--days N] [--accounts N] [--seed S] [--scale X] [--no-attacks] [--attack <file>…] [--json]
  Writes a simulated organisation's audit logs (AWS accounts in the S3 CloudTrail layout, an Azure
  subscription in the diagnostic-export layout) with real attack detonations injected into victims'
  timelines, labels.jsonl (eventId → technique, tactic), benign-oddities.jsonl and manifest.json.
  Deterministic for a seed. Defaults: 30 days, 3 AWS accounts, seed 1, scale 1.`;

function positiveNumber(name: string, value: string | undefined, fallback: number, integer = true): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`--${name} must be a positive ${integer ? "integer" : "number"}`);
  return n;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    out: { type: "string" },
    days: { type: "string" },
    accounts: { type: "string" },
    seed: { type: "string" },
    scale: { type: "string" },
    "no-attacks": { type: "boolean" },
    attack: { type: "string", multiple: true },
    json: { type: "boolean" },
  });
  if (!values.out) throw new UsageError("--out <dir> is required");
  const days = positiveNumber("days", values.days, 30);
  if (days > 3650) throw new UsageError("--days must be at most 3650");
  const accounts = positiveNumber("accounts", values.accounts, 3);
  if (accounts > 50) throw new UsageError("--accounts must be at most 50");
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError("--seed must be an integer");
  const scale = positiveNumber("scale", values.scale, 1, false);
  const attacks = values["no-attacks"] ? false : values.attack?.length ? values.attack.map((a) => path.resolve(a)) : true;

  const progress = new Progress("demo-data");
  const started = Date.now();
  const result = await generateDemoOrg({
    outDir: path.resolve(values.out),
    days,
    accounts,
    seed,
    scale,
    attacks,
    onProgress: (p) => progress.update(`day ${p.day}/${p.days}, ${p.events.toLocaleString("en-US")} events (${formatRate(p.events, Date.now() - started)})`),
  });
  const seconds = (Date.now() - started) / 1000;
  progress.done(`${result.events.toLocaleString("en-US")} events in ${result.files} files, ${result.labels} attack labels, ${seconds.toFixed(1)} s`);
  if (values.json) printJson({ ...result, seconds });
  else info(`written to ${result.outDir}`);
  return 0;
}
