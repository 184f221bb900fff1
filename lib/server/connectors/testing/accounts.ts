import type { TPrisma } from "@/lib/server/db/client";
import type { TConnectorAccount } from "../types";

// A connected account row for connector tests, and the facts about it the tests assert on.

export async function createConnectedAccount(db: TPrisma, provider: "aws" | "azure", externalId: string, config: object): Promise<TConnectorAccount> {
  const row = await db.cloudAccount.create({
    data: { provider, externalId, displayName: `${provider} ${externalId}`, config, status: "active" },
    select: { id: true },
  });
  return { id: row.id, provider, externalId, config };
}

export async function eventFacts(db: TPrisma, accountId: string) {
  const events = await db.event.findMany({ where: { accountId }, select: { providerEventId: true, isOwn: true, principal: { select: { key: true, isOwn: true } } } });
  const ids = new Set(events.map((e) => e.providerEventId));
  return { count: events.length, distinct: ids.size, ids, own: events.filter((e) => e.isOwn), events };
}

export async function checkpointOf(db: TPrisma, accountId: string): Promise<Record<string, Record<string, unknown>>> {
  const row = await db.cloudAccount.findUniqueOrThrow({ where: { id: accountId }, select: { checkpoint: true } });
  return row.checkpoint as Record<string, Record<string, unknown>>;
}

export async function runsOf(db: TPrisma, accountId: string) {
  return db.importRun.findMany({ where: { accountId }, orderBy: { id: "asc" }, include: { rejects: true } });
}
