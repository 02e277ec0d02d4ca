/** Digests of model inputs: the prediction cache's key, so equal vectors share one entry. */
import { createHash } from 'node:crypto';

/**
 * sha256 (hex) of a feature vector's float64 bytes: exact (no decimal rendering), and the
 * same whether the vector came from the online store, a client or text.
 */
export function inputDigest(vector: readonly number[]): string {
  return createHash('sha256')
    .update(new Uint8Array(Float64Array.from(vector).buffer))
    .digest('hex');
}
