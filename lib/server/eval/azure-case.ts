/**
 * The Azure case (issue 14, item 6): the benign Azure Activity Log of the datasets
 * (azure/benign/azure_activity.csv, parsed by the real ingest parser) and an injected mass
 * deletion: one known principal deleting sites, virtual machines, key vaults and resource groups
 * and writing role assignments within minutes, from an address it never used. The first model is
 * trained as the worker trains one (fitCrossFitted) on the benign log; benign + burst are scored
 * after it, and the alerting events are grouped as the worker groups them (alerting/group.ts:
 * one principal within 30 minutes is one alert).
 */
import path from "node:path";
import type { MlEvent, TrainProgress } from "@/ml/types";
import type { FitOptions } from "@/ml/model/version";
import { fitCrossFitted } from "@/ml/cross-fit";
import { markBurstMembers, Scorer } from "@/ml/score";
import { sortByTime } from "@/ml/data/windows";
import { timeMs } from "@/ml/data/tokens";
import { findDatasetsDir } from "@/lib/server/demo/datasets-dir";
import { eventsFromFiles } from "@/lib/server/ml/events-from-files";
import { isContextOnly } from "@/lib/server/alerting/on-behalf";
import { groupAnomalies, type AnomalousEvent } from "@/lib/server/alerting/group";

export const AZURE_BENIGN = "azure/benign/azure_activity.csv";

/** The burst's operations, in the action naming the Azure normalizer produces (upper case). */
export const AZURE_BURST_ACTIONS = [
  ...Array(3).fill("MICROSOFT.KEYVAULT/VAULTS/DELETE"),
  ...Array(3).fill("MICROSOFT.WEB/SITES/DELETE"),
  ...Array(6).fill("MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE"),
  ...Array(3).fill("MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE"),
  ...Array(3).fill("MICROSOFT.RESOURCES/SUBSCRIPTIONS/RESOURCEGROUPS/DELETE"),
] as string[];

export interface AzureCaseResult {
  kind: "azure-case";
  benignEvents: number;
  principal: string;
  burstEvents: number;
  burstIp: string;
  threshold: number | null;
  thresholdMethod: string | null;
  /** Burst events that alert (score over threshold or member of a burst that crossed it). */
  alertedBurstEvents: number;
  isAlerted: boolean;
  /** Alert groups holding burst events, and the burst events the largest one holds. */
  burstAlertGroups: number;
  largestGroupBurstEvents: number;
  /** Alert groups on the benign log alone (no burst event in them). */
  falseAlertGroups: number;
  falseAlertedEvents: number;
  burstScores: { action: string; score: number; alert: boolean }[];
  seconds: number;
}

/** The principal with the most calls of its own (not the platform's on its behalf, not a service stream): a known principal. */
export function pickVictim(events: readonly MlEvent[]): MlEvent {
  const counts = new Map<string, number>();
  for (const e of events) if (!e.invokedBy && !e.principalKey.startsWith("azure-service:")) counts.set(e.principalKey, (counts.get(e.principalKey) ?? 0) + 1);
  const [key] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? [];
  if (!key) throw new Error("Azure case: no principal in the benign log");
  return events.find((e) => e.principalKey === key && !e.invokedBy)!;
}

/**
 * The burst: `actions` by `victim`'s principal in its subscription, from `ip`, starting `afterMs`
 * after the principal's last benign event, one every 20 s (a script firing deletions).
 */
export function buildAzureBurst(benign: readonly MlEvent[], victim: MlEvent, o: { actions?: string[]; ip?: string; afterMs?: number } = {}): MlEvent[] {
  const last = Math.max(...benign.filter((e) => e.principalKey === victim.principalKey).map((e) => timeMs(e.eventTime)));
  const start = last + (o.afterMs ?? 5 * 60_000);
  return (o.actions ?? AZURE_BURST_ACTIONS).map((action, i) => ({
    ...victim,
    eventId: `inject:azure:${i}`,
    eventTime: start + i * 20_000,
    action,
    service: action.split("/")[0],
    outcome: "success",
    errorCode: null,
    readOnly: false,
    mfaUsed: null,
    sourceIp: o.ip ?? "203.0.113.66",
  }));
}

export async function loadAzureBenign(datasetsDir?: string): Promise<MlEvent[]> {
  const { events } = await eventsFromFiles([path.join(findDatasetsDir(datasetsDir), AZURE_BENIGN)]);
  if (events.length === 0) throw new Error(`Azure case: no events in ${AZURE_BENIGN}`);
  return events;
}

export async function runAzureCase(o: {
  benign: MlEvent[];
  burst?: MlEvent[];
  fit?: Omit<FitOptions, "onProgress" | "spec" | "weightOf" | "calibrate">;
  onTrainProgress?: (p: TrainProgress & { fold: "A" | "B" }) => void;
}): Promise<AzureCaseResult> {
  const t0 = Date.now();
  const benign = sortByTime(o.benign);
  const victim = pickVictim(benign);
  const burst = o.burst ?? buildAzureBurst(benign, victim);
  const fitted = await fitCrossFitted(benign, { ...o.fit, onProgress: o.onTrainProgress });
  const version = fitted.version;
  // As the worker: the backfill scored out of sample (each half by the model that did not train
  // on it), then the burst as new events after it, with the same history.
  const scorer = new Scorer(version, undefined, { crossFit: version.crossFit ? { ...version.crossFit, version: fitted.sibling } : undefined });
  const benignScored = markBurstMembers(await scorer.scoreBatch(benign));
  const burstScored = markBurstMembers(await scorer.scoreBatch(sortByTime(burst)));
  const threshold = version.calibration?.threshold ?? null;
  const byId = new Map([...benign, ...burst].map((e) => [e.eventId, e]));
  const burstIds = new Set(burst.map((e) => e.eventId));
  // Numeric ids for the grouping (it orders ties by BigInt id).
  const numeric = new Map([...byId.keys()].map((id, i) => [id, String(i + 1)]));
  const anomalous: AnomalousEvent[] = [...benignScored, ...burstScored].filter((s) => s.alert && !isContextOnly(byId.get(s.eventId)!)).map((s) => {
    const e = byId.get(s.eventId)!;
    return {
      eventId: numeric.get(s.eventId)!, accountId: e.accountId, principalId: e.principalKey, principalName: e.principalKey, action: e.action,
      eventTime: new Date(timeMs(e.eventTime)), score: s.score, severity: "high", category: "other", explanation: {},
      related: s.burst?.events.filter((m) => numeric.has(m.eventId)).map((m) => ({ eventId: numeric.get(m.eventId)!, eventTime: new Date(m.timeMs) })),
    };
  });
  const back = new Map([...numeric].map(([id, n]) => [n, id]));
  const groups = groupAnomalies(anomalous, []).map((g) => g.eventIds.map((n) => back.get(n)!));
  const burstCounts = groups.map((ids) => ids.filter((id) => burstIds.has(id)).length);
  const alertedBurst = burstScored.filter((s) => s.alert).length;
  version.model.dispose();
  fitted.sibling.model.dispose();
  return {
    kind: "azure-case",
    benignEvents: benign.length,
    principal: victim.principalKey,
    burstEvents: burst.length,
    burstIp: burst[0]?.sourceIp ?? "",
    threshold,
    thresholdMethod: version.calibration?.method ?? null,
    alertedBurstEvents: alertedBurst,
    isAlerted: alertedBurst > 0,
    burstAlertGroups: burstCounts.filter((n) => n > 0).length,
    largestGroupBurstEvents: Math.max(0, ...burstCounts),
    falseAlertGroups: burstCounts.filter((n) => n === 0).length,
    falseAlertedEvents: groups.filter((_, i) => burstCounts[i] === 0).reduce((a, ids) => a + ids.length, 0),
    burstScores: burstScored.map((s) => ({ action: s.action, score: s.score, alert: s.alert })),
    seconds: (Date.now() - t0) / 1000,
  };
}
