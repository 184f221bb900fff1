// The alert and score explanation JSON written by the worker (lib/server/alerting, ml/score.ts),
// read leniently: a field the worker did not write, or wrote in an older shape, is left out
// rather than failing the whole alert page.
import { z } from "zod";

const ZExpected = z.object({ action: z.string(), p: z.number() });
const ZSurprising = z.object({ feature: z.string(), value: z.string().nullable().optional(), probability: z.number().optional() });
const ZUsual = z.union([
  z.object({ action: z.string(), count: z.number().optional(), share: z.number().optional() }),
  z.string().transform((action) => ({ action, count: undefined, share: undefined })),
]);

export interface TExplanation {
  expected: Array<{ action: string; p: number }>;
  actual: { action: string | null; probability: number | null; rank: number | null };
  surprising: Array<{ feature: string; value: string | null; probability: number | null }>;
  facts: Record<string, boolean>;
  usualActions: Array<{ action: string; count?: number; share?: number }>;
  score: number | null;
  /** Set when the alert was raised by a burst from an unfamiliar address or client (ml/burst.ts). */
  burst: TBurst | null;
  /** Set when a rule alerted whatever the score (lib/server/alerting: logging-evasion, mfa-downgrade). */
  rule: string | null;
  /** Nats taken off the score because this principal's writes with this client usually surprise (ml/population.ts); null when none. */
  populationShift: number | null;
  /** The threshold the event was held to, and whether it was the higher one of sessions at the principal's known addresses (ml/calibrate.ts familiarThreshold). */
  threshold: number | null;
  familiarSession: boolean;
}

/** The alert page's sentence for a population shift (ml/population.ts). */
export function describePopulationShift(nats: number): string {
  return `This principal's writes with this client are often unexpected, so the score is measured against its own usual surprise (${nats.toFixed(1)} nats lower than on the common scale).`;
}

/** The alert page's sentence for an event held to the familiar-session threshold. */
export function describeFamiliarSession(threshold: number | null): string {
  const at = threshold === null ? "" : ` (${threshold.toFixed(1)} nats)`;
  return `Made in a session at addresses this principal already uses, so it was held to the higher threshold of such sessions${at}: the principal's own rare work, not a newcomer's.`;
}

/** What each rule that alerts whatever the score says on the alert page. */
export const RULE_TEXT: Record<string, string> = {
  "logging-evasion": "Switching off an audit log or detector that nobody in this account switched off before alerts on its own, whatever the model's score.",
  "mfa-downgrade": "A console sign-in without MFA by a principal that signed in with MFA before alerts on its own, whatever the model's score.",
};

const ZBurst = z.object({
  sourceIp: z.string().nullable().optional(),
  userAgentFamily: z.string().optional(),
  novelty: z.array(z.string()).optional(),
  evidence: z.number().optional(),
  contributing: z.number().optional(),
  events: z.array(z.object({ eventId: z.string(), time: z.string(), action: z.string(), score: z.number() })).optional(),
});
export type TBurst = z.infer<typeof ZBurst>;

function pick<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
}

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

export function parseExplanation(raw: unknown): TExplanation {
  const o = (raw && typeof raw === "object" && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const actualRaw = (o.actual && typeof o.actual === "object" ? o.actual : o) as Record<string, unknown>;
  const factsRaw = o.facts && typeof o.facts === "object" && !Array.isArray(o.facts) ? (o.facts as Record<string, unknown>) : {};
  const facts: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(factsRaw)) if (typeof v === "boolean") facts[k] = v;
  const surprising = pick(z.array(ZSurprising), o.surprising ?? o.surprisingFeatures) ?? [];
  return {
    expected: (pick(z.array(ZExpected), o.expected ?? o.topK) ?? []).slice(0, 20),
    actual: {
      action: typeof actualRaw.action === "string" ? actualRaw.action : null,
      probability: num(actualRaw.probability),
      rank: num(actualRaw.rank),
    },
    surprising: surprising.map((s) => ({ feature: s.feature, value: s.value ?? null, probability: s.probability ?? null })),
    facts,
    usualActions: (pick(z.array(ZUsual), o.usualActions ?? o.usual) ?? []).slice(0, 20),
    score: num(o.score),
    burst: pick(ZBurst, o.burst) ?? null,
    rule: typeof o.rule === "string" ? o.rule : null,
    populationShift: num(o.populationShift),
    threshold: num(o.threshold),
    familiarSession: o.familiarSession === true,
  };
}

// The worker writes facts as `newForAccount` … (scoring/explain.ts); older rows and the test seed
// as `isNewActionForAccount` …: both read as the same sentence. Unknown keys still make a sentence
// rather than the raw camel case the issue saw ("new For Account").
const FACT_TEXT: Record<string, string> = {
  newPrincipal: "First time this principal has been seen",
  newForPrincipal: "First time this principal performed this action",
  newForAccount: "Nobody in this account performed this action before",
  newRegion: "First call from this region by this principal",
  newIp: "First call from this source address by this principal",
  newUserAgent: "First call with this client (user agent) by this principal",
  errorBurst: "Part of a burst of errors",
};

function factKey(k: string): string {
  const bare = k.replace(/^is(?=[A-Z])/, "").replace(/ActionFor/, "For");
  return bare[0].toLowerCase() + bare.slice(1);
}

function sentenceOf(camel: string): string {
  const words = camel.replace(/^is(?=[A-Z])/, "").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words[0].toUpperCase() + words.slice(1);
}

/** Plain-words lines for the facts that are true, in a stable order. */
export function describeFacts(facts: Record<string, boolean>): string[] {
  const lines = Object.entries(facts)
    .filter(([k, v]) => v && k.length > 0)
    .map(([k]) => (Object.hasOwn(FACT_TEXT, factKey(k)) ? FACT_TEXT[factKey(k)] : sentenceOf(k)));
  return [...new Set(lines)].sort();
}

const CLIENT_TEXT: Record<string, string> = {
  console: "the web console", cli: "a command-line tool", sdk: "an SDK", terraform: "Terraform", service: "a cloud service", other: "an unrecognised client",
};

const ADDRESS_TEXT: Record<string, string> = {
  none: "no source address", same: "the same address as its previous call", seen: "an address it used before",
  new: "an address it never used", first: "its first recorded address",
};

/**
 * One unusual side attribute of the event (ml/score.ts `surprising`) as a sentence in three parts:
 * the words before the value, the value (event text, shown in monospace; null when the words say
 * it all) and the words after it, e.g. "Calling from" · null · "an address it never used is rare…".
 */
export function describeSurprise(feature: string, value: string | null): { lead: string; value: string | null; tail: string } {
  const rare = "is rare for this principal";
  switch (feature) {
    case "outcome":
      if (value?.startsWith("failure:")) return { lead: "Failing with", value: value.slice("failure:".length), tail: rare };
      if (value === "failure") return { lead: "Failing", value: null, tail: rare };
      if (value === "success:no-mfa") return { lead: "Signing in without MFA", value: null, tail: rare };
      if (value === "success") return { lead: "Succeeding", value: null, tail: rare };
      return { lead: "The outcome", value: value ?? "?", tail: rare };
    case "region":
      return { lead: "Calling in region", value: value ?? "?", tail: rare };
    case "uaFamily":
      return { lead: `Calling through ${value && Object.hasOwn(CLIENT_TEXT, value) ? CLIENT_TEXT[value] : "an unrecognised client"}`, value: null, tail: rare };
    case "ipNovelty":
      return { lead: `Calling from ${value && Object.hasOwn(ADDRESS_TEXT, value) ? ADDRESS_TEXT[value] : "an unknown address"}`, value: null, tail: rare };
    default:
      return { lead: sentenceOf(feature), value: value ?? "?", tail: rare };
  }
}

/** "1 in 2,300" style probability wording: analysts read odds faster than 4.3e-4. */
export function formatProbability(p: number | null): string {
  if (p === null) return "—";
  if (p >= 0.01) return `${(p * 100).toFixed(p >= 0.1 ? 0 : 1)}%`;
  if (p <= 0) return "never seen";
  // Past a billion the digits say nothing more and break the explanation's columns.
  if (p < 1e-9) return "< 1 in a billion";
  return `1 in ${Math.round(1 / p).toLocaleString("en-US")}`;
}
