import "server-only";
import type { TPrisma } from "@/lib/server/db/client";

/** A worker counts as alive when its heartbeat (worker/main.ts, every 15 s) is under a minute old. */
const WORKER_STALE_MS = 60_000;

export async function getSystemStatus(db: TPrisma) {
  const [events, alertsOpen, accounts, workers] = await Promise.all([
    db.event.count(),
    db.alert.count({ where: { status: { not: "closed" } } }),
    db.cloudAccount.count(),
    db.setting.findMany({ where: { key: { startsWith: "worker:" } }, select: { value: true, updatedAt: true } }),
  ]);
  const now = Date.now();
  return {
    events,
    alertsOpen,
    accounts,
    workersAlive: workers.filter((w) => now - w.updatedAt.getTime() < WORKER_STALE_MS).length,
  };
}
