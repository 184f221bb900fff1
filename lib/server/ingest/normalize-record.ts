import { isAwsRecord } from "./aws/shapes";
import { normalizeAws } from "./aws/normalize";
import { normalizeAzure } from "./azure/normalize";
import type { NormalizedEvent, TNormalizeContext, TProvider } from "./types";
import { isAzureRecord } from "./unwrap";
import { asObject, describeKeys } from "./values";

export type TRecordOutcome =
  | { ok: true; event: NormalizedEvent; operationId: string | null; status: string | null }
  | { ok: false; reason: string };

/**
 * One bare record (a CloudTrail record or an Azure Activity record, not an envelope) → NormalizedEvent.
 * Pure; never throws: a record that cannot be an event comes back with the reason. `provider` forces
 * the reading when the caller knows it (records inside a CloudTrail `Records` array).
 */
export function normalizeRecord(record: unknown, ctx: TNormalizeContext, provider?: TProvider): TRecordOutcome {
  const obj = asObject(record);
  if (!obj) return { ok: false, reason: `not a record: ${describeKeys(record)}` };
  const as = provider ?? (isAwsRecord(obj) ? "aws" : isAzureRecord(obj) ? "azure" : null);
  if (!as) return { ok: false, reason: `unrecognized record: not CloudTrail or Azure Activity, keys ${describeKeys(obj)}` };
  try {
    if (as === "aws") {
      const result = normalizeAws(obj, ctx);
      return result.ok ? { ok: true, event: result.event, operationId: null, status: null } : result;
    }
    return normalizeAzure(obj, ctx);
  } catch (error) {
    // Values the normalizers cannot digest (e.g. nesting beyond the hashing limit) reject the record, never the file.
    return { ok: false, reason: `unusable record: ${error instanceof Error ? error.message : String(error)}` };
  }
}
