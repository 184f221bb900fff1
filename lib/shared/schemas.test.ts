import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, ZBigIntId, ZIsoDate, findNulPath } from "./schemas";

describe("PostgreSQL-aware fragments", () => {
  it("finds NUL anywhere in a value and names where", () => {
    expect(findNulPath({ a: [{ b: "x" }, { c: "y\u0000" }] })).toBe("a.1.c");
    expect(findNulPath({ "k\u0000": 1 })).toBe("k\\0");
    expect(findNulPath({ a: ["fine"] })).toBeNull();
  });

  it("refuses hostile nesting without recursing", () => {
    const deep = JSON.parse(`${"[".repeat(10_000)}${"]".repeat(10_000)}`) as unknown;
    expect(() => findNulPath(deep)).toThrow(RangeError);
    let ok: unknown = "x";
    for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = [ok];
    expect(findNulPath(ok)).toBeNull();
  });

  it("keeps ids within int8 and dates within PostgreSQL's years, without throwing", () => {
    expect(ZBigIntId.safeParse("9223372036854775807").success).toBe(true);
    expect(ZBigIntId.safeParse("9223372036854775808").success).toBe(false);
    expect(ZBigIntId.safeParse("0000-01-01T00:00:00Z").success).toBe(false);
    expect(ZIsoDate.safeParse("0000-01-01T00:00:00Z").success).toBe(false);
    expect(ZIsoDate.safeParse("2026-01-01T00:00:00Z").success).toBe(true);
  });
});
