import { describe, expect, it } from "vitest";
import { generateSyntheticEvents } from "@/ml/data/synthetic";
import { injectBursts, type AttackTemplate } from "@/ml/inject";
import { compare, type VersionEvaluation } from "@/ml/update";

const timeline = generateSyntheticEvents({ principals: 6, eventsPerPrincipal: 100, actions: 30, seed: 2 });
const template = (technique: string, actions: string[]): AttackTemplate => ({
  technique,
  events: actions.map((action, i) => ({ ...timeline[0], eventId: `${technique}-${i}`, eventTime: 1_700_000_000_000 + i * 5_000, action, sourceIp: "10.0.0.1", userAgent: "stratus-red-team", userAgentFamily: "sdk" })),
});
const templates = [template("t.persistence", ["iam.amazonaws.com:CreateUser", "iam.amazonaws.com:CreateAccessKey"]), template("t.evasion", ["cloudtrail.amazonaws.com:StopLogging"]), template("t.exfil", ["ec2.amazonaws.com:ModifySnapshotAttribute", "ec2.amazonaws.com:DescribeSnapshots"])];

describe("injected stolen-key bursts (ml/inject.ts)", () => {
  it("replays each technique as a real principal, inside its activity, from a new address with a CLI", () => {
    const bursts = injectBursts(timeline, templates, { seed: 7 });
    expect(bursts.map((b) => b.technique).sort()).toEqual(["t.evasion", "t.exfil", "t.persistence"]);
    expect(new Set(bursts.map((b) => b.victim)).size).toBe(3);
    const own = new Set(timeline.map((e) => e.sourceIp));
    for (const b of bursts) {
      const victimTimes = timeline.filter((e) => e.principalKey === b.victim).map((e) => Number(e.eventTime));
      for (const e of b.events) {
        expect(e.principalKey).toBe(b.victim);
        expect(e.userAgentFamily).toBe("cli");
        expect(own.has(e.sourceIp)).toBe(false);
        expect(e.eventId.startsWith("inject:")).toBe(true);
        expect(Number(e.eventTime)).toBeGreaterThan(Math.min(...victimTimes));
        expect(Number(e.eventTime)).toBeLessThan(Math.max(...victimTimes) + 60_000);
      }
      // The technique's own spacing is kept.
      const times = b.events.map((e) => Number(e.eventTime));
      expect(times.at(-1)! - times[0]).toBe((b.events.length - 1) * 5_000);
    }
    expect(injectBursts(timeline, templates, { seed: 7 })).toEqual(bursts);
  });

  it("a candidate that misses injected bursts the active version catches is not promoted", () => {
    const active: VersionEvaluation = { top1: 0.8, top5: 0.95, alertsPerMillion: 120, events: 10_000, injected: 12, detected: 11 };
    const blind = compare({ ...active, top1: 0.82, alertsPerMillion: 60, detected: 7 }, active);
    expect(blind.decision).toBe("shadow");
    expect(blind.reason).toContain("injected bursts caught 7/12 vs 11/12");
    expect(compare({ ...active, top1: 0.82, alertsPerMillion: 60, detected: 11 }, active).decision).toBe("promote");
  });
});
