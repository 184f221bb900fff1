/**
 * Gradient kernels missing from @tensorflow/tfjs-backend-wasm 4.22 (STACK.md). The gradient of
 * `gather` (every embedding lookup) is `unsortedSegmentSum`, which the wasm backend does not ship;
 * without it embedding training throws "Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'".
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

let isRegistered = false;

/**
 * out[s, :] = Σ_{i : segmentIds[i] = s} x[i, :]   (x: [n, ...rest], segmentIds: [n] int32,
 * out: [numSegments, ...rest]); ids outside [0, numSegments) are dropped as TensorFlow does.
 * Runs in JS over the wasm heap: it is O(n·rest) with no allocation besides the output.
 */
const unsortedSegmentSum: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const wasm = backend as BackendWasm;
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const n = segmentIds.shape.reduce((a, b) => a * b, 1);
  const rest = x.shape.slice(segmentIds.shape.length);
  const inner = rest.reduce((a, b) => a * b, 1);
  const out = wasm.makeOutput([numSegments, ...rest], x.dtype);
  const dst = wasm.typedArrayFromHeap(out);
  dst.fill(0);
  const src = wasm.typedArrayFromHeap(x);
  const ids = wasm.typedArrayFromHeap(segmentIds);
  for (let i = 0; i < n; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const from = i * inner;
    const to = s * inner;
    for (let j = 0; j < inner; j++) dst[to + j] += src[from + j];
  }
  return out;
};

/**
 * XNNPACK in tfjs-backend-wasm 4.22 is ~13× slower on `matMul(a, b, transposeA|transposeB)` than on
 * the plain product (measured: [1024,440]ᵀ·[1024,64] 27.5 ms vs 2.0 ms pre-transposed), and every
 * dense-layer gradient uses those flags. Wrap the kernel: transpose explicitly (a cheap copy), then
 * multiply without flags. Results are identical; only the memory layout of the operand changes.
 */
function wrapTransposedMatMul(kernelName: "BatchMatMul" | "_FusedMatMul"): void {
  const original = tf.getKernel(kernelName, "wasm");
  const transpose = tf.getKernel("Transpose", "wasm");
  if (original === undefined || transpose === undefined) return;
  const kernelFunc: tf.KernelFunc = (args) => {
    const attrs = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return original.kernelFunc(args);
    const wasm = args.backend as BackendWasm;
    const swapLast = (t: tf.TensorInfo): tf.TensorInfo => {
      const perm = t.shape.map((_, i) => i);
      perm.splice(-2, 2, perm.length - 1, perm.length - 2);
      return transpose.kernelFunc({ inputs: { x: t }, attrs: { perm }, backend: wasm }) as tf.TensorInfo;
    };
    const inputs = { ...(args.inputs as Record<string, tf.TensorInfo>) };
    const temporaries: tf.TensorInfo[] = [];
    if (attrs.transposeA) temporaries.push((inputs.a = swapLast(inputs.a)));
    if (attrs.transposeB) temporaries.push((inputs.b = swapLast(inputs.b)));
    const out = original.kernelFunc({ ...args, inputs, attrs: { ...attrs, transposeA: false, transposeB: false } });
    for (const t of temporaries) wasm.disposeData(t.dataId);
    return out;
  };
  tf.unregisterKernel(kernelName, "wasm");
  tf.registerKernel({ ...original, kernelFunc });
}

/**
 * The wasm GatherV2 kernel computes a multi-index per output element; an embedding lookup
 * (axis 0, no batch dims) is a row copy, done here with a copy loop (≈10× faster measured on
 * [10240] indices into [512,16]). Other gathers fall through to the original kernel.
 */
function wrapRowGather(): void {
  const original = tf.getKernel("GatherV2", "wasm");
  if (original === undefined) return;
  const kernelFunc: tf.KernelFunc = (args) => {
    const { axis, batchDims } = args.attrs as { axis: number; batchDims: number };
    const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    if (axis !== 0 || batchDims !== 0 || x.dtype !== "float32" || indices.dtype !== "int32") {
      return original.kernelFunc(args);
    }
    const wasm = args.backend as BackendWasm;
    const rows = x.shape[0];
    const inner = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const out = wasm.makeOutput([...indices.shape, ...x.shape.slice(1)], "float32");
    const dst = wasm.typedArrayFromHeap(out);
    const src = wasm.typedArrayFromHeap(x);
    const ids = wasm.typedArrayFromHeap(indices);
    for (let i = 0; i < ids.length; i++) {
      const r = ids[i];
      if (r < 0 || r >= rows) throw new Error(`gather: index ${r} out of range [0, ${rows})`);
      // Short rows (embeddings are 4–32 wide): a plain loop beats allocating a subarray view per row.
      for (let j = 0, from = r * inner, to = i * inner; j < inner; j++) dst[to + j] = src[from + j];
    }
    return out;
  };
  tf.unregisterKernel("GatherV2", "wasm");
  tf.registerKernel({ ...original, kernelFunc });
}

/** Register the missing kernels once per process (idempotent; call before `setBackend("wasm")`). */
export function registerWasmGradientKernels(): void {
  if (isRegistered) return;
  isRegistered = true;
  wrapTransposedMatMul("BatchMatMul");
  wrapTransposedMatMul("_FusedMatMul");
  wrapRowGather();
  if (tf.getKernel("UnsortedSegmentSum", "wasm") === undefined) {
    tf.registerKernel({ kernelName: "UnsortedSegmentSum", backendName: "wasm", kernelFunc: unsortedSegmentSum });
  }
}
