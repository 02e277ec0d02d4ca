/**
 * Run in a fresh process by processMetrics.test.ts (a jest worker's heap holds other test
 * files' leftovers, which die whenever they please): the live heap after full collections with
 * nothing extra, with 64 MiB kept, and after letting it go — printed as JSON (bytes).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { liveHeap, processRegistry } from '../processMetrics';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** A full collection now; the live heap the observer saw right after it. */
async function collect(): Promise<number> {
  const seen = liveHeap().collections;
  gc();
  for (let i = 0; i < 200 && liveHeap().collections <= seen; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  if (liveHeap().collections <= seen) throw new Error('no gc entry observed');
  return liveHeap().bytes;
}

async function main(): Promise<void> {
  processRegistry('probe');
  await collect();
  const base = await collect();
  // 64 MiB kept (on the V8 heap: a typed array's bytes would live outside it)…
  const holder: { kept?: number[][] } = {
    kept: Array.from({ length: 64 }, () => new Array<number>(2 ** 17).fill(0.5)),
  };
  const withKept = await collect();
  const keptArrays = holder.kept?.length;
  // …and let go, with as much garbage made meanwhile.
  delete holder.kept;
  for (let i = 0; i < 64; i++) new Array<number>(2 ** 17).fill(i + 0.5);
  const released = await collect();
  process.stdout.write(JSON.stringify({ base, withKept, released, keptArrays }) + '\n');
}

void main();
