import { z } from "zod";
import { SEVERITIES } from "@/lib/shared/alerts";

const ZUrl = z.url({ protocol: /^https?$/, message: "an http(s) URL" }).max(2000);
const ZSecret = z.string().min(16, "at least 16 characters").max(256);

export const ZCreateChannelBody = z.object({
  name: z.string().trim().min(1).max(100),
  url: ZUrl,
  secret: ZSecret,
  format: z.enum(["json", "slack", "teams"]).default("json"),
  minSeverity: z.enum(SEVERITIES).default("high"),
  enabled: z.boolean().default(true),
});

export const ZUpdateChannelBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    url: ZUrl.optional(),
    secret: ZSecret.optional(),
    format: z.enum(["json", "slack", "teams"]).optional(),
    minSeverity: z.enum(SEVERITIES).optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "nothing to change");

export const ZDeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  channelId: z.coerce.number().int().positive().optional(),
});
