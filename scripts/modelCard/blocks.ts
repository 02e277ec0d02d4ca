/**
 * Each version's reliability block for the card: the training record's own when it has one,
 * else one recomputed on the test split from the feature store (when it holds the dataset the
 * records were trained on), else the committed `models/card/reliability.json`.
 */
import type { Classifier, HistoricalSource, ModelMetadata, ModelVersion } from '../../models';
import { RecordMismatchError, testSplitScores } from './recompute';
import {
  recordReliability,
  reliabilityDistance,
  reliabilityOf,
  roundReliability,
  type VersionReliability,
} from './reliability';
import { RELIABILITY_FILE, type ReliabilityFile } from './reliabilityFile';

/** Recorded and recomputed blocks may differ by rounding (6 decimals) and float noise only. */
const TOLERANCE = 2e-6;

/**
 * Every version's block, from its record or recomputed from the store. A record's block is
 * recomputed too and must agree, which checks the card's own ECE against training's.
 *
 * @param ids - the sms ids training was given
 * @throws RecordMismatchError when a recomputation does not reproduce its record.
 */
export async function recomputedBlocks(
  records: readonly ModelMetadata[],
  classifiers: ReadonlyMap<ModelVersion, Classifier>,
  store: HistoricalSource,
  ids: readonly string[],
  say: (line: string) => void,
): Promise<VersionReliability[]> {
  const out: VersionReliability[] = [];
  for (const m of records) {
    const { y, p, confusion } = await testSplitScores(classifiers.get(m.version)!, store, ids);
    const computed = roundReliability(reliabilityOf(p, y));
    const recorded = recordReliability(m);
    const c = confusion;
    say(
      `${m.version}: test split recomputed, confusion tp ${c.tp}, fp ${c.fp}, tn ${c.tn}, fn ${c.fn} as recorded; ECE ${computed.expectedCalibrationError}`,
    );
    if (recorded && reliabilityDistance(recorded, computed) > TOLERANCE) {
      throw new RecordMismatchError(
        `${m.version}: the recomputed reliability block differs from the training record's (ECE ${computed.expectedCalibrationError} vs ${recorded.expectedCalibrationError})`,
      );
    }
    const source = recorded ? 'training record' : 'recomputed on the test split';
    out.push({
      version: m.version,
      artifactDigest: m.artifactDigest,
      source,
      ...(recorded ?? computed),
    });
  }
  return out;
}

/**
 * Every version's block from its record or, for versions without one, from the committed file.
 *
 * @throws Error when the file lacks a version or holds a block of another artifact.
 */
export function committedBlocks(
  records: readonly ModelMetadata[],
  file: ReliabilityFile | null,
): VersionReliability[] {
  return records.map((m): VersionReliability => {
    const recorded = recordReliability(m);
    if (recorded) {
      return {
        version: m.version,
        artifactDigest: m.artifactDigest,
        source: 'training record',
        ...recorded,
      };
    }
    const kept = file?.versions.find((v) => v.version === m.version);
    const rerun = 'run `DATA_DIR=<data dir with the imported dataset> npm run models:card`';
    if (!kept) throw new Error(`${RELIABILITY_FILE} has no block for ${m.version}: ${rerun}`);
    if (kept.artifactDigest !== m.artifactDigest) {
      throw new Error(
        `${RELIABILITY_FILE}: the ${m.version} block was computed for another artifact (sha256 ${kept.artifactDigest.slice(0, 12)}, committed ${m.artifactDigest.slice(0, 12)}): ${rerun}`,
      );
    }
    return kept;
  });
}
