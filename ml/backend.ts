/**
 * Run-time backend selection (STACK.md): tfjs-node when its native binding loads (10–100× faster,
 * but it cannot be installed on air-gapped machines), else WebAssembly, else the pure-JS cpu backend.
 */
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { createRequire } from "node:module";
import path from "node:path";
import { registerWasmGradientKernels } from "@/ml/model/kernels-wasm";

export type BackendName = "tensorflow" | "wasm" | "cpu";

export interface BackendOptions {
  /** Force one backend (tests compare wasm and cpu). Default: best available. */
  prefer?: BackendName;
  /** Called once with the backend actually selected; default `console.info`. */
  log?: (message: string) => void;
}

let pending: Promise<BackendName> | null = null;

async function tryTensorflowNode(): Promise<boolean> {
  try {
    // A variable specifier keeps bundlers and tsc from requiring the optional package.
    const name = "@tensorflow/tfjs-node";
    await import(/* @vite-ignore */ name);
    return await tf.setBackend("tensorflow");
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    if (typeof process !== "undefined" && process.versions?.node) {
      const require = createRequire(import.meta.url);
      const dist = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
      setWasmPaths(dist + path.sep);
    }
    registerWasmGradientKernels();
    return await tf.setBackend("wasm");
  } catch {
    return false;
  }
}

async function select(options: BackendOptions): Promise<BackendName> {
  const order: BackendName[] = options.prefer ? [options.prefer] : ["tensorflow", "wasm", "cpu"];
  for (const name of order) {
    const ok = name === "tensorflow" ? await tryTensorflowNode() : name === "wasm" ? await tryWasm() : await tf.setBackend("cpu");
    if (ok) {
      await tf.ready();
      (options.log ?? console.info)(`[trailwatch/ml] TensorFlow.js backend: ${tf.getBackend()}`);
      return tf.getBackend() as BackendName;
    }
  }
  throw new Error(`no TensorFlow.js backend could be initialised (tried ${order.join(", ")})`);
}

/**
 * Select and initialise the backend once per process; later calls return the same choice unless
 * `prefer` names a different backend (then it switches; registered backends are kept).
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendName> {
  if (options.prefer && pending && (await pending) !== options.prefer) pending = null;
  pending ??= select(options);
  return pending;
}

/** The backend in use now (after `initBackend`). */
export function currentBackend(): BackendName {
  return tf.getBackend() as BackendName;
}
