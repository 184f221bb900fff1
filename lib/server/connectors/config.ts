import { z } from "zod";

// The non-secret part of a connected account (cloud_accounts.config). Parsed leniently: unknown keys
// are kept by the UI that writes them and ignored here; missing ones take the defaults below.

const REGION = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as eu-west-1");

export const ZAwsTrailConfig = z.object({
  bucket: z.string().min(3).max(63),
  /** Key prefix before `AWSLogs/` (the trail's S3 key prefix), without slashes at either end. */
  prefix: z.string().max(512).default(""),
  /** Set for an organization trail: its keys carry `AWSLogs/<o-id>/<account>/`. */
  organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/).optional(),
  /** Region of the bucket (S3 answers from there); defaults to the first enabled region. */
  bucketRegion: REGION.optional(),
  /** First day to read from the bucket (history); defaults to the LookupEvents horizon. */
  startDate: z.iso.date().optional(),
});

export const ZAwsAccountConfig = z.object({
  regions: z.array(REGION).min(1).default(["us-east-1"]),
  /** LookupEvents: onboarding and, without a trail bucket, the steady state too. */
  lookup: z.boolean().default(true),
  trail: ZAwsTrailConfig.optional(),
  /** How far back the onboarding backfill reads (LookupEvents keeps 90 days). */
  backfillDays: z.number().int().min(0).max(90).default(90),
});
export type TAwsAccountConfig = z.infer<typeof ZAwsAccountConfig>;

export const ZAzureAccountConfig = z.object({
  backfillDays: z.number().int().min(0).max(90).default(90),
  /** Length of one Activity Log query window: bounds one resumable unit of work. */
  windowHours: z.number().int().min(1).max(24 * 7).default(24),
});
export type TAzureAccountConfig = z.infer<typeof ZAzureAccountConfig>;
