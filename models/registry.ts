/**
 * The model versions and how to load and train each. Adding a version is one entry here plus
 * its artifact: the CLI, evaluation and serving go through this table only.
 */
import { NotFoundError } from '../platform/errors';
import type { Classifier } from './classifiers/classifier';
import { MODEL_VERSIONS, type ModelVersion } from './versions';
import { V1_ARTIFACT_DIR, V1_FEATURE_SERVICE, loadV1Classifier } from './classifiers/v1';
import { LSTM_ARTIFACT_DIRS, LSTM_FEATURE_SERVICE, loadLstmClassifier } from './classifiers/lstm';
import { V2_TIME_FREEZE, trainV2, trainV3 } from './training/trainLstm';
import { V1_TIME_FREEZE, trainV1 } from './training/trainV1';
import type { TrainOptions, TrainResult } from './training/types';

/** What {@link ModelEntry.train} takes: the common options plus those of epoch-based trainers. */
export interface ModelTrainOptions extends TrainOptions {
  /** Passes over the training split (versions with {@link ModelEntry.epochs} only). */
  epochs?: number;
  /** Rows per gradient step (versions with {@link ModelEntry.epochs} only). */
  batchSize?: number;
  /**
   * The tokenizer the store's v2 features were computed with (features-v2 versions; default
   * the committed one). Its digest is recorded, and loading checks it.
   */
  tokenizerPath?: string;
}

/** What {@link ModelEntry.load} takes besides the directory. */
export interface ModelLoadOptions {
  /** The tokenizer that turns text into features v2 (default: the committed one). */
  tokenizerPath?: string;
}

/** How to get one version. */
export interface ModelEntry {
  version: ModelVersion;
  /** One line for humans. */
  description: string;
  /** Where its features and labels come from (training) and its features (serving). */
  featureService: string;
  /** Training rows are looked up as of this instant. */
  timeFreeze: Date;
  /** The committed artifact. */
  artifactDir: string;
  /** Loads and verifies the artifact of `dir` (default {@link artifactDir}). */
  load(dir?: string, options?: ModelLoadOptions): Promise<Classifier>;
  /** Whether training runs in epochs of mini-batches (`--epochs`, `--batch-size`). */
  epochs: boolean;
  /** Whether its features come from the v2 tokenizer (`--tokenizer`). */
  usesTokenizer: boolean;
  /** Trains from the feature store and saves the artifact. */
  train(options: ModelTrainOptions): Promise<TrainResult>;
}

/** The versions and how to get each. */
export const MODEL_REGISTRY: Readonly<Partial<Record<ModelVersion, ModelEntry>>> = Object.freeze({
  V1: {
    version: 'V1',
    description: 'random forest on features v1 (ratios and cue words)',
    featureService: V1_FEATURE_SERVICE,
    timeFreeze: V1_TIME_FREEZE,
    artifactDir: V1_ARTIFACT_DIR,
    load: (dir?: string) => loadV1Classifier(dir),
    epochs: false,
    usesTokenizer: false,
    train: trainV1,
  },
  V2: {
    version: 'V2',
    description: 'tfjs LSTM on features v2: embedding 6 → spatial dropout → LSTM 6 → softmax',
    featureService: LSTM_FEATURE_SERVICE,
    timeFreeze: V2_TIME_FREEZE,
    artifactDir: LSTM_ARTIFACT_DIRS.V2,
    load: (dir?: string, options?: ModelLoadOptions) => loadLstmClassifier('V2', dir, options),
    epochs: true,
    usesTokenizer: true,
    train: trainV2,
  },
  V3: {
    version: 'V3',
    description: 'tfjs LSTM on features v2: embedding 64 → spatial dropout → LSTM 96 → softmax',
    featureService: LSTM_FEATURE_SERVICE,
    timeFreeze: V2_TIME_FREEZE,
    artifactDir: LSTM_ARTIFACT_DIRS.V3,
    load: (dir?: string, options?: ModelLoadOptions) => loadLstmClassifier('V3', dir, options),
    epochs: true,
    usesTokenizer: true,
    train: trainV3,
  },
});

/** The versions with an entry, in version order. */
export const availableVersions = (): ModelVersion[] =>
  MODEL_VERSIONS.filter((v) => MODEL_REGISTRY[v] !== undefined);

/**
 * The entry of a version.
 *
 * @throws NotFoundError when the version is not available yet.
 */
export function modelEntry(version: ModelVersion): ModelEntry {
  const entry = MODEL_REGISTRY[version];
  if (!entry) {
    throw new NotFoundError(
      `model ${version} is not available yet (available: ${availableVersions().join(', ')})`,
      { version },
    );
  }
  return entry;
}

export { parseModelVersion } from './versions';
