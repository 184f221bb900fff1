/**
 * Stolen-key bursts spliced into real principals' timelines (issue 14, items 5 and 6): an attack
 * technique's events (a detonation's calls with their relative spacing) replayed as the victim
 * principal, in its account, from an address it never used and with a command-line client, at a
 * moment inside the timeline. Pure and seeded: the same inputs give the same splice.
 */
import type { MlEvent } from "@/ml/types";
import { seededRandom } from "@/ml/train";
import { timeMs } from "@/ml/data/tokens";

export interface AttackTemplate {
  /** e.g. the Stratus technique id. */
  technique: string;
  /** The technique's calls in time order (identity, address and client are replaced). */
  events: MlEvent[];
}

export interface Injected {
  technique: string;
  victim: string;
  events: MlEvent[];
}

/** TEST-NET-3 (RFC 5737): never a real principal's address. */
const ATTACKER_NET = "203.0.113";
export const ATTACKER_USER_AGENT = "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1014-kali exe/x86_64.kali.2024 prompt/off command/";

/** `template` replayed as `victim` starting at `atMs`; ids are `inject:<tag>:<i>`. */
export function spliceAttack(template: AttackTemplate, victim: Pick<MlEvent, "principalKey" | "accountId">, atMs: number, tag: string, attackerIp: string): MlEvent[] {
  if (template.events.length === 0) return [];
  const start = Math.min(...template.events.map((e) => timeMs(e.eventTime)));
  return template.events.map((e, i) => ({
    ...e, eventId: `inject:${tag}:${i}`, principalKey: victim.principalKey, accountId: victim.accountId,
    eventTime: atMs + (timeMs(e.eventTime) - start), sourceIp: attackerIp, userAgent: `${ATTACKER_USER_AGENT}${e.action.split(":")[1] ?? ""}`, userAgentFamily: "cli",
  }));
}

/**
 * One burst per template (at most `count`), each into a different principal with at least
 * `minEvents` events in `timeline`, at one of that principal's own event times (so the burst lands
 * inside its activity). Returns the bursts; the caller merges them into the timeline.
 */
export function injectBursts(timeline: readonly MlEvent[], templates: readonly AttackTemplate[], o: { seed?: number; count?: number; minEvents?: number } = {}): Injected[] {
  const rand = seededRandom(o.seed ?? 1);
  const byPrincipal = new Map<string, MlEvent[]>();
  for (const e of timeline) {
    const list = byPrincipal.get(e.principalKey);
    if (list) list.push(e);
    else byPrincipal.set(e.principalKey, [e]);
  }
  // AWS services acting as themselves ("aws-service:" streams) hold no key to steal.
  const victims = [...byPrincipal.entries()].filter(([key, list]) => list.length >= (o.minEvents ?? 20) && !key.startsWith("aws-service:")).sort(([a], [b]) => (a < b ? -1 : 1));
  if (victims.length === 0) return [];
  // A seeded shuffle: each template at most once, a different subset per seed.
  const picked = [...templates].filter((t) => t.events.length > 0).sort((a, b) => (a.technique < b.technique ? -1 : 1));
  for (let i = picked.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [picked[i], picked[j]] = [picked[j], picked[i]];
  }
  const out: Injected[] = [];
  for (let k = 0; k < Math.min(o.count ?? picked.length, picked.length); k++) {
    const t = picked[k];
    const [key, list] = victims[k % victims.length];
    const anchor = list[Math.floor(rand() * list.length)];
    const ip = `${ATTACKER_NET}.${2 + Math.floor(rand() * 250)}`;
    out.push({ technique: t.technique, victim: key, events: spliceAttack(t, anchor, timeMs(anchor.eventTime) + 30_000, `${k}`, ip) });
  }
  return out;
}
