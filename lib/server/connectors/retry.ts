// Throttling and pacing shared by the connectors. Sleep is injected so tests run the backoff
// logic without waiting; production uses real timers that stop early on abort.

export type TSleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: TSleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

export interface TRetryOptions {
  sleep: TSleep;
  signal?: AbortSignal;
  /** Attempts after the first before the error propagates (the checkpoint is intact, the next poll resumes). */
  retries?: number;
  baseMs?: number;
  maxMs?: number;
  /** A delay the server asked for (Retry-After), or null for "retry with backoff", or undefined for "do not retry". */
  classify: (error: unknown) => number | null | undefined;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Run `fn`, retrying the errors `classify` accepts with capped exponential backoff and full jitter. */
export async function withRetry<T>(fn: () => Promise<T>, opts: TRetryOptions): Promise<T> {
  const retries = opts.retries ?? 8;
  const base = opts.baseMs ?? 500;
  const max = opts.maxMs ?? 30_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const asked = opts.classify(error);
      if (asked === undefined || attempt > retries || opts.signal?.aborted) throw error;
      const delay = asked ?? Math.round(Math.min(max, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2));
      opts.onRetry?.(error, attempt, delay);
      await opts.sleep(delay, opts.signal);
    }
  }
}

/** Spaces calls at least `intervalMs` apart (LookupEvents allows 2 requests/s per account and region). */
export function createPacer(intervalMs: number, sleep: TSleep, clock: () => number = Date.now) {
  let next = 0;
  return async (signal?: AbortSignal): Promise<void> => {
    const now = clock();
    const wait = next - now;
    next = Math.max(now, next) + intervalMs;
    if (wait > 0) await sleep(wait, signal);
  };
}

/** AWS SDK v3 error name (`ThrottlingException`, `AccessDenied`, …) or null. */
export function awsErrorName(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as { name?: unknown; Code?: unknown };
  return typeof e.name === "string" ? e.name : typeof e.Code === "string" ? e.Code : null;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
