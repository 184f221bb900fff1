// Shared zod fragments for route handlers: time ranges, keyset paging, ids.
import { z } from "zod";

export const ZIsoDate = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

export const ZTimeRange = z.object({
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
});

/** Keyset paging: an opaque cursor from the previous page and a bounded page size. */
export const ZPage = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZBigIntId = z.string().regex(/^\d{1,19}$/, "must be a numeric id").transform((v) => BigInt(v));
export const ZIntId = z.coerce.number().int().positive().max(2_147_483_647);
export const ZUuid = z.uuid();
