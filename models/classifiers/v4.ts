/**
 * Model V4: a calibrated linear model (logistic regression or linear SVM, picked on validation
 * carves) over features v3 — hashed word and character n-grams plus length, sparse. Its
 * artifact is a directory with `model.json` (the {@link LinearFile}, compact JSON: 140k weights)
 * and `metadata.json`; loading checks that the two belong together (digest) and that the
 * weights were trained on the extractor this code runs ({@link V3_SETTINGS}).
 */
import path from 'node:path';
import { REPO_ROOT } from '../../platform/config';
import { BadUserInputError } from '../../platform/errors';
import {
  FEATURES_V3_DIMENSION,
  V3_SETTINGS,
  extractV3,
  packSparse,
  unpackSparse,
  type SparseVector,
} from '../features';
import { readJsonFile, writeFileAtomic } from './artifactFiles';
import type { Classifier } from './classifier';
import {
  calibratedProba,
  linearDigest,
  linearFile,
  parseLinearFile,
  type CalibratedLinear,
} from './linearFile';
import type { LinearOptions } from './linear';
import { loadMetadata, saveMetadata, type ModelMetadata } from './metadata';

/** The feature service V4 trains and serves from. */
export const V4_FEATURE_SERVICE = 'labeled_sms_3';

/**
 * V4 trains on the store as of this instant unless told otherwise (`--labels-until`): after
 * features v3 were created (2026-11-02), before any user's verdict.
 */
export const V4_TIME_FREEZE = new Date('2026-12-01T00:00:00Z');

/** Where the committed V4 artifact lives. */
export const V4_ARTIFACT_DIR = path.join(REPO_ROOT, 'models', 'artifacts', 'v4');

/** File name of the weights inside the artifact directory. */
export const V4_MODEL_FILE = 'model.json';

/** The store's names of a v3 vector: its index list and its value list. */
export const FEATURES_V3_NAMES = ['indices', 'values'] as const;

const HINT = 'train it with `npx spamgraph models train v4`';

/** The settings as one comparable string (key order fixed by {@link V3_SETTINGS}). */
const settingsKey = (s: object): string =>
  JSON.stringify(Object.keys(V3_SETTINGS).map((k) => [k, (s as Record<string, unknown>)[k]]));

/**
 * Checks packed sparse vectors.
 *
 * @returns the unpacked vectors.
 * @throws BadUserInputError naming the first bad vector.
 */
function unpackBatch(batch: readonly (readonly number[])[]): SparseVector[] {
  return batch.map((packed, i) => {
    const v = unpackSparse(packed, FEATURES_V3_DIMENSION);
    if (typeof v === 'string') {
      throw new BadUserInputError(
        `V4 expects sparse vectors (indices, then values; indices strictly increasing in [0, ${FEATURES_V3_DIMENSION})): vector ${i} ${v}`,
      );
    }
    return v;
  });
}

/** The V4 classifier over a calibrated linear model. */
export function v4Classifier(model: CalibratedLinear, metadata: ModelMetadata): Classifier {
  return Object.freeze({
    version: 'V4',
    featureService: V4_FEATURE_SERVICE,
    featureNames: FEATURES_V3_NAMES,
    featureLength: 'sparse',
    artifactDigest: metadata.artifactDigest,
    runtime: 'sparse linear model (JavaScript)',
    metadata,
    textToFeatures: (text: string) => packSparse(extractV3(text)),
    validate: (batch: readonly (readonly number[])[]) => void unpackBatch(batch),
    predictProba: (batch: readonly (readonly number[])[]) => {
      try {
        return Promise.resolve(calibratedProba(model, unpackBatch(batch)));
      } catch (e) {
        return Promise.reject(e as Error);
      }
    },
  } satisfies Classifier);
}

/**
 * Saves a trained model: `model.json` (compact JSON), then `metadata.json` with its digest.
 *
 * @returns the artifact digest.
 */
export async function saveV4Artifact(
  dir: string,
  model: CalibratedLinear,
  options: LinearOptions,
  metadata: Omit<ModelMetadata, 'artifactDigest'>,
): Promise<string> {
  const file = linearFile(model, options, V3_SETTINGS);
  const artifactDigest = linearDigest(file);
  await writeFileAtomic(path.join(dir, V4_MODEL_FILE), `${JSON.stringify(file)}\n`);
  await saveMetadata(dir, { ...metadata, artifactDigest });
  return artifactDigest;
}

/**
 * Loads the V4 artifact of `dir` and checks it whole.
 *
 * @throws NotFoundError when a file is missing; BadUserInputError when a file is invalid, the
 *   weights do not match the metadata's digest, or they were trained on other feature settings.
 */
export async function loadV4Classifier(dir: string = V4_ARTIFACT_DIR): Promise<Classifier> {
  const metadata = await loadMetadata(dir, HINT);
  const file = path.join(dir, V4_MODEL_FILE);
  const bad = (why: string) => new BadUserInputError(`${file}: ${why}`, { path: file });
  if (metadata.version !== 'V4') throw bad(`metadata.json is for ${metadata.version}, not V4`);
  const parsed = parseLinearFile(await readJsonFile(file, HINT), file);
  if (settingsKey(parsed.file.features) !== settingsKey(V3_SETTINGS)) {
    throw bad(
      `trained on feature settings ${JSON.stringify(parsed.file.features)}, this code computes ${JSON.stringify(V3_SETTINGS)}: retrain it`,
    );
  }
  const digest = linearDigest(parsed.file);
  if (digest !== metadata.artifactDigest) {
    throw bad(
      `digest ${digest} does not match metadata.json (${metadata.artifactDigest}): ` +
        'the model was edited, corrupted or half-replaced — retrain or restore it',
    );
  }
  return v4Classifier(parsed, metadata);
}
