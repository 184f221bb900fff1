import { describe, expect, it } from "vitest";
import { datasetPath } from "@/test/helpers/datasets";
import { injectAttacks, type AttackVictim } from "./attacks";
import { loadDetonations } from "./detonations";
import type { AwsRecord } from "./types";

const detonations = loadDetonations(datasetPath());
const from = Date.parse("2025-03-20T00:00:00Z");
const to = Date.parse("2025-03-30T00:00:00Z");
const human: AttackVictim = {
  key: "arn:aws:iam::111122223333:user/alice", accountId: "111122223333", region: "eu-west-1", canConsole: true,
  userIdentity: { type: "IAMUser", principalId: "AIDAEXAMPLEALICE00001", arn: "arn:aws:iam::111122223333:user/alice", accountId: "111122223333", accessKeyId: "AKIAEXAMPLEALICE0001", userName: "alice" },
};
const role: AttackVictim = {
  key: "arn:aws:iam::111122223333:role/etl-batch", accountId: "111122223333", region: "eu-west-1", canConsole: false,
  userIdentity: { type: "AssumedRole", principalId: "AROAEXAMPLEETL000001:i-0abc", arn: "arn:aws:sts::111122223333:assumed-role/etl-batch/i-0abc", accountId: "111122223333", sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/etl-batch", userName: "etl-batch" } } },
};
const keyOf = (r: AwsRecord) => {
  const u = r.userIdentity as { type: string; arn: string; sessionContext?: { sessionIssuer: { arn: string } } };
  return u.type === "AssumedRole" ? u.sessionContext!.sessionIssuer.arn : u.arn;
};

describe("injectAttacks", () => {
  const run = () => injectAttacks({ detonations, victims: [human, role], seed: 42, fromMs: from, toMs: to });

  it("parses LABELS.csv for every Stratus detonation", () => {
    expect(detonations).toHaveLength(25);
    expect(detonations.find((d) => d.file === "aws.persistence.iam-backdoor-user.json")).toMatchObject({ technique: "aws.persistence.iam-backdoor-user", tactic: "Persistence;Privilege Escalation" });
  });

  it("labels every injected record and places them in the window, keeping the detonation's spacing", () => {
    const { injected, labels, plans } = run();
    expect(injected).toHaveLength(detonations.reduce((n, d) => n + d.records.length, 0));
    expect(new Set(labels.map((l) => l.eventId))).toEqual(new Set(injected.map((r) => r.eventID)));
    for (const plan of plans) {
      const ids = new Set(labels.filter((l) => l.file === plan.detonation.file).map((l) => l.eventId));
      const mine = injected.filter((r) => ids.has(r.eventID));
      const srcSpan = Date.parse(plan.detonation.records.at(-1)!.eventTime) - Date.parse(plan.detonation.records[0].eventTime);
      expect(Date.parse(mine[0].eventTime)).toBeGreaterThanOrEqual(from);
      expect(Date.parse(mine.at(-1)!.eventTime) - Date.parse(mine[0].eventTime)).toBe(srcSpan);
    }
  });

  it("moves the attack onto the victim's principal key, account and region, with the attacker's IP and agent", () => {
    const { injected, plans } = run();
    const plan = plans.find((p) => p.detonation.file === "aws.persistence.iam-create-admin-user.json")!;
    const events = injected.filter((r) => r.eventName === "CreateUser");
    expect(events).toHaveLength(1);
    expect(keyOf(events[0])).toBe(plan.victim.key);
    expect(events[0]).toMatchObject({ recipientAccountId: "111122223333", awsRegion: "us-east-1", sourceIPAddress: plan.attackerIp, userAgent: plan.userAgent });
    expect(injected.find((r) => r.eventName === "RunInstances")?.awsRegion).toBe("eu-west-1");
    expect(JSON.stringify(injected)).not.toMatch(/stratus/i);
  });

  it("sends the console login only to a victim who can sign in, and keeps foreign accounts foreign", () => {
    const { injected } = run();
    const login = injected.find((r) => r.eventName === "ConsoleLogin")!;
    expect(keyOf(login)).toBe(human.key);
    const share = injected.find((r) => r.eventName === "ModifySnapshotAttribute")!;
    expect(JSON.stringify(share.requestParameters)).toContain("098797384747");
    expect(share.recipientAccountId).toBe("111122223333");
  });

  it("is deterministic for a seed and merges into given records in time order", () => {
    const a = run();
    const b = run();
    expect(JSON.stringify(a.injected)).toBe(JSON.stringify(b.injected));
    const c = injectAttacks({ detonations, victims: [human, role], seed: 43, fromMs: from, toMs: to });
    expect(JSON.stringify(c.injected)).not.toBe(JSON.stringify(a.injected));
    const normal = [{ eventID: "n1", eventTime: "2025-03-25T00:00:00Z" }] as AwsRecord[];
    const merged = injectAttacks({ records: normal, detonations: detonations.slice(0, 2), victims: [human], seed: 1, fromMs: from, toMs: to }).records;
    expect(merged.map((r) => r.eventTime)).toEqual(merged.map((r) => r.eventTime).sort());
    expect(merged.some((r) => r.eventID === "n1")).toBe(true);
  });
});
