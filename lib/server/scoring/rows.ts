// Database rows ↔ the ml library's MlEvent. The principal's database id is the ml principal key:
// it is unique across accounts and short, and the scorer state rows are keyed by it.
import type { MlEvent, UserAgentFamily } from "@/ml/types";

const UA_FAMILIES = new Set<UserAgentFamily>(["console", "cli", "sdk", "terraform", "service", "other"]);

/** The columns every scoring and training query selects (alias e = events). */
export const EVENT_COLUMNS = `e.id::text AS id, e.account_id, e.principal_id::text AS principal_id, e.event_time, e.ingested_at,
  e.action, e.service, e.outcome, e.error_code, e.read_only, e.mfa_used, e.region, e.user_agent_family, e.source_ip, e.user_agent, e.invoked_by`;

export interface EventRow {
  id: string;
  account_id: string;
  principal_id: string;
  event_time: Date;
  ingested_at: Date;
  action: string;
  service: string;
  outcome: string;
  error_code: string | null;
  read_only: boolean | null;
  mfa_used: boolean | null;
  region: string | null;
  user_agent_family: string;
  source_ip: string | null;
  user_agent: string | null;
  invoked_by: string | null;
}

/**
 * The model's sequence for an event: the principal's own calls form its stream; the calls a service
 * made on its behalf (invoked_by) form a stream per principal and service beside it, kept apart as
 * the old "aws-service:" principals kept them, so the principal's own context stays what it was
 * (one merged stream lowered the calibrated threshold and raised false alerts in eval-e2e). The
 * event and its alert still belong to the principal: alert-step.ts reads the row, not this key.
 */
export function sequenceKey(principalKey: string, invokedBy: string | null | undefined): string {
  return invokedBy ? `${principalKey}|${invokedBy}` : principalKey;
}

export function toMlEvent(r: EventRow): MlEvent {
  return {
    eventId: r.id,
    principalKey: sequenceKey(r.principal_id, r.invoked_by),
    accountId: r.account_id,
    eventTime: r.event_time,
    action: r.action,
    service: r.service,
    outcome: r.outcome === "success" ? "success" : "failure",
    errorCode: r.error_code,
    readOnly: r.read_only,
    mfaUsed: r.mfa_used,
    region: r.region,
    userAgentFamily: UA_FAMILIES.has(r.user_agent_family as UserAgentFamily) ? (r.user_agent_family as UserAgentFamily) : "other",
    sourceIp: r.source_ip,
    userAgent: r.user_agent,
    invokedBy: r.invoked_by,
  };
}
