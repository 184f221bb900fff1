import "server-only";
// Ingestion rejects for the admin screen: paged newest first; raw is returned as stored (already
// capped by the ingester) and rendered as text by the page.
import type { TPrisma } from "@/lib/server/db/client";

export async function listRejects(db: TPrisma, opts: { before?: bigint; limit: number }) {
  const rows = await db.ingestReject.findMany({
    where: opts.before ? { id: { lt: opts.before } } : {},
    orderBy: { id: "desc" },
    take: opts.limit + 1,
    select: { id: true, file: true, position: true, reason: true, raw: true, createdAt: true, importRun: { select: { id: true, source: true } } },
  });
  const page = rows.slice(0, opts.limit);
  const total = await db.ingestReject.count();
  return { items: page, total, nextCursor: rows.length > opts.limit ? String(page[page.length - 1]?.id) : null };
}
