/**
 * Keras `pad_sequences` for integer id sequences.
 *
 * @remarks
 * Keras rules (defaults `padding='pre'`, `truncating='pre'`, `value=0`): a sequence longer
 * than `maxlen` keeps its last `maxlen` items (`s[-maxlen:]`) with `truncating='pre'`, its
 * first ones with `'post'`; a shorter one gets `value` added in front (`'pre'`) or after
 * (`'post'`); an empty one becomes all `value`.
 */
import type { PadSide } from './tokenizer';

/** Options of {@link padSequences}; only `maxlen` is required. */
export interface PadOptions {
  maxlen: number;
  padding?: PadSide;
  truncating?: PadSide;
  value?: number;
}

/**
 * Pads or truncates every sequence to exactly `maxlen` items.
 *
 * @throws RangeError when `maxlen` is not an integer ≥ 1.
 */
export function padSequences(
  seqs: readonly (readonly number[])[],
  options: PadOptions,
): number[][] {
  const { maxlen, padding = 'pre', truncating = 'pre', value = 0 } = options;
  // Keras accepts maxlen=0 with odd results (s[-0:] is the whole list); we refuse it.
  if (!Number.isInteger(maxlen) || maxlen < 1) {
    throw new RangeError(`maxlen must be an integer ≥ 1, got ${maxlen}`);
  }
  return seqs.map((s) => {
    const kept =
      s.length <= maxlen ? s : truncating === 'pre' ? s.slice(-maxlen) : s.slice(0, maxlen);
    const pad = new Array<number>(maxlen - kept.length).fill(value);
    return padding === 'pre' ? [...pad, ...kept] : [...kept, ...pad];
  });
}
