/**
 * `metadata.json`, written beside every trained artifact: what was trained, on which data (the
 * feature service and the time freeze), with which seed and split, how well it did on the held-out
 * split, and the digest that ties it to its model file. The same shape serves every version.
 */
import path from 'node:path';
import { z } from 'zod';
import { BadUserInputError } from '../../platform/errors';
import { readJsonFile, writeFileAtomic } from './artifactFiles';
import type { Metrics } from './metrics';
import { MODEL_VERSIONS, type ModelVersion } from '../versions';
import { renderJson } from './renderJson';

/** The `format` tag of a metadata file. */
export const METADATA_FORMAT = 'spamgraph.model-metadata';

/** File name of the metadata inside an artifact directory. */
export const METADATA_FILE = 'metadata.json';

/** Where the training rows came from. */
export interface DataWindow {
  /** e.g. `feature store: historical retrieval of labeled_sms_1` */
  source: string;
  featureService: string;
  /** Every entity row was looked up as of this instant (ISO-8601). */
  timeFreeze: string;
  /** Entity rows asked for. */
  entityRows: number;
  /** Rows dropped because a feature or the label was null at the time freeze. */
  dropped: number;
  /** Rows kept, by label. */
  spam: number;
  ham: number;
}

/**
 * The `data` and `split` blocks, recorded the same way by every trainer.
 *
 * @param data - what the feature store gave (`source` is derived from the feature service)
 */
export function dataAndSplit(
  data: Omit<DataWindow, 'source'>,
  split: { testFraction: number; nTrain: number; nTest: number },
): Pick<ModelMetadata, 'data' | 'split'> {
  return {
    data: { source: `feature store: historical retrieval of ${data.featureService}`, ...data },
    split: { method: 'stratified', ...split },
  };
}

/** Contents of `metadata.json`. */
export interface ModelMetadata {
  format: typeof METADATA_FORMAT;
  formatVersion: 1;
  version: ModelVersion;
  /** What the model is, in a few words. */
  description: string;
  /** The code that trained it and runs it (library or module, with version). */
  library: string;
  featureNames: string[];
  hyperparameters: Record<string, string | number | boolean>;
  seed: number;
  data: DataWindow;
  split: { method: 'stratified'; testFraction: number; nTrain: number; nTest: number };
  /** On the held-out test split. */
  metrics: Metrics;
  /** On the training split (a large gap to `metrics` means over-fitting). */
  trainMetrics: Metrics;
  /** Version-specific extras (feature importances, tfjs backend, epochs…). */
  extra: Record<string, unknown>;
  /** sha256 of the model file's canonical content; the loader checks it. */
  artifactDigest: string;
  /** ISO-8601. */
  trainedAt: string;
  trainingSeconds: number;
}

const confusionSchema = z.strictObject({
  tp: z.number().int().min(0),
  fp: z.number().int().min(0),
  tn: z.number().int().min(0),
  fn: z.number().int().min(0),
});
const unit = z.number().min(0).max(1);
const metricsSchema = z.strictObject({
  n: z.number().int().min(1),
  accuracy: unit,
  precision: unit,
  recall: unit,
  f1: unit,
  confusion: confusionSchema,
});

const metadataSchema = z.strictObject({
  format: z.literal(METADATA_FORMAT),
  formatVersion: z.literal(1),
  version: z.enum(MODEL_VERSIONS),
  description: z.string(),
  library: z.string(),
  featureNames: z.array(z.string().min(1)).min(1),
  hyperparameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  seed: z.number().int().min(0),
  data: z.strictObject({
    source: z.string(),
    featureService: z.string().min(1),
    timeFreeze: z.iso.datetime({ offset: true }),
    entityRows: z.number().int().min(0),
    dropped: z.number().int().min(0),
    spam: z.number().int().min(0),
    ham: z.number().int().min(0),
  }),
  split: z.strictObject({
    method: z.literal('stratified'),
    testFraction: z.number().gt(0).lt(1),
    nTrain: z.number().int().min(1),
    nTest: z.number().int().min(1),
  }),
  metrics: metricsSchema,
  trainMetrics: metricsSchema,
  extra: z.record(z.string(), z.unknown()),
  artifactDigest: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hex digest'),
  trainedAt: z.iso.datetime({ offset: true }),
  trainingSeconds: z.number().min(0),
});

/** Writes `metadata.json` into `dir` (atomically, in Prettier's layout). */
export async function saveMetadata(dir: string, metadata: ModelMetadata): Promise<void> {
  await writeFileAtomic(path.join(dir, METADATA_FILE), renderJson(metadata));
}

/**
 * Reads and validates `metadata.json` of `dir`.
 *
 * @param hint - what to do when it is missing
 * @throws NotFoundError when it is missing; BadUserInputError when it is invalid.
 */
export async function loadMetadata(dir: string, hint: string): Promise<ModelMetadata> {
  const file = path.join(dir, METADATA_FILE);
  const parsed = metadataSchema.safeParse(await readJsonFile(file, hint));
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new BadUserInputError(`${file}: invalid model metadata: ${lines.join('; ')}`, {
      path: file,
    });
  }
  return parsed.data;
}
