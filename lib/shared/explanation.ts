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
}

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
  };
}

const FACT_TEXT: Record<string, string> = {
  isNewPrincipal: "First time this principal has been seen",
  isNewActionForPrincipal: "First time this principal performed this action",
  isNewActionForAccount: "Nobody in this account performed this action before",
  isNewRegion: "New region for this principal",
  isNewIp: "New source IP for this principal",
  isNewUserAgent: "New user agent for this principal",
  isErrorBurst: "Part of a burst of errors",
  errorBurst: "Part of a burst of errors",
};

const FEATURE_TEXT: Record<string, string> = {
  outcome: "Outcome",
  region: "Region",
  uaFamily: "User agent family",
  ipNovelty: "Source IP",
};

/** Plain-words lines for the facts that are true, in a stable order. */
export function describeFacts(facts: Record<string, boolean>): string[] {
  return Object.entries(facts)
    .filter(([, v]) => v)
    .map(([k]) => FACT_TEXT[k] ?? k.replace(/^is/, "").replace(/([A-Z])/g, " $1").trim())
    .sort();
}

export function describeFeature(feature: string): string {
  return FEATURE_TEXT[feature] ?? feature;
}

/** Model tokens that read badly as they are (ml/data/tokens.ts); everything else is shown verbatim. */
const VALUE_TEXT: Record<string, string> = {
  "outcome success:no-mfa": "success, signed in without MFA",
};

export function describeValue(feature: string, value: string | null): string {
  if (value === null) return "?";
  return VALUE_TEXT[`${feature} ${value}`] ?? value;
}

/** "1 in 2,300" style probability wording: analysts read odds faster than 4.3e-4. */
export function formatProbability(p: number | null): string {
  if (p === null) return "—";
  if (p >= 0.01) return `${(p * 100).toFixed(p >= 0.1 ? 0 : 1)}%`;
  if (p <= 0) return "never seen";
  return `1 in ${Math.round(1 / p).toLocaleString("en-US")}`;
}
