/**
 * The model versions and how to load each. Adding a version is one entry here plus its artifact
 * (and its trainer in training/trainers.ts): the CLI, evaluation and serving go through this
 * table. It loads no training code, so serving, which uses it, never does either; the LSTMs
 * (and with them TensorFlow.js) load when a V2 or V3 artifact is first loaded; V4 is plain
 * JavaScript.
 */
import { NotFoundError } from '../platform/errors';
import type { Classifier } from './classifiers/classifier';
import { MODEL_VERSIONS, type ModelVersion } from './versions';
import {
  V1_ARTIFACT_DIR,
  V1_FEATURE_SERVICE,
  V1_TIME_FREEZE,
  loadV1Classifier,
} from './classifiers/v1';
import { LSTM_ARTIFACT_DIRS, LSTM_FEATURE_SERVICE, V2_TIME_FREEZE } from './classifiers/lstmSpec';
import {
  V4_ARTIFACT_DIR,
  V4_FEATURE_SERVICE,
  V4_TIME_FREEZE,
  loadV4Classifier,
} from './classifiers/v4';

/**
 * The LSTM loader, required on first use: it brings TensorFlow.js, which processes that never
 * load a V2 or V3 artifact (the inbox, the feature store, a V1-only model subgraph) need not pay.
 */
function lstmLoader(): LstmModule['loadLstmClassifier'] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./classifiers/lstm') as LstmModule).loadLstmClassifier;
}
type LstmModule = typeof import('./classifiers/lstm');

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
  /**
   * Whether training runs in epochs of mini-batches (`--epochs`, `--batch-size`, and the
   * validation options `--learning-rate`, `--validation`, `--patience`, `--no-refit`).
   */
  epochs: boolean;
  /** Whether its features come from the v2 tokenizer (`--tokenizer`). */
  usesTokenizer: boolean;
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
  },
  V2: {
    version: 'V2',
    description: 'tfjs LSTM on features v2: embedding 6 → spatial dropout → LSTM 6 → softmax',
    featureService: LSTM_FEATURE_SERVICE,
    timeFreeze: V2_TIME_FREEZE,
    artifactDir: LSTM_ARTIFACT_DIRS.V2,
    load: (dir?: string, options?: ModelLoadOptions) => lstmLoader()('V2', dir, options),
    epochs: true,
    usesTokenizer: true,
  },
  V3: {
    version: 'V3',
    description: 'tfjs LSTM on features v2: embedding 64 → spatial dropout → LSTM 96 → softmax',
    featureService: LSTM_FEATURE_SERVICE,
    timeFreeze: V2_TIME_FREEZE,
    artifactDir: LSTM_ARTIFACT_DIRS.V3,
    load: (dir?: string, options?: ModelLoadOptions) => lstmLoader()('V3', dir, options),
    epochs: true,
    usesTokenizer: true,
  },
  V4: {
    version: 'V4',
    description:
      'calibrated linear model (L2-SVM or logistic regression) on features v3: hashed word and character n-grams',
    featureService: V4_FEATURE_SERVICE,
    timeFreeze: V4_TIME_FREEZE,
    artifactDir: V4_ARTIFACT_DIR,
    load: (dir?: string) => loadV4Classifier(dir),
    epochs: false,
    usesTokenizer: false,
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
