import { describe, expect, it } from "vitest";
import { accumulateBurst, BURST_GAP_MS, isSessionUnfamiliar, trackSession, UNFAMILIAR_MS } from "@/ml/burst";
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
    const roaming = trackSession(p, facts, Number(e.eventTime), i);
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
    const apply = probes.map((score, i) => ({ e: event(100 + i, start + i * 90_000, { sourceIp: "20.1.200.7", userAgent: "Terraform/1.9.8 aws-sdk-go-v2/1.30.3", userAgentFamily: "terraform", action: `iam.amazonaws.com:Probe${i}` }), score }));
    expect(run([...runs, ...apply]).filter((x) => x.alert)).toHaveLength(0);
    // The same calls after forty runs from one address do form a burst.
    const settled = runs.map(({ e, score }) => ({ e: { ...e, sourceIp: "20.1.0.7" }, score }));
    expect(run([...settled, ...apply]).filter((x) => x.alert).length).toBeGreaterThan(0);
  });

  it("does not burst at a new address with the principal's own browser (a person travelling), but does with its own command-line tool", () => {
    const start = T0 + 41 * 6 * 3_600_000;
    const travelling = { sourceIp: "203.0.113.50" };
    // Calls just under the threshold, one after another: each is judged alone, and none alerts.
    const strong = run([...routine, ...[19, 19, 19, 19, 19].map((score, i) => ({ e: event(800 + i, start + i * 90_000, { ...travelling, action: `iam.amazonaws.com:Probe${i}` }), score }))]);
    expect(strong.slice(routine.length).filter((x) => x.alert)).toHaveLength(0);
    // One above it still alerts on its own.
    const one = run([...routine, ...[19, 25, 19].map((score, i) => ({ e: event(850 + i, start + i * 90_000, { ...travelling, action: `iam.amazonaws.com:Probe${i}` }), score }))]);
    expect(one.slice(routine.length).map((x) => x.alert)).toEqual([false, true, false]);
    expect(one.some((x) => x.burst)).toBe(false);
    // An intruder back with the tool it used before: a new address, a client the key has seen.
    const cliUser = routine.map(({ e, score }) => ({ e: { ...e, ...stolen, sourceIp: usual.sourceIp }, score }));
    const back = run([...cliUser, ...probes.map((score, i) => ({ e: event(900 + i, start + i * 90_000, { ...stolen, sourceIp: "203.0.113.51", action: `iam.amazonaws.com:Probe${i}` }), score }))]);
    const fired = back.slice(cliUser.length).filter((x) => x.burst);
    expect(fired.length).toBeGreaterThan(0);
    expect(fired[0].burst!.novelty).toEqual(["address"]);
  });

  it("does not raise a person's console session from a new address whose reads are only moderately surprising", () => {
    const start = T0 + 41 * 6 * 3_600_000;
    // The first 8 calls of uma's session in eval-e2e seed 2 (4.3–11.7 nats at a threshold of 15.6), on this test's threshold.
    const session = [4.3, 11.0, 9.4, 11.7, 7.4, 6.4, 7.5, 10.2].map((nats) => (nats * THRESHOLD) / 15.6);
    const out = run([...routine, ...session.map((score, i) => ({ e: event(600 + i, start + i * 60_000, { sourceIp: "203.0.113.60", action: `secretsmanager.amazonaws.com:Call${i}` }), score }))]);
    expect(out.slice(routine.length).filter((x) => x.alert)).toHaveLength(0);
    // The same calls with a client new to the principal (someone else's session) are a burst.
    const elsewhere = run([...routine, ...session.map((score, i) => ({ e: event(650 + i, start + i * 60_000, { ...stolen, action: `secretsmanager.amazonaws.com:Call${i}` }), score }))]);
    expect(elsewhere.slice(routine.length).some((x) => x.burst)).toBe(true);
  });

  it("does not raise routine work from a new address (a laptop on another network)", () => {
    const start = T0 + 41 * 6 * 3_600_000;
    const out = run([...routine, ...Array.from({ length: 200 }, (_, i) => ({ e: event(200 + i, start + i * 20_000, { sourceIp: "203.0.113.9" }), score: 1 + (i % 4) }))]);
    expect(out.filter((x) => x.alert)).toHaveLength(0);
  });
});

describe("session familiarity (ml/burst.ts trackSession)", () => {
  /** The principal's isSessionUnfamiliar after each event. */
  function flags(events: MlEvent[], isAccountKnown = true): boolean[] {
    const history = new History(10);
    const row = new Int32Array(F);
    return events.map((e, i) => {
      const facts = history.facts(e);
      history.observe(e, row);
      const p = history.principals.get(e.principalKey)!;
      trackSession(p, facts, Number(e.eventTime), i, isAccountKnown);
      return isSessionUnfamiliar(p, Number(e.eventTime));
    });
  }
  const later = T0 + 41 * 6 * 3_600_000;

  it("a principal's first session is unfamiliar; its later sessions at its known address are familiar", () => {
    const f = flags(routine.map((r) => r.e));
    expect(f[0]).toBe(true);
    expect(f.slice(1).every((x) => !x)).toBe(true);
  });

  it("a principal's first event says nothing while its account is not learned yet (its first day, or no account named)", () => {
    expect(flags(routine.map((r) => r.e), false)[0]).toBe(false);
  });

  it("a session that brings a new address stays unfamiliar to its end, its calls after the first too; the next session at home is familiar again", () => {
    const intruder = [0, 1, 2].map((i) => event(300 + i, later + i * 60_000, stolen));
    const home = event(400, later + 3 * 60_000 + BURST_GAP_MS + 1);
    const f = flags([...routine.map((r) => r.e), ...intruder, home]);
    expect(f.slice(routine.length, routine.length + 3)).toEqual([true, true, true]);
    expect(f[f.length - 1]).toBe(false);
  });

  it("a principal that never pauses is unfamiliar for UNFAMILIAR_MS after a new address, then familiar again", () => {
    const poll = (i: number, at: number, ip = usual.sourceIp) => event(600 + i, at, { sourceIp: ip });
    const start = later;
    const calls = [...routine.map((r) => r.e), poll(0, start, "198.51.100.99"), poll(1, start + 60 * 60_000, "198.51.100.99"), poll(2, start + UNFAMILIAR_MS - 60_000), poll(3, start + UNFAMILIAR_MS + 60_000)];
    // Keep the session open: a call every 20 minutes in between.
    const steady = Array.from({ length: 8 }, (_, i) => poll(10 + i, start + (i + 1) * 20 * 60_000 - 60_000));
    const all = [...calls, ...steady].sort((a, b) => Number(a.eventTime) - Number(b.eventTime));
    const f = flags(all);
    const at = (id: string) => f[all.findIndex((e) => e.eventId === id)];
    expect([at("e600"), at("e601"), at("e602")]).toEqual([true, true, true]);
    expect(at("e603")).toBe(false);
  });

  it("a principal with a short history in a learned account is unfamiliar at a new address, familiar at its own", () => {
    // Eight console calls over two days, then a session from a new address and client.
    const few = Array.from({ length: 8 }, (_, i) => event(700 + i, T0 + i * 6 * 3_600_000));
    const intruder = [0, 1, 2].map((i) => event(800 + i, later + i * 60_000, stolen));
    const f = flags([...few, ...intruder]);
    expect(f.slice(few.length)).toEqual([true, true, true]);
    expect(f.slice(1, few.length).every((x) => !x)).toBe(true);
    // Where the account is not learned yet (its first day), a short history's new address says nothing.
    expect(flags([...few, ...intruder], false).slice(few.length)).toEqual([false, false, false]);
  });

  it("a new address is nothing unfamiliar for a principal whose sessions usually begin at one (a CI runner)", () => {
    const runs = Array.from({ length: 12 }, (_, i) => event(500 + i, T0 + i * 3 * 3_600_000, { sourceIp: `192.0.2.${i + 1}` }));
    const f = flags(runs);
    expect(f.slice(4).every((x) => !x)).toBe(true);
  });
});
