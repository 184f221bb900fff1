import { createHash } from "node:crypto";

// CloudTrail duplicates share the eventID and the store dedupes on it (DOMAIN.md §1). Hand-edited
// exports reuse fake ids ("1", "1111", "...") for different records, which would silently merge
// them, so only a well-formed GUID is trusted; anything else gets a hash of the record's canonical
// form (keys sorted at every level), stable across re-imports of the same record.

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isGuid(value: unknown): value is string {
  return typeof value === "string" && value.length === 36 && GUID_RE.test(value);
}

function canonical(value: unknown, out: string[], depth: number): void {
  if (depth > 256) throw new RangeError("record nested too deeply to hash");
  if (Array.isArray(value)) {
    out.push("[");
    value.forEach((item, i) => {
      if (i > 0) out.push(",");
      canonical(item, out, depth + 1);
    });
    out.push("]");
  } else if (typeof value === "object" && value !== null) {
    out.push("{");
    const obj = value as Record<string, unknown>;
    Object.keys(obj)
      .sort()
      .forEach((key, i) => {
        if (i > 0) out.push(",");
        out.push(JSON.stringify(key), ":");
        canonical(obj[key], out, depth + 1);
      });
    out.push("}");
  } else {
    out.push(JSON.stringify(value) ?? "null");
  }
}

/** Deterministic id of a record: "h-" + 32 hex chars of the SHA-256 of its canonical JSON. */
export function deriveEventId(record: unknown): string {
  const parts: string[] = [];
  canonical(record, parts, 0);
  return `h-${createHash("sha256").update(parts.join("")).digest("hex").slice(0, 32)}`;
}
