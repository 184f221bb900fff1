import "server-only";
// The analyst's search text, matched literally. Prisma's `contains` and our own ILIKE both build
// LIKE patterns, where % and _ are wildcards and \ escapes: escaped here so "%" finds a percent
// sign, not every row.
import type { Prisma } from "@/lib/generated/prisma/client";

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/** Principals whose key or display name contains `text`, case-insensitively (inbox, explorer, principal list). */
export function principalTextFilter(text: string): Prisma.PrincipalWhereInput {
  const contains = escapeLike(text);
  return { OR: [{ key: { contains, mode: "insensitive" } }, { displayName: { contains, mode: "insensitive" } }] };
}
