// manifest.json: what was generated — accounts, principals (key, kind, account), the period, the
// seed and the attack schedule — so an evaluation can split chronologically and join labels.
import fs from "node:fs";
import path from "node:path";
import type { AttackPlan } from "./attacks";
import { isoSeconds } from "./calendar";
import type { DemoOrg } from "./org";
import type { EventLabel, OddityLabel } from "./types";

export interface ManifestInput {
  org: DemoOrg;
  seed: number;
  scale: number;
  plans: AttackPlan[];
  azureAttack: EventLabel[];
  oddities: OddityLabel[];
  attackWindow: { fromMs: number; toMs: number };
  counts: Record<string, number>;
}

export function writeManifest(outDir: string, m: ManifestInput): void {
  const manifest = {
    generator: "trailwatch demo-data",
    formatVersion: 1,
    seed: m.seed,
    scale: m.scale,
    period: { start: isoSeconds(m.org.startMs), end: isoSeconds(m.org.endMs), days: Math.round((m.org.endMs - m.org.startMs) / 86_400_000) },
    attackWindow: { start: isoSeconds(m.attackWindow.fromMs), end: isoSeconds(m.attackWindow.toMs) },
    accounts: [...m.org.accounts, m.org.azure].map((a) => ({ provider: a.provider, id: a.id, name: a.name, homeRegion: a.homeRegion, regions: a.regions })),
    azureTenantId: m.org.tenantId,
    principals: m.org.principals.map((p) => ({
      provider: p.provider, key: p.key, kind: p.kind, behaviour: p.behaviour, name: p.name, account: p.account.id,
      identityType: p.identityType, activeFrom: isoSeconds(p.activeFrom),
    })),
    attacks: [
      ...m.plans.map((p) => ({
        provider: "aws", technique: p.detonation.technique, tactic: p.detonation.tactic, file: p.detonation.file, victim: p.victim.key,
        account: p.victim.accountId, region: p.victim.region, injectedAt: isoSeconds(p.at), events: p.detonation.records.length,
        attackerIp: p.attackerIp, userAgent: p.userAgent,
      })),
      ...(m.azureAttack.length
        ? [{ provider: "azure", technique: m.azureAttack[0].technique, tactic: m.azureAttack[0].tactic, file: m.azureAttack[0].file, victim: m.azureAttack[0].victim, account: m.org.azure.id, injectedAt: m.azureAttack[0].injectedAt, events: m.azureAttack.length * 2 }]
        : []),
    ],
    benignOddities: [...new Map(m.oddities.map((o) => [o.description, { description: o.description, principal: o.principal, at: o.at }])).values()],
    files: { labels: "labels.jsonl", benignOddities: "benign-oddities.jsonl", aws: "AWSLogs/", azure: "azure/" },
    counts: m.counts,
  };
  fs.writeFileSync(path.join(outDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
}
