// Synthetic audit events through the product's own write path (storeEvents), for the worker's
// integration tests and the pipeline benchmark. Events come from ml's synthetic generator.
import type { MlEvent } from "@/ml/types";
import type { TPrisma } from "@/lib/server/db/client";
import { storeEvents } from "@/lib/server/ingest/store";
import type { NormalizedEvent } from "@/lib/server/ingest/types";

const CHUNK = 5_000;

export function toNormalizedEvent(e: MlEvent, idPrefix = ""): NormalizedEvent {
  return {
    provider: "aws",
    providerEventId: `${idPrefix}${e.eventId}`,
    accountExternalId: e.accountId,
    region: e.region,
    eventTime: new Date(e.eventTime),
    action: e.action,
    service: e.service,
    category: "api",
    outcome: e.outcome,
    errorCode: e.errorCode,
    readOnly: e.readOnly,
    mfaUsed: e.mfaUsed ?? null,
    principalKey: e.principalKey,
    principalType: e.principalKey.includes(":role/") ? "AssumedRole" : "IAMUser",
    principalName: e.principalKey.split("/").pop() ?? e.principalKey,
    sessionName: null,
    invokedBy: e.invokedBy ?? null,
    sourceIp: e.sourceIp,
    userAgent: e.userAgent,
    userAgentFamily: e.userAgentFamily,
    resources: [],
    raw: { eventID: e.eventId },
  };
}

/** Stores events in chunks; returns the ids of the events inserted. */
export async function storeSynthetic(prisma: TPrisma, events: MlEvent[], opts: { idPrefix?: string; ownPrincipalKeys?: ReadonlySet<string> } = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < events.length; i += CHUNK) {
    const r = await storeEvents(prisma, events.slice(i, i + CHUNK).map((e) => toNormalizedEvent(e, opts.idPrefix)), { ownPrincipalKeys: opts.ownPrincipalKeys });
    for (const id of r.insertedIds) ids.push(String(id));
  }
  return ids;
}

/** A burst an attacker with a stolen key might cause: actions the principal never performed. */
export function attackBurst(victim: MlEvent, startMs: number, actions: string[]): MlEvent[] {
  return actions.map((action, i) => ({
    ...victim,
    eventId: `attack-${victim.principalKey}-${startMs}-${i}`,
    eventTime: startMs + i * 20_000,
    action,
    service: action.split(":")[0],
    readOnly: false,
    sourceIp: "203.0.113.66",
    userAgent: "python-requests/2.31",
    userAgentFamily: "other",
  }));
}
