import type { NormalizedEvent } from "../types";

// Write/Delete/Action operations log a start and an end record under one operationId (DOMAIN.md §3);
// left apart, a sequence model learns Begin→End pairs. Azure Policy evaluations reuse the operationId
// of the write that triggered them, so the group is (operationId, action), not operationId alone.

export interface TAzureParsedRecord {
  event: NormalizedEvent;
  operationId: string | null;
  status: string | null;
  position: string;
}

const TERMINAL = new Set(["succeeded", "success", "failed", "failure", "canceled", "cancelled", "resolved", "deactivated"]);
const STARTING = new Set(["started", "start", "beginrequest"]);

/** 0 started, 1 accepted or unknown, 2 terminal. */
export function statusRank(status: string | null): number {
  if (status === null) return 1;
  const lower = status.toLowerCase();
  return TERMINAL.has(lower) ? 2 : STARTING.has(lower) ? 0 : 1;
}

/** The id of a collapsed operation: stable across re-imports and across Begin/End arriving in different files. */
export function operationEventId(operationId: string, action: string): string {
  return `op-${operationId.toLowerCase()}-${action}`;
}

/**
 * Merge records of one operation into one event: the final record (terminal status beats Accepted
 * beats Started; ties go to the later time) supplies outcome, error and `raw`; the event keeps the
 * earliest time (when the caller acted) and the position of the first record seen. Records without
 * an operationId pass through unchanged. Output order is the order of first appearance.
 */
export function collapseOperations(records: TAzureParsedRecord[]): TAzureParsedRecord[] {
  const groups = new Map<string, TAzureParsedRecord[]>();
  const order: Array<TAzureParsedRecord | string> = [];
  for (const record of records) {
    if (!record.operationId) {
      order.push(record);
      continue;
    }
    const key = `${record.operationId.toLowerCase()}|${record.event.action}`;
    const group = groups.get(key);
    if (group) group.push(record);
    else {
      groups.set(key, [record]);
      order.push(key);
    }
  }
  return order.map((item) => {
    if (typeof item !== "string") return item;
    const group = groups.get(item) as TAzureParsedRecord[];
    let final = group[0];
    let earliest = group[0].event.eventTime;
    for (const r of group) {
      if (r.event.eventTime < earliest) earliest = r.event.eventTime;
      const better = statusRank(r.status) - statusRank(final.status);
      if (better > 0 || (better === 0 && r.event.eventTime > final.event.eventTime)) final = r;
    }
    const first = group[0];
    return {
      ...final,
      position: first.position,
      event: { ...final.event, eventTime: earliest, providerEventId: operationEventId(first.operationId as string, final.event.action), statusRank: statusRank(final.status) },
    };
  });
}
