// Every background job in one place (STYLE.md): name, zod payload schema, queue behaviour, and a
// handler loaded lazily so the worker only pays for TensorFlow.js or the cloud SDKs when a job
// needs them. Payloads are validated when enqueued and again when dequeued.
import { z } from "zod";
import type { JobHandler } from "./context";

export interface QueueSettings {
  /** pg-boss 10 policies: "stately" = at most one queued and one running. */
  policy: "standard" | "stately";
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  expireInSeconds: number;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  queue: QueueSettings;
  /** How many of these one worker runs at once. */
  concurrency: number;
  load(): Promise<JobHandler<z.infer<S>>>;
}

function defineJob<S extends z.ZodType>(d: JobDefinition<S>): JobDefinition<S> {
  return d;
}

export const ZPollPayload = z.object({ accountId: z.uuid(), isBackfill: z.boolean().default(false) });
export const ZRetrainPayload = z.object({
  // The admin screen's "retrain now" (dal/models.ts) sends { requestedBy, at }: a manual run.
  reason: z.enum(["first-model", "schedule", "manual"]).default("manual"),
  requestedBy: z.string().max(320).optional(),
  epochs: z.number().int().min(1).max(50).optional(),
  maxEvents: z.number().int().min(100).max(2_000_000).optional(),
});
export const ZRetentionPayload = z.object({ days: z.number().int().min(1).max(3650).optional() });
export const ZScorePayload = z.object({ maxSeconds: z.number().int().min(1).max(3600).default(60) });
export const ZNotifyPayload = z.object({ deliveryId: z.string().regex(/^\d{1,19}$/) });

export const JOBS = {
  poll: defineJob({
    name: "poll-account",
    schema: ZPollPayload,
    queue: { policy: "stately", retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 3600 },
    concurrency: 2,
    load: async () => (await import("./handlers/poll")).pollHandler,
  }),
  retrain: defineJob({
    name: "retrain",
    schema: ZRetrainPayload,
    // A run whose worker died blocks the stately queue until it expires: keep that short.
    queue: { policy: "stately", retryLimit: 2, retryDelay: 300, retryBackoff: true, expireInSeconds: 3600 },
    concurrency: 1,
    load: async () => (await import("./handlers/retrain")).retrainHandler,
  }),
  retention: defineJob({
    name: "retention",
    schema: ZRetentionPayload,
    queue: { policy: "stately", retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 3 * 3600 },
    concurrency: 1,
    load: async () => (await import("./handlers/retention")).retentionHandler,
  }),
  score: defineJob({
    name: "score",
    schema: ZScorePayload,
    queue: { policy: "standard", retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 3600 },
    concurrency: 1,
    load: async () => (await import("./handlers/score")).scoreHandler,
  }),
  notify: defineJob({
    name: "notify",
    schema: ZNotifyPayload,
    // 5 retries at 5 s doubling (~5, 10, 20, 40, 80 s): a receiver down for a couple of minutes
    // still gets the message; MAX_ATTEMPTS in notifications/deliver.ts matches retryLimit + 1.
    queue: { policy: "standard", retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
    concurrency: 2,
    load: async () => (await import("./handlers/notify")).notifyHandler,
  }),
} as const;

export const JOB_LIST: JobDefinition[] = Object.values(JOBS) as JobDefinition[];

export function findJob(name: string): JobDefinition | undefined {
  return JOB_LIST.find((j) => j.name === name);
}
