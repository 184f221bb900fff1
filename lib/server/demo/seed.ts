import "server-only";
// The demo organisation on first start (issue 5): on an empty database, generate ~14 days of a
// simulated organisation with injected attacks and import it through the normal import path, so
// the worker's first model, scores and alerts come from the same code real logs go through.
import fs from "node:fs";
import path from "node:path";
import type { TPrisma } from "@/lib/server/db/client";
import { importFiles } from "@/lib/server/ingest/import-files";
import { generateDemoOrg } from "./generate";
import { DEMO_PROGRESS_KEY, type TDemoProgress } from "./progress";

export const DEMO_DAYS = 14;
export const DEMO_SEED = 7;
/** Best effort: the banner is a courtesy, the seeding must not fail or wait for it. */
function recordProgress(db: TPrisma, value: TDemoProgress): Promise<void> {
  return db.setting
    .upsert({ where: { key: DEMO_PROGRESS_KEY }, create: { key: DEMO_PROGRESS_KEY, value }, update: { value } })
    .then(() => undefined, () => undefined);
}

/** The demo is seeded only into a database that has never held an account or an event. */
export async function isEmptyDatabase(db: TPrisma): Promise<boolean> {
  const [accounts, events] = await Promise.all([db.cloudAccount.count(), db.event.findFirst({ select: { id: true } })]);
  return accounts === 0 && events === null;
}

export interface DemoSeedResult {
  events: number;
  stored: number;
  accounts: number;
  labels: number;
  seconds: number;
}

export async function seedDemo(db: TPrisma, dataDir: string, log: (line: string) => void): Promise<DemoSeedResult> {
  const started = Date.now();
  const outDir = path.join(dataDir, "demo");
  fs.rmSync(outDir, { recursive: true, force: true });
  log(`demo: generating ${DEMO_DAYS} days of a simulated organisation (3 AWS accounts, 1 Azure subscription, injected attacks)…`);
  await recordProgress(db, { phase: "generating", day: 0, days: DEMO_DAYS });
  let lastLog = 0;
  // The demo ends at today's UTC midnight: recent enough that retention keeps it and the
  // dashboard's default time range shows it.
  const end = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
  const generated = await generateDemoOrg({
    outDir,
    startDate: new Date(end.getTime() - DEMO_DAYS * 86_400_000),
    days: DEMO_DAYS,
    seed: DEMO_SEED,
    onProgress: (p) => {
      if (Date.now() - lastLog < 3000) return;
      lastLog = Date.now();
      log(`demo: generating day ${p.day}/${p.days} (${p.events.toLocaleString("en-US")} events)`);
      void recordProgress(db, { phase: "generating", day: p.day, days: p.days });
    },
  });
  log(`demo: importing ${generated.events.toLocaleString("en-US")} events through the import path…`);
  await recordProgress(db, { phase: "importing", events: generated.events });
  lastLog = 0;
  // The delivery layouts only; labels and manifest are sidecar files, not logs.
  const imported = await importFiles(db, [path.join(outDir, "AWSLogs"), path.join(outDir, "azure")], {
    source: "demo",
    onProgress: (p) => {
      if (Date.now() - lastLog < 3000) return;
      lastLog = Date.now();
      const rate = Math.round((p.stored / Math.max(1, p.elapsedMs)) * 1000);
      log(`demo: imported ${p.stored.toLocaleString("en-US")} events, file ${p.filesDone}/${p.files} (${rate.toLocaleString("en-US")}/s)`);
    },
  });
  const ids = generated.accounts.map((a) => a.id);
  const marked = await db.cloudAccount.updateMany({
    where: { externalId: { in: ids } },
    data: { isDemo: true, status: "active", learningUntil: null, statusMessage: "Demo organisation (simulated). An admin can remove it." },
  });
  await db.setting.upsert({
    where: { key: "demo" },
    create: { key: "demo", value: { seededAt: new Date().toISOString(), days: DEMO_DAYS, seed: DEMO_SEED, labels: generated.labels } },
    update: { value: { seededAt: new Date().toISOString(), days: DEMO_DAYS, seed: DEMO_SEED, labels: generated.labels } },
  });
  fs.rmSync(outDir, { recursive: true, force: true });
  return { events: generated.events, stored: imported.stored, accounts: marked.count, labels: generated.labels, seconds: (Date.now() - started) / 1000 };
}
