/** What every version's trainer takes and returns, so the CLI drives them all the same way. */
import type { FeatureStore } from '../../feature-store';
import type { ModelVersion } from '../versions';
import type { ModelMetadata } from '../classifiers/metadata';

/** The part of the feature store training reads: point-in-time historical retrieval. */
export type HistoricalSource = Pick<FeatureStore, 'getHistoricalFeatures'>;

/** Options common to every trainer. */
export interface TrainOptions {
  store: HistoricalSource;
  /** The sms ids to train and test on (each looked up as of the version's time freeze). */
  ids: readonly string[];
  /**
   * Look every row up as of this instant instead of the version's time freeze (`models train
   * --labels-until`): features and labels, users' verdicts included, exactly as they were then.
   */
  asOf?: Date;
  /**
   * The ids of the imported dataset: training rows outside it are counted as users' labels in
   * the training record.
   */
  datasetIds?: readonly string[];
  /** Seed of the split and of the model's randomness (default 42). */
  seed?: number;
  /** Where to write the artifact (default: the version's committed artifact directory). */
  outDir?: string;
  /** Receives progress lines (`models: V1: …`). */
  onProgress?: (line: string) => void;
  /** Clock for `trainedAt` (tests). */
  now?: () => Date;
}

/** What a trainer saved. */
export interface TrainResult {
  version: ModelVersion;
  outDir: string;
  artifactDigest: string;
  metadata: ModelMetadata;
}

export { DEFAULT_SEED } from '../classifiers/random';

/** Share of the rows held out for testing. */
export const TEST_FRACTION = 0.25;
