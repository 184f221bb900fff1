import { describe, expect, it } from "vitest";
import { fitPopulations, MIN_DAYS, populationKey, populationShift } from "@/ml/population";
import { History } from "@/ml/data/history";
import { F } from "@/ml/data/tokens";
import { UNKNOWN_ACCOUNT, type MlEvent } from "@/ml/types";

const T0 = Date.parse("2026-03-02T10:00:00Z");
const DAY = 86_400_000;

function event(i: number, at: number, over: Partial<MlEvent> = {}): MlEvent {
  return { eventId: `e${i}`, principalKey: "role/app", accountId: "111122223333", eventTime: at, action: "s3.amazonaws.com:PutObject", service: "s3.amazonaws.com",
    outcome: "success", errorCode: null, readOnly: false, region: "us-east-1", sourceIp: "198.51.100.7", userAgent: "aws-sdk-go/1.0", userAgentFamily: "sdk", ...over };
}

/** A world of ordinary writes (scores about 1 nat) and one deploy role whose writes score 15–20 nats. */
function world(deployDays: number) {
  const events: MlEvent[] = [];
  const scores: number[] = [];
  for (let i = 0; i < 2000; i++) {
    events.push(event(i, T0 + (i % 14) * DAY + i * 1000, { principalKey: `role/app${i % 20}` }));
    scores.push(0.5 + (i % 5) * 0.25);
  }
  for (let i = 0; i < 40; i++) {
    events.push(event(5000 + i, T0 + (i % deployDays) * DAY + i * 60_000, { principalKey: "role/deploy", userAgentFamily: "terraform", action: `dynamodb.amazonaws.com:Op${i}` }));
    scores.push(15 + (i % 6));
  }
  return { events, scores };
}

describe("per-population baselines (ml/population.ts)", () => {
  it("shifts the writes of a principal whose writes with its client are usually surprising", () => {
    const { events, scores } = world(10);
    const b = fitPopulations(events, scores);
    const deploy = event(1, T0, { principalKey: "role/deploy", userAgentFamily: "terraform" });
    const shift = populationShift(b, deploy);
    expect(shift).toBeGreaterThan(10);
    // Shrunk toward the common scale: less than the whole gap between its baseline and the reference.
    expect(shift).toBeLessThan(b.shifts[populationKey(deploy)!].baseline - b.reference);
    // Ordinary writers keep the common scale.
    expect(populationShift(b, event(2, T0, { principalKey: "role/app3" }))).toBe(0);
  });

  it("leaves the same principal's reads, another client's writes and calls made on its behalf on the common scale", () => {
    const { events, scores } = world(10);
    const b = fitPopulations(events, scores);
    const deploy = { principalKey: "role/deploy", userAgentFamily: "terraform" as const };
    expect(populationShift(b, event(1, T0, { ...deploy, readOnly: true }))).toBe(0);
    // A stolen key used from the CLI is a population of its own, without a baseline.
    expect(populationShift(b, event(1, T0, { ...deploy, userAgentFamily: "cli" }))).toBe(0);
    expect(populationShift(b, event(1, T0, { ...deploy, invokedBy: "cloudformation.amazonaws.com" }))).toBe(0);
  });

  it(`does not let writes of fewer than ${MIN_DAYS} days (one afternoon's burst) make themselves usual`, () => {
    const { events, scores } = world(MIN_DAYS - 1);
    const b = fitPopulations(events, scores);
    expect(populationShift(b, event(1, T0, { principalKey: "role/deploy", userAgentFamily: "terraform" }))).toBe(0);
  });

  it("leaves a population whose typical write is not among the rarest scores on the common scale (a person's console writes)", () => {
    const { events, scores } = world(10);
    for (let i = 0; i < 40; i++) {
      events.push(event(7000 + i, T0 + (i % 10) * DAY + i * 60_000, { principalKey: "user/alice", userAgentFamily: "console", action: `iam.amazonaws.com:Op${i}` }));
      scores.push(3 + (i % 3));
    }
    const b = fitPopulations(events, scores);
    expect(b.tailCut).toBeGreaterThan(5);
    expect(populationShift(b, event(1, T0, { principalKey: "user/alice", userAgentFamily: "console" }))).toBe(0);
    expect(populationShift(b, event(1, T0, { principalKey: "role/deploy", userAgentFamily: "terraform" }))).toBeGreaterThan(0);
  });

  it("is robust to a few attack writes inside a large ordinary population", () => {
    const { events, scores } = world(10);
    // Five stolen-key writes at 25 nats among role/app0's hundred ordinary ones.
    for (let i = 0; i < 5; i++) {
      events.push(event(9000 + i, T0 + 3 * DAY + i * 1000, { principalKey: "role/app0" }));
      scores.push(25);
    }
    expect(populationShift(fitPopulations(events, scores), event(1, T0, { principalKey: "role/app0" }))).toBe(0);
  });
});

describe("account settling (ml/data/history.ts)", () => {
  it("counts an account as learned only a day after its first event", () => {
    const h = new History(10);
    const row = new Int32Array(F);
    expect(h.isAccountSettled("111122223333", T0, DAY)).toBe(false);
    h.observe(event(1, T0), row);
    expect(h.isAccountSettled("111122223333", T0 + DAY - 1, DAY)).toBe(false);
    expect(h.isAccountSettled("111122223333", T0 + DAY, DAY)).toBe(true);
    // Survives the worker's save and load.
    expect(History.fromJSON(h.toJSON()).isAccountSettled("111122223333", T0 + DAY, DAY)).toBe(true);
  });

  it("never counts the records that name no account as one learned account", () => {
    const h = new History(10);
    const row = new Int32Array(F);
    h.observe(event(1, T0, { accountId: UNKNOWN_ACCOUNT }), row);
    h.observe(event(2, T0 + 30 * DAY, { accountId: UNKNOWN_ACCOUNT }), row);
    expect(h.isAccountSettled(UNKNOWN_ACCOUNT, T0 + 31 * DAY, DAY)).toBe(false);
  });
});
