// A small synthetic world for the worker's integration tests: two AWS accounts, a dozen
// principals with a history to learn from, then fresh activity with an attack burst in it.
import { generateSyntheticEvents } from "@/ml/data/synthetic";
import { splitChronologically } from "@/ml/data/windows";
import type { MlEvent } from "@/ml/types";
import { createLogger } from "@/lib/server/log";
import type { JobContext } from "@/lib/server/jobs/context";
import type pg from "pg";
import type { TPrisma } from "@/lib/server/db/client";
import { attackBurst } from "./synthetic-load";

export const ATTACK_ACTIONS = ["iam.amazonaws.com:CreateAccessKey", "iam.amazonaws.com:AttachUserPolicy", "cloudtrail.amazonaws.com:StopLogging", "ec2.amazonaws.com:ModifySnapshotAttribute"];

export interface TestWorld {
  history: MlEvent[];
  fresh: MlEvent[];
  victim: MlEvent;
  attack: MlEvent[];
}

export function buildTestWorld(opts: { principals?: number; eventsPerPrincipal?: number } = {}): TestWorld {
  const startMs = Date.now() - 20 * 86_400_000;
  const all = generateSyntheticEvents({ principals: opts.principals ?? 12, eventsPerPrincipal: opts.eventsPerPrincipal ?? 300, actions: 60, accounts: 2, startMs, seed: 11 });
  const [history, fresh] = splitChronologically(all, 0.2);
  const victim = history.filter((e) => e.accountId === "100000000000").at(-1)!;
  const attack = attackBurst(victim, Number(fresh[0].eventTime) + 60_000, ATTACK_ACTIONS);
  return { history, fresh, victim, attack };
}

export function silentJobContext(pool: pg.Pool, prisma: TPrisma): JobContext {
  return { pool, prisma, log: createLogger({}, "error", () => true), signal: new AbortController().signal, enqueue: async () => null };
}
