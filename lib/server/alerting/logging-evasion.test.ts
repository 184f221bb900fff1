import { describe, expect, it } from "vitest";
import { applyLoggingEvasionRule, isLoggingEvasion, type EvasionCandidate } from "./logging-evasion";

const event = (action: string, o: Partial<EvasionCandidate> & { isNewActionForAccount?: boolean } = {}): EvasionCandidate => ({
  action, alert: o.alert ?? false, isAccountKnown: o.isAccountKnown ?? true, facts: { isNewActionForAccount: o.isNewActionForAccount ?? true },
});

describe("switching off an audit trail", () => {
  it("names the actions that stop, delete or narrow a log or a detector, and not routine deletions", () => {
    expect(isLoggingEvasion("cloudtrail.amazonaws.com:StopLogging")).toBe(true);
    expect(isLoggingEvasion("cloudtrail.amazonaws.com:DeleteTrail")).toBe(true);
    expect(isLoggingEvasion("guardduty.amazonaws.com:DeleteDetector")).toBe(true);
    expect(isLoggingEvasion("MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/DELETE")).toBe(true);
    expect(isLoggingEvasion("logs.amazonaws.com:DeleteLogGroup")).toBe(false);
    expect(isLoggingEvasion("cloudtrail.amazonaws.com:LookupEvents")).toBe(false);
    // An action name is matched whole: a look-alike from another service is not the API.
    expect(isLoggingEvasion("evil.amazonaws.com:StopLogging")).toBe(false);
  });

  it("alerts when nobody in a known account did it before, whatever the score", () => {
    const scored = [event("cloudtrail.amazonaws.com:StopLogging"), event("cloudtrail.amazonaws.com:DeleteTrail", { alert: true })];
    expect(applyLoggingEvasionRule(scored)).toBe(1);
    expect(scored.map((s) => [s.alert, s.rule])).toEqual([[true, "logging-evasion"], [true, "logging-evasion"]]);
  });

  it("leaves it to the model where the account already does it, or where the account is new", () => {
    const routine = event("cloudtrail.amazonaws.com:StopLogging", { isNewActionForAccount: false });
    const firstBatch = event("cloudtrail.amazonaws.com:StopLogging", { isAccountKnown: false });
    const other = event("s3.amazonaws.com:PutBucketPolicy");
    expect(applyLoggingEvasionRule([routine, firstBatch, other])).toBe(0);
    expect([routine, firstBatch, other].map((s) => s.alert || s.rule !== undefined)).toEqual([false, false, false]);
  });
});
