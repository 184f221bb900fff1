// Sends one notification delivery (lib/server/notifications/deliver.ts). Throwing on a failed
// attempt hands the retry and its backoff to pg-boss (the notify queue's settings in registry.ts).
import { deliverNotification } from "@/lib/server/notifications/deliver";
import type { JobHandler } from "../context";
import type { ZNotifyPayload } from "../registry";
import type { z } from "zod";

export const notifyHandler: JobHandler<z.infer<typeof ZNotifyPayload>> = async (payload, ctx) => {
  const result = await deliverNotification(ctx.pool, payload.deliveryId);
  if (result === "retry") throw new Error(`delivery ${payload.deliveryId} failed; pg-boss retries it`);
  return { result };
};
