/**
 * `fitModel` on a worker thread. The wasm backend computes on one core per process (tfjs turns its
 * threaded build off under Node), so the two fits of cross-fitting, which are independent, run side
 * by side on a 2-core machine when one of them trains here. The thread returns the version saved
 * as the registry saves it (registry-io.ts), and this thread loads it.
 */
import path from "node:path";
import type { MlEvent, TrainProgress } from "@/ml/types";
import type { FeatureSpec } from "@/ml/data/tokens";
import type { FitOptions, ModelVersion } from "@/ml/model/version";
import { loadModelVersion, type SavedModelVersion } from "@/ml/registry-io";
import { startTsWorker } from "@/ml/ts-worker";

/** What crosses to the thread: plain data only (no callbacks, no weights function). */
export type ThreadFitOptions = Omit<FitOptions, "onProgress" | "spec" | "weightOf">;

export interface ThreadFitRequest {
  events: MlEvent[];
  spec: ReturnType<FeatureSpec["toJSON"]>;
  options: ThreadFitOptions;
}

export type ThreadFitMessage =
  | { kind: "progress"; progress: TrainProgress }
  | { kind: "done"; saved: SavedModelVersion }
  | { kind: "error"; message: string };

/**
 * Trains `events` with `spec` on a new worker thread; rejects if the thread fails or exits early.
 * `signal` stops the thread (cross-fitting aborts it when the fit beside it fails, so a failed
 * retrain does not leave a core training a model nobody will read).
 */
export function fitModelInThread(events: MlEvent[], spec: FeatureSpec, options: ThreadFitOptions, onProgress?: (p: TrainProgress) => void, signal?: AbortSignal): Promise<ModelVersion> {
  if (signal?.aborted) return Promise.reject(new Error("training thread: aborted before it started"));
  const request: ThreadFitRequest = { events, spec: spec.toJSON(), options };
  return new Promise<ModelVersion>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      void worker.terminate();
    };
    const worker = startTsWorker(path.resolve(import.meta.dirname, "fit-thread-worker.ts"), request);
    worker.on("message", (m: ThreadFitMessage) => {
      if (m.kind === "progress") onProgress?.(m.progress);
      else if (m.kind === "error") settle(() => reject(new Error(`training thread: ${m.message}`)));
      else settle(() => loadModelVersion(m.saved).then(resolve, reject));
    });
    worker.once("error", (e) => settle(() => reject(e)));
    worker.once("exit", (code) => settle(() => reject(new Error(`the training thread exited (code ${code}) before it finished`))));
    signal?.addEventListener("abort", () => settle(() => reject(new Error("training thread: aborted"))), { once: true });
  });
}
