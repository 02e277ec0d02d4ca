/**
 * The TensorFlow.js backend, picked once per process: `@tensorflow/tfjs-node` when it is
 * installed and loads (native libtensorflow), else the WebAssembly backend (its `.wasm` files
 * are read from the npm package on disk, so it works offline), else the plain JavaScript CPU
 * backend. The wasm backend lacks `UnsortedSegmentSum`, which Embedding gradients need; a small
 * CPU-fallback kernel is registered for it.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The backends in order of preference. */
export type TfjsBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Which backend was picked, and why the better ones were not. */
export interface TfjsBackendInfo {
  name: TfjsBackendName;
  /** One line per backend that was tried and skipped. */
  skipped: string[];
}

const requireHere = createRequire(__filename);

/** The folder of the wasm backend's `.wasm` files inside its npm package. */
export function wasmDistDir(): string {
  return path.dirname(
    requireHere.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'),
  );
}

/** `UnsortedSegmentSum` on the host: output[segmentIds[i]] += x[i] (rows of `inner` values). */
export function unsortedSegmentSumHost(
  x: ArrayLike<number>,
  segmentIds: ArrayLike<number>,
  numSegments: number,
): Float32Array {
  const n = segmentIds.length;
  const inner = n === 0 ? 0 : x.length / n;
  const out = new Float32Array(numSegments * inner);
  for (let i = 0; i < n; i++) {
    const s = segmentIds[i]!;
    if (s < 0 || s >= numSegments) continue; // as TensorFlow: out-of-range ids are dropped
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) out[dst + j]! += x[src + j]!;
  }
  return out;
}

/** Registers the CPU-fallback `UnsortedSegmentSum` for `backendName` when it has none. */
export function ensureUnsortedSegmentSum(backendName: string): boolean {
  if (tf.getKernel(tf.UnsortedSegmentSum, backendName)) return false;
  tf.registerKernel({
    kernelName: tf.UnsortedSegmentSum,
    backendName,
    kernelFunc: ({ inputs, backend: anyBackend, attrs }) => {
      const backend = anyBackend as tf.KernelBackend;
      const { x, segmentIds } = inputs as Record<'x' | 'segmentIds', tf.TensorInfo>;
      const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
      const values = backend.readSync(x.dataId) as ArrayLike<number>;
      const ids = backend.readSync(segmentIds.dataId) as ArrayLike<number>;
      const sum = unsortedSegmentSumHost(values, ids, numSegments);
      const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
      return { dataId: backend.write(sum, shape, 'float32'), shape, dtype: 'float32' };
    },
  });
  return true;
}

let picked: Promise<TfjsBackendInfo> | undefined;

async function pick(): Promise<TfjsBackendInfo> {
  const skipped: string[] = [];
  const why = (e: unknown) =>
    String(typeof e === 'object' && e !== null && 'message' in e ? e.message : e).split('\n')[0]!;
  try {
    // Optional: not a dependency; registers the native 'tensorflow' backend when it loads.
    const optional = '@tensorflow/tfjs-node';
    requireHere(optional);
    if (await tf.setBackend('tensorflow')) {
      await tf.ready();
      return { name: 'tensorflow', skipped };
    }
    skipped.push('tensorflow: registered but did not initialize');
  } catch (e) {
    skipped.push(`tensorflow: ${why(e)}`);
  }
  try {
    setWasmPaths(wasmDistDir() + path.sep);
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      ensureUnsortedSegmentSum('wasm');
      return { name: 'wasm', skipped };
    }
    skipped.push('wasm: did not initialize');
  } catch (e) {
    skipped.push(`wasm: ${why(e)}`);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { name: 'cpu', skipped };
}

/**
 * Picks and initializes the backend (once per process; later calls get the same answer).
 */
export function initTfjs(): Promise<TfjsBackendInfo> {
  picked ??= pick();
  return picked;
}

export { tf };
