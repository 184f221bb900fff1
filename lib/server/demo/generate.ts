// generateDemoOrg: a simulated organisation's audit logs in the real delivery layouts, with real
// attack detonations injected into chosen victims' timelines in the later part of the period.
// Behaviours are generators in time order; the engine pulls them one hour at a time and hands the
// hour to the writers, so memory stays bounded whatever the scale (10 M+ events).
import fs from "node:fs";
import path from "node:path";
import { injectAttacks, type AttackPlan } from "./attacks";
import { buildAzureMassDeletion } from "./azure-attack";
import { buildBenignOddities, planKeyRotation } from "./benign-oddities";
import { runAwsServices } from "./behaviours/aws-service";
import { azureScope } from "./behaviours/azure";
import { DAY_MS, HOUR_MS, startOfUtcDay } from "./calendar";
import { loadConsoleTemplates } from "./console-templates";
import { datasetsDir as findDatasetsDir } from "@/lib/server/datasets";
import { loadDetonations, type Detonation } from "./detonations";
import { writeManifest } from "./manifest";
import { buildOrg } from "./org";
import { behaviourFor, fromList } from "./roster";
import { deriveRng } from "./rng";
import type { Behaviour, SimContext } from "./sim-context";
import type { EventLabel, TSimEvent } from "./types";
import { demoVictims } from "./victims";
import { AzureBlobWriter } from "./writer-azure";
import { S3DeliveryWriter } from "./writer-s3";

export interface GenerateDemoOrgOptions {
  outDir: string;
  days?: number;
  accounts?: number;
  seed?: number;
  /** First day (UTC midnight is used). Default 2025-03-03, fixed so output never depends on the clock. */
  startDate?: Date;
  /** true (default): every Stratus detonation; false: none; string[]: these files (names in the Stratus folder, or paths). */
  attacks?: boolean | string[];
  /** Multiplies principal counts and so volume (load tests). */
  scale?: number;
  datasetsDir?: string;
  onProgress?: (p: { day: number; days: number; events: number }) => void;
}

export interface GenerateDemoOrgResult {
  events: number;
  files: number;
  labels: number;
  accounts: Array<{ provider: "aws" | "azure"; id: string; name: string }>;
  principals: number;
  outDir: string;
}

export const DEFAULT_START = new Date("2025-03-03T00:00:00Z");
/** Attacks land in the last 30% of the period, so a 70/30 chronological split keeps them in test. */
export const ATTACK_FROM_FRACTION = 0.7;

function selectDetonations(datasetsDir: string, attacks: boolean | string[]): Detonation[] {
  if (attacks === false) return [];
  const all = loadDetonations(datasetsDir);
  if (attacks === true) return all;
  const byName = new Map(all.map((d) => [d.file, d]));
  const paths = attacks.filter((a) => !byName.has(a) && !byName.has(`${a}.json`));
  const missing = paths.filter((p) => !fs.existsSync(p));
  if (missing.length) throw new Error(`attack files not found: ${missing.join(", ")}`);
  const named = attacks.map((a) => byName.get(a) ?? byName.get(`${a}.json`)).filter((d): d is Detonation => Boolean(d));
  return [...named, ...loadDetonations(datasetsDir, paths).slice(all.length)];
}

export async function generateDemoOrg(opts: GenerateDemoOrgOptions): Promise<GenerateDemoOrgResult> {
  const days = opts.days ?? 30;
  const seed = (opts.seed ?? 1) >>> 0;
  const scale = opts.scale ?? 1;
  if (!(days > 0) || !(scale > 0) || !((opts.accounts ?? 3) >= 1)) throw new Error("days, scale and accounts must be positive");
  const startMs = startOfUtcDay((opts.startDate ?? DEFAULT_START).getTime());
  const endMs = startMs + Math.round(days * DAY_MS);
  const datasetsDir = findDatasetsDir(opts.datasetsDir);
  const templates = loadConsoleTemplates(datasetsDir);
  const org = buildOrg({ seed, accounts: opts.accounts ?? 3, scale, startMs, endMs, templateCount: templates.length });
  const ctx: SimContext = { org, seed, startMs, endMs, templates, oddities: [] };
  planKeyRotation(ctx);
  const attackWindow = { fromMs: startMs + Math.floor(((endMs - startMs) * ATTACK_FROM_FRACTION) / HOUR_MS) * HOUR_MS, toMs: endMs - 2 * HOUR_MS };

  let plans: AttackPlan[] = [];
  let labels: EventLabel[] = [];
  const injected: TSimEvent[] = [];
  const detonations = selectDetonations(datasetsDir, opts.attacks ?? true);
  if (detonations.length) {
    const inj = injectAttacks({ detonations, victims: demoVictims(org, attackWindow), seed, ...attackWindow });
    plans = inj.plans;
    labels = inj.labels;
    for (const r of inj.injected) injected.push({ t: Date.parse(r.eventTime), sink: "aws", accountId: String(r.recipientAccountId), region: String(r.awsRegion), record: r });
  }
  const azureUsers = org.principals.filter((p) => p.behaviour === "azure-user");
  let azureLabels: EventLabel[] = [];
  if (opts.attacks !== false && azureUsers.length) {
    const rng = deriveRng(seed, "azure-attack-plan");
    const at = attackWindow.fromMs + Math.floor(rng.next() * (attackWindow.toMs - attackWindow.fromMs - HOUR_MS));
    const mass = buildAzureMassDeletion(rng.pick(azureUsers), azureScope(ctx), at, seed);
    injected.push(...mass.events);
    azureLabels = mass.labels;
  }
  injected.sort((a, b) => a.t - b.t);
  const oddities = buildBenignOddities(ctx);

  const behaviours: Behaviour[] = [
    ...org.principals.map((p) => behaviourFor(p, ctx)).filter((b): b is Behaviour => b !== null),
    ...org.accounts.map((a) => runAwsServices(a, ctx)),
    fromList(oddities.events),
    fromList(injected),
  ];
  fs.mkdirSync(opts.outDir, { recursive: true });
  const watch = new Set(labels.map((l) => l.eventId));
  const s3 = new S3DeliveryWriter(opts.outDir, seed, watch);
  const azure = new AzureBlobWriter(opts.outDir);
  const heads = behaviours.map((it) => ({ it, next: it.next() }));
  let pending: Promise<void> = Promise.resolve();
  let routed = 0;
  for (let w = startMs + HOUR_MS; w <= endMs; w += HOUR_MS) {
    for (const h of heads) {
      while (!h.next.done && h.next.value.t < w) {
        const e = h.next.value;
        if (e.t >= startMs && e.t < endMs) {
          routed++;
          if (e.sink === "aws") s3.add(e.t, e.accountId, e.region, e.record);
          else azure.add(e.t, e.subscriptionId, e.record);
        }
        h.next = h.it.next();
      }
    }
    await pending;
    pending = s3.flush();
    azure.flush();
    if ((w - startMs) % DAY_MS === 0) opts.onProgress?.({ day: (w - startMs) / DAY_MS, days, events: routed });
  }
  await pending;

  for (const l of labels) l.deliveryFile = s3.located.get(l.eventId);
  for (const l of azureLabels) l.deliveryFile = AzureBlobWriter.blobPath(org.azure.id, Math.floor(Date.parse(l.injectedAt) / HOUR_MS) * HOUR_MS);
  const allLabels = [...labels, ...azureLabels];
  const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length ? "\n" : "");
  fs.writeFileSync(path.join(opts.outDir, "labels.jsonl"), jsonl(allLabels));
  fs.writeFileSync(path.join(opts.outDir, "benign-oddities.jsonl"), jsonl(oddities.labels));
  const files = s3.files + azure.files;
  writeManifest(opts.outDir, {
    org, seed, scale, plans, azureAttack: azureLabels, oddities: oddities.labels, attackWindow,
    counts: { events: routed, awsEvents: s3.events, azureRecords: azure.events, files, awsFiles: s3.files, azureFiles: azure.files, compressedBytes: s3.bytes, azureBytes: azure.bytes, labels: allLabels.length, benignOddities: oddities.labels.length },
  });
  return {
    events: routed, files, labels: allLabels.length,
    accounts: [...org.accounts, org.azure].map((a) => ({ provider: a.provider, id: a.id, name: a.name })),
    principals: org.principals.length, outDir: opts.outDir,
  };
}
