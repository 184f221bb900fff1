import { describe, expect, it } from "vitest";
import { NewActionBaseline } from "@/ml/baselines/new-action";
import type { MlEvent } from "@/ml/types";

const DAY = 86_400_000;
const ev = (action: string, day: number, principalKey = "user/a"): MlEvent => ({
  eventId: `${principalKey}-${action}-${day}`, principalKey, accountId: "1", eventTime: day * DAY, action, service: "s3.amazonaws.com",
  outcome: "success", errorCode: null, readOnly: true, region: "us-east-1", userAgentFamily: "cli", sourceIp: null, userAgent: null,
});

describe("NewActionBaseline", () => {
  it("alerts on an action new to the principal and ranks known actions by frequency", () => {
    const b = new NewActionBaseline(90);
    for (const e of [ev("s3:GetObject", 1), ev("s3:GetObject", 2), ev("s3:ListBuckets", 3)]) b.observe(e);
    const known = b.score(ev("s3:ListBuckets", 4));
    expect(known.alert).toBe(false);
    expect(known.rank).toBe(2);
    expect(known.probability).toBeCloseTo(1 / 3);
    expect(known.expected.map((x) => x.action)).toEqual(["s3:GetObject", "s3:ListBuckets"]);
    const fresh = b.score(ev("iam:CreateUser", 4));
    expect(fresh).toMatchObject({ alert: true, rank: Infinity, probability: 0 });
  });

  it("forgets actions older than the lookback and keeps principals apart", () => {
    const b = new NewActionBaseline(90);
    b.observe(ev("s3:GetObject", 1));
    expect(b.score(ev("s3:GetObject", 50)).alert).toBe(false);
    expect(b.score(ev("s3:GetObject", 100)).alert).toBe(true);
    expect(b.score(ev("s3:GetObject", 2, "user/b")).alert).toBe(true);
  });
});
