// The worker-thread side of fit-thread.ts: train, save, post the saved version back.
import { parentPort, workerData } from "node:worker_threads";
import { initBackend } from "@/ml/backend";
import { FeatureSpec } from "@/ml/data/tokens";
import { fitModel } from "@/ml/model/version";
import { saveModelVersion } from "@/ml/registry-io";
import type { ThreadFitMessage, ThreadFitRequest } from "./fit-thread";

async function run(port: NonNullable<typeof parentPort>): Promise<void> {
  const { events, spec, options } = workerData as ThreadFitRequest;
  await initBackend({ prefer: "wasm", log: () => undefined });
  const version = await fitModel(events, {
    ...options,
    spec: new FeatureSpec(spec),
    onProgress: (progress) => port.postMessage({ kind: "progress", progress } satisfies ThreadFitMessage),
  });
  const saved = await saveModelVersion(version);
  version.model.dispose();
  port.postMessage({ kind: "done", saved } satisfies ThreadFitMessage, [saved.weights.buffer as ArrayBuffer]);
}

if (parentPort) {
  const port = parentPort;
  run(port).catch((e: unknown) => port.postMessage({ kind: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies ThreadFitMessage));
}
