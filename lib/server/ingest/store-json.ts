// Batches travel to PostgreSQL as one JSON text per statement, unpacked server-side with
// json_to_recordset: one native JSON.stringify per batch instead of per-value array escaping in
// JS, and one bound parameter whatever the batch size (no 65,535-parameter limit).

// PostgreSQL refuses two things JSON.stringify can emit: the escape \u0000 (text and jsonb cannot
// hold NUL) and escapes of lone UTF-16 surrogates (hostile or truncated input). JSON.stringify
// writes every other character literally, so any \u0000 or \udXXX escape in its output is one of
// these. An even run of backslashes before it means the backslashes are escaped characters and
// the "u" is text, not an escape: those are left alone.
const REFUSED_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/g;

/** Replaces what PostgreSQL refuses with U+FFFD; cheap when there is nothing to replace. */
export function toPostgresJson(value: unknown): string {
  const text = JSON.stringify(value);
  if (!text.includes("\\u0000") && !text.includes("\\ud")) return text;
  return text.replace(REFUSED_ESCAPE, "$1\\ufffd");
}

// A record's JSON text as it arrived (NormalizedEvent.rawText) goes to PostgreSQL verbatim unless
// it might hold what PostgreSQL refuses or blows up and JSON.parse took: the escapes \u0000 and lone
// surrogates (any \u escape: the serializer above replaces those two), numbers with an exponent
// of three digits or more (jsonb stores 1e9999 as 10,000 digits and refuses 1e-16384), and runs of
// 16,384 digits (past numeric's fraction limit). Such a record is serialized instead (JSON.parse
// made those numbers doubles: Infinity past 1e308, which JSON.stringify writes as null) and still
// stored. A number follows ":", "," or "[", so exponent-like text inside strings (hex ids:
// "…3e123…") does not count. One regular-expression pass, ~1 µs for a 1.4 KB record.
const BIG_EXPONENT = /[:,[]\s*-?\d+(?:\.\d*)?[eE][+-]?\d{3}/;
const LONG_DIGITS = /\d{16384}/;

export function isVerbatimSafe(text: string): boolean {
  return !text.includes("\\u") && !BIG_EXPONENT.test(text) && !(text.length >= 16384 && LONG_DIGITS.test(text));
}

/** Removes NUL from plain strings bound as text parameters (PostgreSQL text cannot hold it). */
export function toPostgresText(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "\ufffd").toWellFormed() : text.toWellFormed();
}

/** First `maxBytes` of UTF-8 text, marked when cut (ingest_rejects.raw is capped, issue 3). */
export function capUtf8(text: string | null, maxBytes = 8192): string | null {
  if (text === null) return null;
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return text;
  // Cutting inside a multi-byte character leaves U+FFFD at the end, which is harmless here.
  return `${bytes.subarray(0, maxBytes).toString("utf8")}… [${bytes.length - maxBytes} more bytes]`;
}

/** The SQLSTATE of a database error, wherever the driver adapter put it. */
export function sqlStateOf(error: unknown): string | null {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): string | null => {
    if (!value || typeof value !== "object" || seen.has(value) || depth > 6) return null;
    seen.add(value);
    const obj = value as Record<string, unknown>;
    for (const key of ["originalCode", "code"]) {
      const code = obj[key];
      if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith("P")) return code;
    }
    for (const key of ["cause", "meta", "driverAdapterError"]) {
      const found = visit(obj[key], depth + 1);
      if (found) return found;
    }
    return null;
  };
  return visit(error, 0);
}

/** Data errors (class 22), constraint violations (23) and size limits (54): the input's fault, not the database's. */
export function isDataError(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== null && ["22", "23", "54"].includes(state.slice(0, 2));
}

/** Deadlock (40P01) or serialization failure (40001): the same transaction may succeed when run again. */
export function isRetryable(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state === "40P01" || state === "40001";
}
