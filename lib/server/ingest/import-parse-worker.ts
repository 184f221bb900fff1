import { parentPort, workerData } from "node:worker_threads";
import { parseFileBatches } from "./parse-file";

// A worker thread that parses whole files and reports counts: how far parsing scales across
// cores when files are parsed side by side (lib/cli/bench/ingest.ts). Events stay in the worker;
// shipping them back would cost a structured clone per event.

interface TJob {
  files: string[];
}

async function parseAll(files: string[]): Promise<{ events: number; rejects: number }> {
  let events = 0;
  let rejects = 0;
  for (const file of files) {
    for await (const batch of parseFileBatches(file)) {
      for (const r of batch) {
        if (r.kind === "event") events++;
        else if (r.kind === "reject") rejects++;
      }
    }
  }
  return { events, rejects };
}

// "ready" once loaded, so the caller's clock starts after module loading and TypeScript compilation.
parentPort?.once("message", () => {
  void parseAll((workerData as TJob).files).then((counts) => parentPort?.postMessage(counts));
});
parentPort?.postMessage("ready");
