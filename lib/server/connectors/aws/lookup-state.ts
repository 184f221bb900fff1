import { z } from "zod";

// Checkpoint of one region's LookupEvents stream: cloud_accounts.checkpoint["aws-lookup"][region].

export const ZLookupState = z.object({
  windowStart: z.iso.datetime(),
  windowEnd: z.iso.datetime(),
  /** Token of the next page of this window; absent at the window's first page. */
  nextToken: z.string().optional(),
  /** Oldest event time read in this window (pages come newest first): the resume point if the token expired. */
  lastEventTime: z.iso.datetime().optional(),
  complete: z.boolean(),
});
export type TLookupState = z.infer<typeof ZLookupState>;

