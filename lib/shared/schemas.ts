// Shared zod fragments for route handlers: time ranges, keyset paging, ids, text. Each knows
// PostgreSQL's limits (issue 16), so out-of-range input is a 400 naming the field, never a
// database error: int4 and int8 ranges, timestamps within years 1–9999 (PostgreSQL has no year 0
// and JavaScript dates reach past its range), and text without NUL (PostgreSQL text cannot hold it).
import { z } from "zod";

export const PG_INT_MAX = 2_147_483_647;
export const PG_BIGINT_MAX = 9_223_372_036_854_775_807n;
export const MIN_DATE_MS = Date.parse("0001-01-01T00:00:00.000Z");
export const MAX_DATE_MS = Date.parse("9999-12-31T23:59:59.999Z");

export const isStorableDate = (d: Date) => Number.isFinite(d.getTime()) && d.getTime() >= MIN_DATE_MS && d.getTime() <= MAX_DATE_MS;
export const hasNul = (s: string) => s.includes("\0");

/** Deeper JSON than any route takes; refused before schemas or walks recurse into it. */
export const MAX_JSON_DEPTH = 32;

/**
 * Where in a parsed JSON value (or query object) a string holds NUL, as "a.b.0"; null when nowhere.
 * Iterative, so hostile nesting cannot exhaust the stack; throws RangeError past MAX_JSON_DEPTH.
 */
export function findNulPath(value: unknown): string | null {
  const stack: Array<{ v: unknown; path: string[] }> = [{ v: value, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (path.length > MAX_JSON_DEPTH) throw new RangeError(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (typeof v === "string") {
      if (hasNul(v)) return path.join(".") || "(value)";
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, String(i)] });
    } else if (v && typeof v === "object") {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        if (hasNul(k)) return [...path, k.replaceAll("\0", "\\0")].join(".");
        stack.push({ v: child, path: [...path, k] });
      }
    }
  }
  return null;
}

/** Trimmed text up to `max` characters, without NUL. */
export const ZText = (max: number) => z.string().trim().max(max).refine((v) => !hasNul(v), "must not contain NUL characters");

export const ZIsoDate = z.iso
  .datetime({ offset: true })
  .transform((v) => new Date(v))
  .refine(isStorableDate, "must be a date between the years 1 and 9999");

export const ZTimeRange = z.object({
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
});

/** Keyset paging: an opaque cursor from the previous page and a bounded page size. */
export const ZPage = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A bigint (int8) key as decimal text, within PostgreSQL's range. */
export const ZBigIntId = z
  .string()
  .regex(/^\d{1,19}$/, "must be a numeric id")
  // zod runs refinements even after the regex failed: test the shape again before BigInt() can throw.
  .refine((v) => /^\d{1,19}$/.test(v) && BigInt(v) <= PG_BIGINT_MAX, "must be at most 9223372036854775807")
  .transform((v) => BigInt(v));
/** A serial (int4) key. */
export const ZIntId = z.coerce.number().int().positive().max(PG_INT_MAX);
export const ZInt4 = z.number().int().min(-PG_INT_MAX - 1).max(PG_INT_MAX);
export const ZUuid = z.uuid();
