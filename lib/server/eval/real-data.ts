/**
 * The real-data rows: the public console sessions (datasets/aws/benign/console-sessions, one
 * principal each) split by first event time, and a Stratus detonation injected into each test
 * session at the MlEvent level — taken over by the session's principal and account, moved to the
 * middle of the session with its own relative spacing kept, given fresh event ids and labelled.
 */
import fs from "node:fs";
import path from "node:path";
import { datasetsDir as findDatasetsDir } from "@/lib/server/datasets";
import { readLabelsCsv } from "@/lib/server/demo/detonations";
import { eventsFromFiles } from "@/lib/server/ml/events-from-files";
import type { MlEvent } from "@/ml/types";

export interface Session {
  id: string;
  events: MlEvent[];
  firstMs: number;
}

export interface Injection {
  session: string;
  technique: string;
  file: string;
  events: number;
  at: string;
}

export interface RealData {
  train: Session[];
  test: Session[];
  /** Test events: the test sessions' own events plus the injected ones. */
  testEvents: MlEvent[];
  labels: Map<string, string>;
  injections: Injection[];
}

const SESSIONS = "aws/benign/console-sessions";
const DETONATIONS = "aws/attacks/stratus-detonations";

/** Every session folder with an InputEvents.json, parsed, ordered by its first event time. */
export async function loadSessions(datasetsDir: string): Promise<Session[]> {
  const root = path.join(datasetsDir, SESSIONS);
  const dirs = fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, "InputEvents.json"))).sort();
  const sessions: Session[] = [];
  for (const id of dirs) {
    const { events } = await eventsFromFiles([path.join(root, id, "InputEvents.json")]);
    if (events.length) sessions.push({ id, events, firstMs: Math.min(...events.map((e) => Number(e.eventTime))) });
  }
  return sessions.sort((a, b) => a.firstMs - b.firstMs || a.id.localeCompare(b.id));
}

/** The detonation's events re-homed into `session`, starting just after its middle event. */
export function injectInto(session: Session, detonation: MlEvent[], tag: string): MlEvent[] {
  if (!detonation.length) return [];
  const times = session.events.map((e) => Number(e.eventTime)).sort((a, b) => a - b);
  const at = times[times.length >> 1] + 1000;
  const start = Math.min(...detonation.map((e) => Number(e.eventTime)));
  const { principalKey, accountId } = session.events[0];
  return detonation.map((e, i) => ({ ...e, eventId: `inject:${tag}:${i}`, principalKey, accountId, eventTime: at + (Number(e.eventTime) - start) }));
}

export async function loadRealData(o: { trainSessions: number; seed: number; datasetsDir?: string }): Promise<RealData> {
  const datasets = findDatasetsDir(o.datasetsDir);
  const sessions = await loadSessions(datasets);
  if (sessions.length <= o.trainSessions) throw new Error(`only ${sessions.length} console sessions in ${path.join(datasets, SESSIONS)}: need more than ${o.trainSessions}`);
  const train = sessions.slice(0, o.trainSessions);
  const test = sessions.slice(o.trainSessions);
  const catalog = readLabelsCsv(path.join(datasets, DETONATIONS, "LABELS.csv"));
  const files = [...catalog.keys()].sort();
  // Spread the picks over the catalogue (which is sorted by tactic) so each test session gets a different technique.
  const stride = Math.max(1, Math.floor(files.length / test.length));
  const labels = new Map<string, string>();
  const injections: Injection[] = [];
  const testEvents: MlEvent[] = [];
  for (const [i, s] of test.entries()) {
    const file = files[(o.seed + i * stride) % files.length];
    const technique = catalog.get(file)!.technique;
    const { events } = await eventsFromFiles([path.join(datasets, DETONATIONS, file)]);
    const injected = injectInto(s, events, `${i}`);
    for (const e of injected) labels.set(e.eventId, technique);
    injections.push({ session: s.id, technique, file, events: injected.length, at: new Date(Number(injected[0]?.eventTime ?? s.firstMs)).toISOString() });
    testEvents.push(...s.events, ...injected);
  }
  return { train, test, testEvents, labels, injections };
}
