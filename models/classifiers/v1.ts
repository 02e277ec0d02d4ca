/**
 * Model V1: a random forest on features v1 (two ratios, seven cue words). Its artifact is a
 * directory with `model.json` (the trees) and `metadata.json`; loading checks that the two
 * belong together (digest) and that the trees fit the v1 extractor.
 */
import path from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../../platform/config';
import { BadUserInputError } from '../../platform/errors';
import { FEATURES_V1_NAMES, extractV1 } from '../features';
import { readJsonFile, sha256, writeFileAtomic } from './artifactFiles';
import { assertFeatureBatch, type Classifier } from './classifier';
import { loadMetadata, saveMetadata, type ModelMetadata } from './metadata';
import {
  forestProba,
  forestProblems,
  type Forest,
  type ForestOptions,
  type TreeNode,
} from './randomForest';
import { renderJson } from './renderJson';

/** The feature service V1 trains and serves from. */
export const V1_FEATURE_SERVICE = 'labeled_sms_1';

/** V1 trains on the features as they were on this day. */
export const V1_TIME_FREEZE = new Date('2019-05-05T00:00:00Z');

/** Where the committed V1 artifact lives. */
export const V1_ARTIFACT_DIR = path.join(REPO_ROOT, 'models', 'artifacts', 'v1');

/** File name of the trees inside the artifact directory. */
export const V1_MODEL_FILE = 'model.json';

/** The `format` tag of `model.json`. */
export const FOREST_FORMAT = 'spamgraph.random-forest';

const HINT = 'train it with `npx spamgraph models train v1`';

/** Contents of `model.json`. */
export interface ForestFile {
  format: typeof FOREST_FORMAT;
  formatVersion: 1;
  version: 'V1';
  featureNames: string[];
  options: ForestOptions;
  nFeatures: number;
  trees: TreeNode[][];
}

const count = z.number().int().min(0);
const fileSchema = z.strictObject({
  format: z.literal(FOREST_FORMAT),
  formatVersion: z.literal(1),
  version: z.literal('V1'),
  featureNames: z.array(z.string()),
  options: z.strictObject({
    nTrees: count,
    maxDepth: count,
    maxFeatures: z.union([count, z.literal('sqrt'), z.literal('all')]),
    minSamplesSplit: count,
    minSamplesLeaf: count,
    bootstrap: z.boolean(),
    seed: count,
  }),
  nFeatures: z.number().int().min(1),
  trees: z.array(
    z.array(
      z.tuple([
        z.number().int().min(-1),
        z.number(),
        z.number().int().min(-1),
        z.number().int().min(-1),
        z.number().min(0).max(1),
        count,
      ]),
    ),
  ),
});

/** The file's fields in their canonical order (the literal's order). */
function forestFile(forest: Forest, options: ForestOptions, featureNames: string[]): ForestFile {
  return {
    format: FOREST_FORMAT,
    formatVersion: 1,
    version: 'V1',
    featureNames: [...featureNames],
    options: {
      nTrees: options.nTrees,
      maxDepth: options.maxDepth,
      maxFeatures: options.maxFeatures,
      minSamplesSplit: options.minSamplesSplit,
      minSamplesLeaf: options.minSamplesLeaf,
      bootstrap: options.bootstrap,
      seed: options.seed,
    },
    nFeatures: forest.nFeatures,
    trees: forest.trees.map((tree) => tree.map((node) => [...node])),
  };
}

/**
 * sha256 of the forest's canonical JSON (compact, fixed key order): the same for a trained
 * forest and for its saved-and-loaded copy, whatever the file's layout.
 */
export function forestDigest(
  forest: Forest,
  options: ForestOptions,
  featureNames: string[] = [...FEATURES_V1_NAMES],
): string {
  return sha256(JSON.stringify(forestFile(forest, options, featureNames)));
}

/** The V1 classifier over a forest. */
export function v1Classifier(forest: Forest, metadata: ModelMetadata): Classifier {
  const n = FEATURES_V1_NAMES.length;
  return Object.freeze({
    version: 'V1',
    featureService: V1_FEATURE_SERVICE,
    featureNames: FEATURES_V1_NAMES,
    featureLength: n,
    artifactDigest: metadata.artifactDigest,
    runtime: 'random forest (JavaScript)',
    metadata,
    textToFeatures: (text: string) => extractV1(text),
    validate: (batch: readonly (readonly number[])[]) => assertFeatureBatch('V1', batch, n),
    predictProba: (batch: readonly (readonly number[])[]) => {
      try {
        assertFeatureBatch('V1', batch, n);
      } catch (e) {
        return Promise.reject(e as Error);
      }
      return Promise.resolve(forestProba(forest, batch));
    },
  } satisfies Classifier);
}

/**
 * Saves a trained forest: `model.json`, then `metadata.json` with the forest's digest.
 *
 * @returns the artifact digest.
 */
export async function saveV1Artifact(
  dir: string,
  forest: Forest,
  options: ForestOptions,
  metadata: Omit<ModelMetadata, 'artifactDigest'>,
): Promise<string> {
  const file = forestFile(forest, options, metadata.featureNames);
  const artifactDigest = sha256(JSON.stringify(file));
  await writeFileAtomic(path.join(dir, V1_MODEL_FILE), renderJson(file));
  await saveMetadata(dir, { ...metadata, artifactDigest });
  return artifactDigest;
}

/**
 * Loads the V1 artifact of `dir` and checks it whole.
 *
 * @throws NotFoundError when a file is missing; BadUserInputError when a file is invalid, the
 *   trees do not match the metadata's digest, or they were trained on other features.
 */
export async function loadV1Classifier(dir: string = V1_ARTIFACT_DIR): Promise<Classifier> {
  const metadata = await loadMetadata(dir, HINT);
  const file = path.join(dir, V1_MODEL_FILE);
  const bad = (why: string) => new BadUserInputError(`${file}: ${why}`, { path: file });
  if (metadata.version !== 'V1') throw bad(`metadata.json is for ${metadata.version}, not V1`);
  const parsed = fileSchema.safeParse(await readJsonFile(file, HINT));
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw bad(`invalid V1 model: ${lines.join('; ')}`);
  }
  const f = parsed.data;
  const forest: Forest = { nFeatures: f.nFeatures, trees: f.trees };
  const problems = forestProblems(forest);
  if (f.trees.length !== f.options.nTrees) {
    problems.push(`${f.trees.length} trees, options say ${f.options.nTrees}`);
  }
  if (problems.length > 0) throw bad(`invalid V1 model: ${problems.join('; ')}`);
  const expected = FEATURES_V1_NAMES.join(',');
  if (f.featureNames.join(',') !== expected || f.nFeatures !== FEATURES_V1_NAMES.length) {
    throw bad(`trained on features [${f.featureNames.join(', ')}], V1 computes [${expected}]`);
  }
  const digest = forestDigest(forest, f.options, f.featureNames);
  if (digest !== metadata.artifactDigest) {
    throw bad(
      `digest ${digest} does not match metadata.json (${metadata.artifactDigest}): ` +
        'the model was edited, corrupted or half-replaced — retrain or restore it',
    );
  }
  return v1Classifier(forest, metadata);
}
