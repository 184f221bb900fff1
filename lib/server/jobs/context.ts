// What every job handler gets: the worker's pools, logger and a way to enqueue follow-up jobs.
import type pg from "pg";
import type { TPrisma } from "@/lib/server/db/client";
import type { Logger } from "@/lib/server/log";

export interface JobContext {
  /** Raw pool for the bulk SQL of scoring, training and retention. */
  pool: pg.Pool;
  /** Prisma for code written against it (connectors, ingest). */
  prisma: TPrisma;
  log: Logger;
  signal: AbortSignal;
  /** Enqueues a job by name (validated against the registry). */
  enqueue(name: string, payload: object, opts?: { id?: string; startAfterSeconds?: number }): Promise<string | null>;
}

export type JobHandler<T> = (payload: T, ctx: JobContext) => Promise<unknown>;
