import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";
import { describeFacts, describeFamiliarSession, describePopulationShift, describeSurprise, formatProbability, parseExplanation, RULE_TEXT } from "./explanation";

describe("parseExplanation", () => {
  it("reads the worker's shape", () => {
    const x = parseExplanation({
      expected: [{ action: "s3:GetObject", p: 0.6 }],
      actual: { action: "iam:CreateAccessKey", probability: 1e-5, rank: 312 },
      surprising: [{ feature: "region", value: "ap-southeast-2", probability: 0.01 }],
      facts: { isNewActionForPrincipal: true, isNewIp: false, note: "not a boolean" },
      usualActions: ["s3:GetObject", { action: "sts:GetCallerIdentity", count: 40 }],
    });
    expect(x.expected).toEqual([{ action: "s3:GetObject", p: 0.6 }]);
    expect(x.actual).toEqual({ action: "iam:CreateAccessKey", probability: 1e-5, rank: 312 });
    expect(x.surprising[0]).toEqual({ feature: "region", value: "ap-southeast-2", probability: 0.01 });
    expect(x.facts).toEqual({ isNewActionForPrincipal: true, isNewIp: false });
    expect(x.usualActions.map((u) => u.action)).toEqual(["s3:GetObject", "sts:GetCallerIdentity"]);
  });

  it("reads a population shift only as a finite number", () => {
    expect(parseExplanation({ populationShift: 8.25 }).populationShift).toBe(8.25);
    for (const junk of [undefined, "8", Number.NaN, null]) expect(parseExplanation({ populationShift: junk }).populationShift).toBeNull();
    expect(describePopulationShift(8.25)).toContain("8.3 nats lower");
  });

  it("reads the familiar-session flag only when the worker set it true", () => {
    expect(parseExplanation({ threshold: 19.85, familiarSession: true })).toMatchObject({ threshold: 19.85, familiarSession: true });
    for (const junk of [undefined, "true", 1, null]) expect(parseExplanation({ familiarSession: junk }).familiarSession).toBe(false);
    expect(describeFamiliarSession(19.85)).toContain("(19.9 nats)");
    expect(describeFamiliarSession(null)).not.toContain("nats");
  });

  it("accepts a score row's flat shape and survives garbage", () => {
    expect(parseExplanation({ probability: 0.2, rank: 3, expected: "nope" })).toMatchObject({ expected: [], actual: { probability: 0.2, rank: 3 } });
    for (const junk of [null, 42, "x", [], { expected: [{ action: 1 }] }]) expect(parseExplanation(junk).expected).toEqual([]);
  });
});

describe("wording", () => {
  it("states odds for small probabilities and percentages for large", () => {
    expect(formatProbability(0.61)).toBe("61%");
    expect(formatProbability(0.042)).toBe("4.2%");
    expect(formatProbability(0.0004)).toBe("1 in 2,500");
    expect(formatProbability(1.26e-20)).toBe("< 1 in a billion");
    expect(formatProbability(0)).toBe("never seen");
    expect(formatProbability(null)).toBe("—");
  });
  it("describes only the true facts, in the worker's keys and the older ones alike", () => {
    expect(describeFacts({ isNewRegion: true, isNewIp: false, isSomethingElse: true })).toEqual(["First call from this region by this principal", "Something else"]);
    // The worker's shape (scoring/explain.ts): the issue saw these as "new For Account", "new Ip".
    expect(describeFacts({ newPrincipal: false, newForPrincipal: true, newForAccount: true, newRegion: false, newIp: true, newUserAgent: true })).toEqual([
      "First call from this source address by this principal",
      "First call with this client (user agent) by this principal",
      "First time this principal performed this action",
      "Nobody in this account performed this action before",
    ]);
    expect(describeFacts({ newIp: true, isNewIp: true })).toEqual(["First call from this source address by this principal"]);
    expect(describeFacts({ constructor: true })).toEqual(["Constructor"]);
  });
  it("makes every unusual attribute a sentence", () => {
    const sentence = (f: string, v: string | null) => {
      const d = describeSurprise(f, v);
      return [d.lead, d.value, d.tail].filter((x) => x !== null).join(" ");
    };
    expect(sentence("ipNovelty", "new")).toBe("Calling from an address it never used is rare for this principal");
    expect(sentence("uaFamily", "sdk")).toBe("Calling through an SDK is rare for this principal");
    expect(sentence("region", "ap-southeast-2")).toBe("Calling in region ap-southeast-2 is rare for this principal");
    expect(sentence("outcome", "failure:AccessDenied")).toBe("Failing with AccessDenied is rare for this principal");
    expect(sentence("outcome", "success:no-mfa")).toBe("Signing in without MFA is rare for this principal");
    expect(sentence("hourOfDay", "3")).toBe("Hour of day 3 is rare for this principal");
  });
});

describe("cursor", () => {
  it("round-trips and refuses forgeries", () => {
    expect(decodeCursor(encodeCursor(["2026-11-28T00:00:00.000Z", 42]))).toEqual(["2026-11-28T00:00:00.000Z", 42]);
    expect(decodeCursor("not base64 json")).toBeNull();
    expect(decodeCursor(Buffer.from(JSON.stringify({ a: 1 })).toString("base64url"))).toBeNull();
    expect(decodeCursor(Buffer.from(JSON.stringify(["x".repeat(500), 1])).toString("base64url"))).toBeNull();
  });
});

describe("parseExplanation: bursts", () => {
  it("reads a burst's calls and leaves a malformed burst out", () => {
    const burst = { sourceIp: "203.0.113.9", userAgentFamily: "cli", novelty: ["address", "client"], evidence: 21.5, contributing: 3,
      events: [{ eventId: "7", time: "2026-03-02T10:00:00.000Z", action: "iam.amazonaws.com:ListUsers", score: 9.1 }] };
    expect(parseExplanation({ burst }).burst).toEqual(burst);
    expect(parseExplanation({ burst: { events: [{ eventId: 7 }] } }).burst).toBeNull();
    expect(parseExplanation({}).burst).toBeNull();
  });
});

describe("parseExplanation: rules that alert whatever the score", () => {
  it("reads the rule's name, each with its sentence, and nothing for a score-only alert", () => {
    expect(parseExplanation({ rule: "logging-evasion" }).rule).toBe("logging-evasion");
    expect(RULE_TEXT["mfa-downgrade"]).toMatch(/without MFA/);
    expect(parseExplanation({ rule: 7 }).rule).toBeNull();
    expect(parseExplanation({}).rule).toBeNull();
  });
});
