import { describe, expect, it } from "vitest";
import { initBackend } from "@/ml/backend";
import { timeMs } from "@/ml/data/tokens";
import { AZURE_BURST_ACTIONS, buildAzureBurst, loadAzureBenign, pickVictim, runAzureCase } from "./azure-case";

describe("Azure case (benign Activity Log + an injected mass deletion)", () => {
  it("builds the burst as a known principal from a new address within minutes, named as the normalizer names actions", async () => {
    const benign = await loadAzureBenign();
    const victim = pickVictim(benign);
    expect(victim.principalKey.startsWith("azure:")).toBe(true);
    // Its own call: the burst copies it, and must not carry the platform's on-behalf marker.
    expect(victim.invokedBy ?? null).toBeNull();
    const burst = buildAzureBurst(benign, victim);
    expect(burst.length).toBeGreaterThanOrEqual(15);
    const own = benign.filter((e) => e.principalKey === victim.principalKey);
    expect(own.map((e) => e.sourceIp)).not.toContain(burst[0].sourceIp);
    const times = burst.map((e) => timeMs(e.eventTime));
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(10 * 60_000);
    expect(Math.min(...times)).toBeGreaterThan(Math.max(...own.map((e) => timeMs(e.eventTime))));
    // The parser's own naming: benign deletions read e.g. MICROSOFT.RESOURCES/SUBSCRIPTIONS/RESOURCEGROUPS/DELETE.
    expect(benign.map((e) => e.action)).toContain("MICROSOFT.RESOURCES/SUBSCRIPTIONS/RESOURCEGROUPS/DELETE");
    for (const e of burst) {
      expect(AZURE_BURST_ACTIONS).toContain(e.action);
      expect(e.action).toBe(e.action.toUpperCase());
      expect(e).toMatchObject({ principalKey: victim.principalKey, accountId: victim.accountId, readOnly: false, outcome: "success" });
    }
    expect(new Set(burst.map((e) => e.eventId)).size).toBe(burst.length);
  });

  it("trains on the benign log, scores it with the burst and groups the alerts per principal", async () => {
    await initBackend();
    const benign = await loadAzureBenign();
    const r = await runAzureCase({ benign, fit: { epochs: 1 } });
    expect(r.benignEvents).toBe(benign.length);
    expect(r.burstEvents).toBe(AZURE_BURST_ACTIONS.length);
    expect(r.burstScores).toHaveLength(r.burstEvents);
    expect(r.alertedBurstEvents).toBe(r.burstScores.filter((s) => s.alert).length);
    expect(r.isAlerted).toBe(r.alertedBurstEvents > 0);
    // Alerting burst events of one principal within minutes: one group holds all of them.
    expect(r.burstAlertGroups).toBe(r.isAlerted ? 1 : 0);
    expect(r.largestGroupBurstEvents).toBe(r.alertedBurstEvents);
  }, 30_000);
});
