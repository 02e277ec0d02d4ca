import type { ModelMetadata } from '../../models';
import { committedBlocks } from './blocks';
import { reliabilityOf, roundReliability, type VersionReliability } from './reliability';
import { RELIABILITY_FORMAT, type ReliabilityFile } from './reliabilityFile';

const block = roundReliability(reliabilityOf([0.2, 0.8], [0, 1], 2));
const record = (version: 'V1' | 'V4', digest: string, extra: Record<string, unknown> = {}) =>
  ({ version, artifactDigest: digest.repeat(64), extra }) as ModelMetadata;
const kept: VersionReliability = {
  version: 'V1',
  artifactDigest: 'a'.repeat(64),
  source: 'recomputed on the test split',
  ...block,
};
const file: ReliabilityFile = {
  format: RELIABILITY_FORMAT,
  formatVersion: 1,
  nTest: 2,
  versions: [kept],
};

describe('committedBlocks', () => {
  it('takes a record’s own block, and the file’s for a version without one', () => {
    expect(
      committedBlocks([record('V1', 'a'), record('V4', 'b', { reliability: block })], file),
    ).toEqual([
      kept,
      { version: 'V4', artifactDigest: 'b'.repeat(64), source: 'training record', ...block },
    ]);
  });

  it('refuses a block of another artifact, or none', () => {
    expect(() => committedBlocks([record('V1', 'c')], file)).toThrow(
      /the V1 block was computed for another artifact \(sha256 aaaaaaaaaaaa, committed cccccccccccc\)/,
    );
    expect(() => committedBlocks([record('V1', 'a')], null)).toThrow(/has no block for V1/);
  });
});
