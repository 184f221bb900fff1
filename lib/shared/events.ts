// Event explorer filters and timeline windows, shared by route handlers and the browser.
import { z } from "zod";
import { ZBigIntId, ZIsoDate, ZPage } from "./schemas";

export const ZEventFilters = z.object({
  principalId: ZBigIntId.optional(),
  principal: z.string().trim().max(300).optional(),
  action: z.string().trim().max(300).optional(),
  accountId: z.uuid().optional(),
  sourceIp: z.string().trim().max(64).optional(),
  outcome: z.string().trim().max(64).optional(),
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
});
export type TEventFilters = z.infer<typeof ZEventFilters>;
export const ZEventListQuery = ZEventFilters.extend(ZPage.shape);
export type TEventListQuery = z.infer<typeof ZEventListQuery>;

/** Minutes before and after the anchor event; capped so one request stays bounded. */
export const TIMELINE_WINDOWS_MIN = [15, 60, 240, 1440, 4320] as const;
export const ZTimelineQuery = z.object({
  before: z.coerce.number().int().min(1).max(10_080).default(60),
  after: z.coerce.number().int().min(1).max(10_080).default(60),
  limit: z.coerce.number().int().min(10).max(2000).default(500),
});
export type TTimelineQuery = z.infer<typeof ZTimelineQuery>;
