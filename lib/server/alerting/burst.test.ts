import { describe, expect, it } from "vitest";
import { accumulateBurst, BURST_GAP_MS, trackSession } from "@/ml/burst";
import { History } from "@/ml/data/history";
import { F } from "@/ml/data/tokens";
import type { MlEvent } from "@/ml/types";
import { groupAnomalies, type AnomalousEvent } from "@/lib/server/alerting/group";

const THRESHOLD = 20;
const T0 = Date.parse("2026-03-02T10:00:00Z");
const usual = { sourceIp: "198.51.100.7", userAgent: "Mozilla/5.0 console", userAgentFamily: "console" as const };
const stolen = { sourceIp: "185.220.101.97", userAgent: "aws-cli/2.13.25 Python/3.11.5", userAgentFamily: "cli" as const };

function event(i: number, at: number, over: Partial<MlEvent> = {}): MlEvent {
  return { eventId: `e${i}`, principalKey: "user/alice", accountId: "111122223333", eventTime: at, action: "iam.amazonaws.com:ListUsers", service: "iam.amazonaws.com",
    outcome: "success", errorCode: null, readOnly: true, region: "us-east-1", ...usual, ...over };
}

/** Streams (event, score) pairs through a history the way the Scorer does: facts, observe, then the burst. */
function run(items: { e: MlEvent; score: number }[]) {
  const history = new History(10);
  const row = new Int32Array(F);
  return items.map(({ e, score }, i) => {
    const facts = history.facts(e);
    history.observe(e, row);
    const p = history.principals.get(e.principalKey)!;
    const roaming = trackSession(p, facts, Number(e.eventTime));
    const burst = accumulateBurst(p, e, facts, score, THRESHOLD, i, roaming);
    return { e, score, alert: score >= THRESHOLD || burst !== null, burst };
  });
}

// Four weeks of the principal's usual console work: it knows its address and browser.
const routine = Array.from({ length: 40 }, (_, i) => ({ e: event(i, T0 + i * 6 * 3_600_000), score: 2 }));
// Five calls at about half the threshold each: none would alert alone.
const probes = [11, 9, 12, 10, 9];

describe("burst evidence (ml/burst.ts)", () => {
  it("raises a burst of individually sub-threshold calls from a new address and client within minutes", () => {
    const start = T0 + 41 * 6 * 3_600_000;
    const out = run([...routine, ...probes.map((score, i) => ({ e: event(100 + i, start + i * 90_000, { ...stolen, action: `iam.amazonaws.com:Probe${i}` }), score }))]);
    const tail = out.slice(routine.length);
    expect(tail.every((x) => x.score < THRESHOLD)).toBe(true);
    const firing = tail.filter((x) => x.alert);
    expect(firing.length).toBeGreaterThan(0);
    // The first alerting event lists the earlier calls of the burst with it.
    expect(firing[0].burst!.events.map((m) => m.eventId)).toEqual(tail.slice(0, tail.indexOf(firing[0]) + 1).map((x) => x.e.eventId));
    expect(firing[0].burst!.novelty).toEqual(["address", "client"]);
    // One alert group holds every event of the burst.
    const anomalies: AnomalousEvent[] = firing.map(({ e, score, burst }) => ({
      eventId: e.eventId, accountId: e.accountId, principalId: "1", principalName: "alice", action: e.action, eventTime: new Date(Number(e.eventTime)), score,
      severity: "medium", category: "discovery", explanation: {}, related: burst!.events.map((m) => ({ eventId: m.eventId, eventTime: new Date(m.timeMs) })),
    }));
    const groups = groupAnomalies(anomalies, []);
    expect(groups).toHaveLength(1);
    expect(groups[0].eventIds.sort()).toEqual(tail.map((x) => x.e.eventId).sort());
  });

  it("does not raise the same calls spread over days from the principal's usual address and client", () => {
    const start = T0 + 41 * 6 * 3_600_000;
    const out = run([...routine, ...probes.map((score, i) => ({ e: event(100 + i, start + i * 86_400_000, { action: `iam.amazonaws.com:Probe${i}` }), score }))]);
    expect(out.filter((x) => x.alert)).toHaveLength(0);
  });

  it("does not raise the same calls from a new address when they are days apart", () => {
    const start = T0 + 41 * 6 * 3_600_000;
    const out = run([...routine, ...probes.map((score, i) => ({ e: event(100 + i, start + i * (BURST_GAP_MS + 60_000), { ...stolen, action: `iam.amazonaws.com:Probe${i}` }), score }))]);
    expect(out.filter((x) => x.alert)).toHaveLength(0);
  });

  it("does not start a burst for a principal seen for the first time, or from a known address with a new client", () => {
    const fresh = probes.map((score, i) => ({ e: event(100 + i, T0 + i * 90_000, { ...stolen, action: `iam.amazonaws.com:Probe${i}` }), score }));
    expect(run(fresh).filter((x) => x.alert)).toHaveLength(0);
    const start = T0 + 41 * 6 * 3_600_000;
    const newTool = probes.map((score, i) => ({ e: event(100 + i, start + i * 90_000, { ...stolen, sourceIp: usual.sourceIp, action: `iam.amazonaws.com:Probe${i}` }), score }));
    expect(run([...routine, ...newTool]).filter((x) => x.alert)).toHaveLength(0);
  });

  it("does not start a burst for a principal whose sessions usually begin at a new address (a CI runner)", () => {
    // Forty runs, six hours apart, each from a fresh runner address: a new address is its routine.
    const runs = Array.from({ length: 40 }, (_, i) => ({ e: event(i, T0 + i * 6 * 3_600_000, { sourceIp: `20.1.${i}.7`, userAgentFamily: "terraform" }), score: 2 }));
    const start = T0 + 41 * 6 * 3_600_000;
    const apply = probes.map((score, i) => ({ e: event(100 + i, start + i * 90_000, { sourceIp: "20.1.200.7", userAgentFamily: "terraform", action: `iam.amazonaws.com:Probe${i}` }), score }));
    expect(run([...runs, ...apply]).filter((x) => x.alert)).toHaveLength(0);
    // The same calls after forty runs from one address do form a burst.
    const settled = runs.map(({ e, score }) => ({ e: { ...e, sourceIp: "20.1.0.7" }, score }));
    expect(run([...settled, ...apply]).filter((x) => x.alert).length).toBeGreaterThan(0);
  });

  it("does not raise routine work from a new address (a laptop on another network)", () => {
    const start = T0 + 41 * 6 * 3_600_000;
    const out = run([...routine, ...Array.from({ length: 200 }, (_, i) => ({ e: event(200 + i, start + i * 20_000, { sourceIp: "203.0.113.9" }), score: 1 + (i % 4) }))]);
    expect(out.filter((x) => x.alert)).toHaveLength(0);
  });
});
