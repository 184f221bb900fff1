// A worker thread on a TypeScript entry. Threads do not inherit the tsx loader the CLI registered,
// so the thread registers it before it loads the entry.
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

export function startTsWorker(entry: string, workerData: unknown): Worker {
  const boot = `(async () => { (await import("tsx/esm/api")).register(); await import(${JSON.stringify(pathToFileURL(entry).href)}); })()`;
  return new Worker(boot, { eval: true, workerData });
}
