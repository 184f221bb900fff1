import { awsEnvelope, isAwsRecord } from "./aws/shapes";
import { asObject, describeKeys } from "./values";
import type { TJsonObject } from "./values";

// From one parsed JSON value to the audit records inside it: containers ({"Records":[…]} and kin),
// provider envelopes (aws/shapes.ts), and vendor wrappers that keep the record under a key
// (Panther's test cases under `log`, StreamAlert's under `data`, Elasticsearch hits under `_source`).
// `hint` is what the enclosing container promises; it decides only when the record has no markers
// of its own (a CloudTrail record whose fields were all renamed is still a bad CloudTrail record).

export type THint = "aws" | "azure" | null;

export type TUnwrapped =
  | { kind: "aws" | "azure"; record: TJsonObject; path: string }
  | { kind: "skip"; reason: string; path: string }
  | { kind: "reject"; reason: string; path: string; value: unknown };

const CONTAINERS: Array<[string, THint]> = [
  ["Records", "aws"],
  ["records", "azure"],
  ["Events", "aws"],
  ["value", "azure"],
];
const WRAPPER_KEYS = ["log", "data", "_source", "body"];
const MAX_WRAPPING = 6;

export function isAzureRecord(obj: TJsonObject): boolean {
  return "operationName" in obj || "operation_name" in obj || "eventDataId" in obj || "event_data_id" in obj;
}

function join(path: string, part: string): string {
  return path ? `${path}.${part}` : part;
}

function unwrapInto(value: unknown, hint: THint, path: string, out: TUnwrapped[], depth: number): void {
  if (depth > MAX_WRAPPING) {
    out.push({ kind: "reject", reason: "records wrapped too deeply", path, value });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => unwrapInto(item, hint, `${path}[${i}]`, out, depth + 1));
    return;
  }
  const obj = asObject(value);
  if (!obj) {
    out.push({ kind: "reject", reason: `not a record: ${describeKeys(value)}`, path, value });
    return;
  }
  for (const [key, containerHint] of CONTAINERS) {
    const items = obj[key];
    if (Array.isArray(items)) {
      items.forEach((item, i) => unwrapInto(item, containerHint, `${join(path, key)}[${i}]`, out, depth + 1));
      return;
    }
  }
  const envelope = awsEnvelope(obj);
  if (envelope?.kind === "inner") {
    envelope.values.forEach((inner, i) => unwrapInto(inner, envelope.hint, envelope.values.length > 1 ? `${path}[${i}]` : path, out, depth + 1));
    return;
  }
  if (envelope) {
    out.push(envelope.kind === "skip" ? { kind: "skip", reason: envelope.reason, path } : { kind: "reject", reason: envelope.reason, path, value });
    return;
  }
  if (isAwsRecord(obj)) return void out.push({ kind: "aws", record: obj, path });
  if (isAzureRecord(obj)) return void out.push({ kind: "azure", record: obj, path });
  for (const key of WRAPPER_KEYS) {
    const inner = obj[key];
    if (typeof inner === "object" && inner !== null) return unwrapInto(inner, hint, join(path, key), out, depth + 1);
    if (key === "body" && typeof inner === "string" && inner.startsWith("{")) {
      try {
        return unwrapInto(JSON.parse(inner), hint, join(path, key), out, depth + 1);
      } catch {
        break;
      }
    }
  }
  if (hint) return void out.push({ kind: hint, record: obj, path });
  out.push({ kind: "reject", reason: `unrecognized record: not CloudTrail or Azure Activity, keys ${describeKeys(obj)}`, path, value });
}

/** The records inside a parsed JSON value, each with its path inside the value ("" for the value itself). */
export function unwrapValue(value: unknown, hint: THint): TUnwrapped[] {
  const out: TUnwrapped[] = [];
  unwrapInto(value, hint, "", out, 0);
  return out;
}
