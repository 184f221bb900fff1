import "server-only";
// The first-start banner's state (issue 17): while `npm start` seeds the demo organisation, trains
// the first model and scores the backfill, every page says what is happening. Read from what the
// steps already record: the seeding's progress setting (demo/seed.ts), the demo import's run row
// (its stored count moves with every batch), the training row's progress (model-store.ts
// reportProgress) and the active version's scoring backlog (jobs/pipeline-status.ts).
// Once the first scoring pass is done this is remembered, so later backlogs never bring it back.
import type { TPrisma } from "@/lib/server/db/client";
import { DEMO_PROGRESS_KEY, type TDemoProgress } from "@/lib/server/demo/progress";
import { getScoringBacklog } from "@/lib/server/jobs/pipeline-status";

const DEMO_KEY = "demo";
const READY_KEY = "demo:ready";

export type TFirstStart =
  | { phase: "done" }
  | { phase: "generating"; day: number; days: number }
  | { phase: "importing"; stored: number; events: number }
  | { phase: "starting-worker" }
  | { phase: "training"; version: number; progress: number; epoch: number | null; epochs: number | null }
  | { phase: "scoring"; left: number; events: number };

async function readState(db: TPrisma): Promise<TFirstStart> {
  const settings = await db.setting.findMany({ where: { key: { in: [DEMO_KEY, DEMO_PROGRESS_KEY, READY_KEY] } }, select: { key: true, value: true } });
  const has = (key: string) => settings.some((s) => s.key === key);
  const progress = settings.find((s) => s.key === DEMO_PROGRESS_KEY)?.value as TDemoProgress | undefined;
  // No demo on this instance (or one already scored): nothing to announce.
  if (has(READY_KEY) || (!has(DEMO_KEY) && !progress)) return { phase: "done" };
  if (!has(DEMO_KEY)) {
    if (progress?.phase === "generating") return progress;
    const run = await db.importRun.findFirst({ where: { source: "demo" }, orderBy: { startedAt: "desc" }, select: { stored: true } });
    return { phase: "importing", stored: run?.stored ?? 0, events: progress?.phase === "importing" ? progress.events : 0 };
  }
  const active = await db.modelVersion.findFirst({ where: { status: "active" }, orderBy: [{ promotedAt: "desc" }, { id: "desc" }], select: { id: true } });
  if (!active) {
    const training = await db.modelVersion.findFirst({ where: { status: "training" }, orderBy: { id: "asc" }, select: { version: true, metrics: true } });
    if (!training) return { phase: "starting-worker" };
    const m = training.metrics as { progress?: number; epoch?: number; epochs?: number };
    return { phase: "training", version: training.version, progress: m.progress ?? 0, epoch: m.epoch ?? null, epochs: m.epochs ?? null };
  }
  const { backlog } = await getScoringBacklog(db, active.id);
  if (backlog > 0) return { phase: "scoring", left: backlog, events: await db.event.count({ where: { isOwn: false } }) };
  const readyAt = { at: new Date().toISOString() };
  await db.setting.upsert({ where: { key: READY_KEY }, create: { key: READY_KEY, value: readyAt }, update: {} });
  await db.setting.deleteMany({ where: { key: DEMO_PROGRESS_KEY } });
  return { phase: "done" };
}

const CACHE_MS = 3_000;
let cached: { at: number; value: Promise<TFirstStart> } | null = null;

/** Every signed-in page polls this: one computation per few seconds, shared (single flight). */
export function getFirstStart(db: TPrisma, now = Date.now()): Promise<TFirstStart> {
  if (cached && now - cached.at < CACHE_MS) return cached.value;
  const value = readState(db);
  cached = { at: now, value };
  value.catch(() => (cached = null));
  return value;
}
