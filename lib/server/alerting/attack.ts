// An alert's MITRE ATT&CK context (issue 17): the tactics and techniques its actions map to in
// attack-map.ts. Pure, so the alert writer, the migration's backfill and the tests share it.
import { getAttackTechnique, sortTactics } from "@/lib/shared/attack";
import { ATTACK_MAP, type AttackMapping } from "./attack-map";

export interface AlertAttack {
  /** Tactic ids (TA…), kill-chain order. */
  tactics: string[];
  /** Technique ids (T…), sorted. */
  techniques: string[];
}

/** The mappings of one action: AWS `source:name` exactly, Azure operations in any case. */
export function attackMappingsOf(action: string): readonly AttackMapping[] {
  return ATTACK_MAP.get(action) ?? ATTACK_MAP.get(action.toUpperCase()) ?? [];
}

export function attackOfActions(actions: Iterable<string>): AlertAttack {
  const tactics = new Set<string>();
  const techniques = new Set<string>();
  for (const action of actions) {
    for (const m of attackMappingsOf(action)) {
      techniques.add(m.technique);
      for (const tactic of m.tactics ?? getAttackTechnique(m.technique)?.tactics ?? []) tactics.add(tactic);
    }
  }
  return { tactics: sortTactics(tactics), techniques: [...techniques].sort() };
}
