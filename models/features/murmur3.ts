/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, public domain): the hash behind the v3
 * feature indices.
 *
 * @remarks
 * Chosen because it is the de-facto standard for the hashing trick (scikit-learn's
 * `HashingVectorizer`, Vowpal Wabbit, Spark's `HashingTF` all use it), so an index can be
 * cross-checked against other tools; it is fast in JavaScript with `Math.imul`, and mixes short
 * keys well. The hash is part of every trained V4 model: changing it (or its seed) changes every
 * index, so a model trained before the change scores garbage after it — the pinned values in
 * `murmur3.test.ts` guard that.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** The 32-bit finalizer: forces every input bit to affect every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * MurmurHash3_x86_32 of `bytes[0..length)` with `seed`, as an unsigned 32-bit integer
 * (the same number as the reference C++ `MurmurHash3_x86_32`, and as scikit-learn's
 * `murmurhash3_32(…, positive=True)` of the same bytes).
 *
 * @param length - how many bytes of `bytes` to hash (default: all); lets callers hash a prefix
 *   of a reused scratch buffer without copying.
 */
export function murmur3(bytes: Uint8Array, seed = 0, length = bytes.length): number {
  const nBlocks = length >>> 2;
  let h = seed >>> 0;
  for (let i = 0; i < nBlocks; i++) {
    const o = i << 2;
    let k = bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = nBlocks << 2;
  const rest = length & 3;
  if (rest > 0) {
    let k = bytes[tail]!;
    if (rest > 1) k |= bytes[tail + 1]! << 8;
    if (rest > 2) k |= bytes[tail + 2]! << 16;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length;
  return fmix32(h);
}

/** {@link murmur3} of the UTF-8 encoding of `text`. */
export const murmur3String = (text: string, seed = 0): number =>
  murmur3(Buffer.from(text, 'utf8'), seed);
