/**
 * Real-session leave-out (issue 14, item 6): the public console sessions split by session into K
 * folds, rotated so each session is tested once. Per fold the first model is trained as the worker
 * trains one (ml/cross-fit.ts fitCrossFitted) on the other folds' sessions (plus optional extra
 * training events, e.g. a simulated organisation's, when the sessions alone are too few for the
 * pooled threshold). Each test session is a principal the model never saw; it is scored once as it
 * is (its false alerts) and once per trial with one Stratus technique spliced in as stolen-key use
 * (ml/inject.ts spliceAttack: the session's principal, a new address, a command-line client).
 * Techniques rotate over all trials so each is tested at least `minTrialsPerTechnique` times.
 * Every trial gets a fresh scorer: sessions are independent principals, and the account-level
 * state must not carry one trial's attack into the next.
 */
import { applyLoggingEvasionRule } from "@/lib/server/alerting/logging-evasion";
import { applyMfaDowngradeInMemory } from "@/lib/server/alerting/mfa-downgrade";
import type { MlEvent, TrainProgress } from "@/ml/types";
import type { FitOptions } from "@/ml/model/version";
import type { AttackTemplate } from "@/ml/inject";
import { spliceAttack } from "@/ml/inject";
import { fitCrossFitted } from "@/ml/cross-fit";
import { markBurstMembers, Scorer } from "@/ml/score";
import { sortByTime } from "@/ml/data/windows";
import { timeMs } from "@/ml/data/tokens";
import { isContextOnly } from "@/lib/server/alerting/on-behalf";
import type { Session } from "./real-data";

export interface LeaveOutTrial {
  session: string;
  fold: number;
  technique: string;
  injectedEvents: number;
  alertedInjected: number;
  detected: boolean;
  /** Highest score among the injected events (nats). */
  maxScore: number;
}

export interface LeaveOutFold {
  fold: number;
  trainSessions: number;
  trainEvents: number;
  testSessions: number;
  threshold: number | null;
  thresholdMethod: string | null;
  trainSeconds: number;
}

export interface LeaveOutResult {
  kind: "real-leave-out";
  folds: LeaveOutFold[];
  sessions: number;
  /** Extra (non-session) training events added to every fold. */
  extraTrainEvents: number;
  trials: LeaveOutTrial[];
  perTechnique: { technique: string; trials: number; detected: number }[];
  techniques: number;
  techniquesDetected: number;
  /** Trials detected / trials. */
  trialRecall: number;
  /** Techniques detected in every trial / techniques (the strict reading). */
  techniqueRecallAllTrials: number;
  /** Techniques detected in at least one trial / techniques. */
  techniqueRecallAnyTrial: number;
  /** The sessions' own events that can alert (context-only reads excluded), scored without an attack. */
  benignEvents: number;
  contextOnlyEvents: number;
  falseAlerts: number;
  /** Of `falseAlerts`, events under the threshold that alert as members of a burst (ml/burst.ts). */
  falseAlertsInBursts: number;
  /** The actions of false alerts, most frequent first (at most 10). */
  topFalseAlertActions: { action: string; events: number }[];
  falseAlertsPerThousand: number;
  seconds: number;
}

export interface LeaveOutOptions {
  sessions: Session[];
  templates: AttackTemplate[];
  folds?: number;
  minTrialsPerTechnique?: number;
  extraTrain?: MlEvent[];
  fit?: Omit<FitOptions, "onProgress" | "spec" | "weightOf" | "calibrate">;
  onStep?: (line: string) => void;
  onTrainProgress?: (p: TrainProgress & { fold: "A" | "B" }) => void;
  /** Each benign event that alerted, with the fold's threshold (for reading what raised it). */
  onFalseAlert?: (scored: Scored, event: MlEvent, threshold: number) => void;
}

export const ATTACKER_IP_PREFIX = "203.0.113.";

/**
 * Which technique each (round, session) trial gets: trial n (counting sessions within rounds) takes
 * template n mod T, so consecutive trials differ and every template comes round ⌈trials / T⌉ times.
 */
export function planTrials(sessionCount: number, templateCount: number, minPerTemplate: number): { rounds: number; techniqueOf: (round: number, session: number) => number } {
  if (sessionCount <= 0 || templateCount <= 0) return { rounds: 0, techniqueOf: () => 0 };
  const rounds = Math.ceil((templateCount * minPerTemplate) / sessionCount);
  return { rounds, techniqueOf: (round, session) => (round * sessionCount + session) % templateCount };
}

/** Fold of each session: sessions in their given order dealt round-robin. */
export function foldOf(index: number, folds: number): number {
  return index % folds;
}

type Scored = ReturnType<typeof markBurstMembers>[number];

function alerting(scored: Scored[], byId: Map<string, MlEvent>): Map<string, Scored> {
  const out = new Map<string, Scored>();
  for (const s of scored) {
    const e = byId.get(s.eventId);
    if (s.alert && e && !isContextOnly(e)) out.set(s.eventId, s);
  }
  return out;
}

export async function runRealLeaveOut(o: LeaveOutOptions): Promise<LeaveOutResult> {
  const t0 = Date.now();
  const K = o.folds ?? 3;
  if (o.sessions.length < K) throw new Error(`real-session leave-out: ${o.sessions.length} sessions for ${K} folds`);
  const templates = o.templates.filter((t) => t.events.length > 0);
  if (templates.length === 0) throw new Error("real-session leave-out: no attack templates");
  const plan = planTrials(o.sessions.length, templates.length, o.minTrialsPerTechnique ?? 2);
  const extra = o.extraTrain ?? [];
  const folds: LeaveOutFold[] = [];
  const trials: LeaveOutTrial[] = [];
  let benignEvents = 0;
  let contextOnlyEvents = 0;
  let falseAlerts = 0;
  let falseAlertsInBursts = 0;
  const falseActions = new Map<string, number>();
  for (let k = 0; k < K; k++) {
    const testIdx = o.sessions.map((_, i) => i).filter((i) => foldOf(i, K) === k);
    const trainSessions = o.sessions.filter((_, i) => foldOf(i, K) !== k);
    const train = sortByTime([...extra, ...trainSessions.flatMap((s) => s.events)]);
    o.onStep?.(`fold ${k + 1}/${K}: training on ${trainSessions.length} sessions + ${extra.length} extra events (${train.length} events)`);
    const fitted = await fitCrossFitted(train, { ...o.fit, onProgress: o.onTrainProgress });
    fitted.sibling.model.dispose();
    const version = fitted.version;
    folds.push({
      fold: k, trainSessions: trainSessions.length, trainEvents: train.length, testSessions: testIdx.length,
      threshold: version.calibration?.threshold ?? null, thresholdMethod: version.calibration?.method ?? null, trainSeconds: version.metrics.trainSeconds ?? NaN,
    });
    const scoreAlone = async (events: MlEvent[]) => {
      const scorer = new Scorer(version);
      scorer.observe(train);
      const sorted = sortByTime(events);
      const scored = markBurstMembers(await scorer.scoreBatch(sorted));
      applyLoggingEvasionRule(scored);
      applyMfaDowngradeInMemory(scored, sorted, train);
      return scored;
    };
    for (const i of testIdx) {
      const session = o.sessions[i];
      const own = new Map(session.events.map((e) => [e.eventId, e]));
      const clean = alerting(await scoreAlone(session.events), own);
      const context = session.events.filter((e) => isContextOnly(e)).length;
      contextOnlyEvents += context;
      benignEvents += session.events.length - context;
      falseAlerts += clean.size;
      for (const s of clean.values()) {
        if (s.score < (version.calibration?.threshold ?? Infinity)) falseAlertsInBursts++;
        o.onFalseAlert?.(s, own.get(s.eventId)!, version.calibration?.threshold ?? Infinity);
        falseActions.set(s.action, (falseActions.get(s.action) ?? 0) + 1);
      }
      const times = session.events.map((e) => timeMs(e.eventTime)).sort((a, b) => a - b);
      const at = times[times.length >> 1] + 1000;
      for (let r = 0; r < plan.rounds; r++) {
        const template = templates[plan.techniqueOf(r, i)];
        const injected = spliceAttack(template, session.events[0], at, `${session.id.slice(0, 12)}:${r}`, `${ATTACKER_IP_PREFIX}${2 + ((i * 7 + r * 31) % 250)}`);
        const byId = new Map([...own, ...injected.map((e) => [e.eventId, e] as const)]);
        const scored = await scoreAlone([...session.events, ...injected]);
        const alerts = alerting(scored, byId);
        const injectedIds = new Set(injected.map((e) => e.eventId));
        const alertedInjected = [...alerts.keys()].filter((id) => injectedIds.has(id)).length;
        const maxScore = Math.max(-Infinity, ...scored.filter((s) => injectedIds.has(s.eventId)).map((s) => s.score));
        trials.push({ session: session.id, fold: k, technique: template.technique, injectedEvents: injected.length, alertedInjected, detected: alertedInjected > 0, maxScore });
      }
    }
    version.model.dispose();
    o.onStep?.(`fold ${k + 1}/${K}: ${trials.filter((t) => t.fold === k && t.detected).length}/${trials.filter((t) => t.fold === k).length} trials detected`);
  }
  const perTechnique = templates.map((t) => t.technique).sort().map((technique) => {
    const ts = trials.filter((x) => x.technique === technique);
    return { technique, trials: ts.length, detected: ts.filter((x) => x.detected).length };
  });
  const tested = perTechnique.filter((p) => p.trials > 0);
  const T = Math.max(1, tested.length);
  return {
    kind: "real-leave-out",
    folds,
    sessions: o.sessions.length,
    extraTrainEvents: extra.length,
    trials,
    perTechnique,
    techniques: tested.length,
    techniquesDetected: tested.filter((p) => p.detected > 0).length,
    trialRecall: trials.length ? trials.filter((t) => t.detected).length / trials.length : 0,
    techniqueRecallAllTrials: tested.filter((p) => p.detected === p.trials).length / T,
    techniqueRecallAnyTrial: tested.filter((p) => p.detected > 0).length / T,
    benignEvents,
    contextOnlyEvents,
    falseAlerts,
    falseAlertsInBursts,
    topFalseAlertActions: [...falseActions].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).map(([action, events]) => ({ action, events })),
    falseAlertsPerThousand: benignEvents ? (1000 * falseAlerts) / benignEvents : 0,
    seconds: (Date.now() - t0) / 1000,
  };
}
