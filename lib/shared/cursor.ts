// Opaque keyset cursors: the sort key values of the last row on a page, base64url JSON.
// Decoding is strict because a cursor comes back from the browser (hostile input).
import { z } from "zod";

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
