// Prints the worker's progress on the demo organisation (first model, scores, alerts) in the
// terminal that ran `npm start`, so a newcomer knows when the dashboard has real alerts.
import type { TPrisma } from "@/lib/server/db/client";

const POLL_MS = 5000;
const GIVE_UP_MS = 15 * 60_000;

export async function watchDemo(db: TPrisma, log: (line: string) => void, isStopping: () => boolean, url: string): Promise<void> {
  const started = Date.now();
  let lastLine = "";
  try {
    while (!isStopping() && Date.now() - started < GIVE_UP_MS) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      if (isStopping()) break;
      let model: { version: number } | null;
      let scores: number;
      let alerts: number;
      try {
        // One query at a time: progress reporting must never add load or take the launcher down.
        model = await db.modelVersion.findFirst({ where: { status: "active" }, select: { version: true } });
        scores = await db.score.count();
        alerts = await db.alert.count();
      } catch (e) {
        log(`demo: progress unavailable (${(e as Error).message.split("\n").pop()})`);
        continue;
      }
      const line = !model
        ? "demo: the worker is training the first model…"
        : `demo: model v${model.version} active, ${scores.toLocaleString("en-US")} events scored, ${alerts} alerts`;
      if (line !== lastLine) log(line);
      lastLine = line;
      if (model && alerts > 0) {
        const events = await db.event.count();
        if (scores >= events * 0.95) {
          log(`demo: ready in ${Math.round((Date.now() - started) / 1000)} s after import — open ${url}/alerts`);
          break;
        }
      }
    }
  } finally {
    await db.$disconnect();
  }
}
