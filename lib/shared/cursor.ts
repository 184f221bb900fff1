// Opaque keyset cursors: the sort key values of the last row on a page, base64url JSON.
// Decoding is strict because a cursor comes back from the browser (hostile input): a cursor
// whose values the database could not compare (a date out of range, an id past int4/int8) is
// refused here, as a 400 naming "cursor", not by PostgreSQL as a 500 (issue 16).
import { z } from "zod";
import { PG_BIGINT_MAX, PG_INT_MAX, isStorableDate } from "./schemas";

const ZCursorValues = z.array(z.union([z.string().max(100), z.number(), z.null()])).min(1).max(4);

export function encodeCursor(values: Array<string | number | null>): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

/** The cursor's values, or null when it is not one this server issued in shape. */
export function decodeCursor(cursor: string | undefined): Array<string | number | null> | null {
  if (!cursor) return null;
  try {
    const parsed = ZCursorValues.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A (sort key, id) cursor with both values checked against the columns they are compared with. */
export function decodeKeysetCursor<K extends "date" | "number", I extends "int4" | "int8">(
  cursor: string | undefined,
  keyKind: K,
  idKind: I,
): { key: K extends "date" ? Date : number; id: I extends "int4" ? number : bigint } | null {
  const values = decodeCursor(cursor);
  if (!values || values.length !== 2) return null;
  const [rawKey, rawId] = values;
  let key: Date | number;
  if (keyKind === "date") {
    if (typeof rawKey !== "string") return null;
    key = new Date(rawKey);
    if (!isStorableDate(key)) return null;
  } else {
    key = Number(rawKey);
    if (rawKey === null || !Number.isFinite(key)) return null;
  }
  let id: number | bigint;
  if (idKind === "int4") {
    if (typeof rawId !== "number" || !Number.isInteger(rawId) || rawId < 0 || rawId > PG_INT_MAX) return null;
    id = rawId;
  } else {
    if (!/^\d{1,19}$/.test(String(rawId))) return null;
    id = BigInt(String(rawId));
    if (id > PG_BIGINT_MAX) return null;
  }
  return { key, id } as never;
}
