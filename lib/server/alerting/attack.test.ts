import { describe, expect, it } from "vitest";
import { findDatasetsDir } from "@/lib/server/demo/datasets-dir";
import { loadDetonations } from "@/lib/server/demo/detonations";
import { ATTACK_TACTICS, getAttackTechnique } from "@/lib/shared/attack";
import { ATTACK_MAP } from "./attack-map";
import { attackMappingsOf, attackOfActions } from "./attack";

const detonations = loadDetonations(findDatasetsDir());
const tacticIdByName = new Map(ATTACK_TACTICS.map((t) => [t.name, t.id]));

// Stratus names a tactic for these detonations that none of their calls serves on its own in ATT&CK:
// the stolen instance credentials are used for discovery calls, the unusual instances are created
// (T1578.002, Defense Evasion), and the opened port is a firewall change (T1562.007, Defense Evasion).
const TACTIC_EXCEPTIONS = new Set([
  "aws.credential-access.ec2-steal-instance-credentials.json",
  "aws.execution.ec2-launch-unusual-instances.json",
  "aws.exfiltration.ec2-security-group-open-port-22-ingress.json",
]);

describe("ATT&CK mapping", () => {
  it("covers every action of the shared attack detonations", () => {
    expect(detonations.length).toBeGreaterThanOrEqual(25);
    const unmapped = new Set<string>();
    for (const d of detonations) {
      for (const r of d.records) {
        const action = `${r.eventSource}:${r.eventName}`;
        if (attackMappingsOf(action).length === 0) unmapped.add(action);
      }
    }
    expect([...unmapped]).toEqual([]);
  });

  it("gives each detonation the tactic Stratus Red Team labels it with, except the documented ones", () => {
    const missing: string[] = [];
    for (const d of detonations) {
      const { tactics } = attackOfActions(d.records.map((r) => `${r.eventSource}:${r.eventName}`));
      const labelled = d.tactic.split(";").map((name) => tacticIdByName.get(name.trim()));
      expect(labelled.every(Boolean), `${d.file}: unknown tactic ${d.tactic}`).toBe(true);
      if (!labelled.some((id) => tactics.includes(id!))) missing.push(d.file);
    }
    expect(missing.sort()).toEqual([...TACTIC_EXCEPTIONS].sort());
  });

  it("uses only known techniques, with tactics ATT&CK lists them under", () => {
    for (const [action, mappings] of ATTACK_MAP) {
      expect(mappings.length, action).toBeGreaterThan(0);
      for (const m of mappings) {
        const technique = getAttackTechnique(m.technique);
        expect(technique, `${action} → ${m.technique}`).toBeDefined();
        for (const tactic of m.tactics ?? []) expect(technique!.tactics, `${action} → ${m.technique} ${tactic}`).toContain(tactic);
      }
    }
  });

  it("derives an alert's tactics and techniques from its actions", () => {
    expect(attackOfActions(["cloudtrail.amazonaws.com:StopLogging", "iam.amazonaws.com:CreateAccessKey", "s3.amazonaws.com:HeadBucket"])).toEqual({
      tactics: ["TA0003", "TA0004", "TA0005"],
      techniques: ["T1098.001", "T1562.008"],
    });
    expect(attackOfActions(["signin.amazonaws.com:ConsoleLogin"])).toEqual({ tactics: ["TA0001"], techniques: ["T1078.004"] });
    // Azure operations arrive upper-cased from the importer, but any case maps.
    expect(attackOfActions(["Microsoft.KeyVault/vaults/delete"]).techniques).toEqual(["T1485"]);
    expect(attackOfActions(["s3.amazonaws.com:HeadBucket"])).toEqual({ tactics: [], techniques: [] });
  });
});
