import { createHash } from 'node:crypto';
import { inputDigest } from './inputDigest';

/** The definition, written the slow and obvious way. */
const reference = (v: number[]) =>
  createHash('sha256')
    .update(new Uint8Array(Float64Array.from(v).buffer))
    .digest('hex');

describe('inputDigest', () => {
  it('is the sha256 of the float64 bytes, whatever was hashed before', () => {
    const long = Array.from({ length: 200 }, (_, i) => i / 7);
    expect(inputDigest(long)).toBe(reference(long));
    // A shorter vector after a longer one: no leftover bytes of the earlier call.
    expect(inputDigest([1, 2])).toBe(reference([1, 2]));
    expect(inputDigest([])).toBe(reference([]));
    expect(inputDigest([0.1 + 0.2])).toBe(reference([0.30000000000000004]));
  });

  it('tells apart vectors that differ in one value, in order or in length', () => {
    const digests = [
      [1, 2, 3],
      [1, 2, 4],
      [3, 2, 1],
      [1, 2, 3, 0],
      [1, 2],
    ].map(inputDigest);
    expect(new Set(digests).size).toBe(5);
    expect(inputDigest([1, 2, 3])).toBe(digests[0]);
  });
});
