/**
 * A calibrated linear model as plain JSON (the future V4 `model.json`): the feature settings it
 * was trained on, its hyperparameters (loss included), the intercept, the Platt map and the
 * non-zero weights as index/value lists, plus the sha256 digest of that content.
 *
 * @remarks The digest is taken over `JSON.stringify` of the file with its keys in the
 * canonical order of {@link linearFile}, so a trained model and its saved-and-loaded copy
 * have the same digest whatever the file's layout (indentation, key order on disk).
 */
import { z } from 'zod';
import { BadUserInputError } from '../../platform/errors';
import { PATTERN_NAMES, v3Dimension, type SparseVector, type V3Settings } from '../features';
import { sha256 } from './artifactFiles';
import type { PlattScaling } from './calibration';
import { decisionValues, LINEAR_LOSSES, type LinearModel, type LinearOptions } from './linear';

/** The `format` tag of a linear model file. */
export const LINEAR_FORMAT = 'spamgraph.linear-model';

/** Contents of the file. */
export interface LinearFile {
  format: typeof LINEAR_FORMAT;
  formatVersion: 1;
  /** The extractor settings the weights belong to (loading checks them). */
  features: V3Settings;
  dimension: number;
  options: LinearOptions;
  bias: number;
  calibration: { method: 'platt'; a: number; b: number };
  /** Non-zero weights, indices strictly increasing. */
  weights: SparseVector;
}

/** A model ready to score: weights, intercept and calibration. */
export interface CalibratedLinear {
  model: LinearModel;
  platt: PlattScaling;
}

/** Calibrated spam probability of each vector: σ(a·(w·x + b) + b′), one pass per vector. */
export function calibratedProba(
  { model, platt }: CalibratedLinear,
  batch: readonly SparseVector[],
): number[] {
  return decisionValues(model, batch).map((z) => 1 / (1 + Math.exp(-(platt.a * z + platt.b))));
}

function copySettings(s: Readonly<V3Settings>): V3Settings {
  return {
    bits: s.bits,
    seed: s.seed,
    wordNgrams: [...s.wordNgrams],
    charNgrams: [...s.charNgrams],
    foldDigits: s.foldDigits,
    stripFormat: s.stripFormat,
    signedHash: s.signedHash,
    blockNorm: s.blockNorm,
    patterns: [...s.patterns],
  };
}

/** The file of a trained model, fields in canonical order. */
export function linearFile(
  { model, platt }: CalibratedLinear,
  options: LinearOptions,
  features: Readonly<V3Settings>,
): LinearFile {
  const indices: number[] = [];
  const values: number[] = [];
  model.weights.forEach((w, i) => {
    if (w !== 0) {
      indices.push(i);
      values.push(w);
    }
  });
  return {
    format: LINEAR_FORMAT,
    formatVersion: 1,
    features: copySettings(features),
    dimension: model.dimension,
    options: {
      loss: options.loss,
      l2: options.l2,
      spamWeight: options.spamWeight,
      maxIterations: options.maxIterations,
    },
    bias: model.bias,
    calibration: { method: 'platt', a: platt.a, b: platt.b },
    weights: { indices, values },
  };
}

/** sha256 of the file's canonical JSON. */
export const linearDigest = (file: LinearFile): string => sha256(JSON.stringify(canonical(file)));

/** The same content with keys in canonical order (files read from disk may order them freely). */
function canonical(f: LinearFile): LinearFile {
  return {
    format: f.format,
    formatVersion: f.formatVersion,
    features: copySettings(f.features),
    dimension: f.dimension,
    options: {
      loss: f.options.loss,
      l2: f.options.l2,
      spamWeight: f.options.spamWeight,
      maxIterations: f.options.maxIterations,
    },
    bias: f.bias,
    calibration: { method: 'platt', a: f.calibration.a, b: f.calibration.b },
    weights: { indices: f.weights.indices, values: f.weights.values },
  };
}

const positive = z.number().positive();
const fileSchema = z.strictObject({
  format: z.literal(LINEAR_FORMAT),
  formatVersion: z.literal(1),
  features: z.strictObject({
    bits: z.number().int().min(1).max(30),
    seed: z.number().int().min(0).max(0xffff_ffff),
    wordNgrams: z.array(z.number().int().min(1)),
    charNgrams: z.array(z.number().int().min(1)),
    foldDigits: z.enum(['none', 'chars', 'all']),
    stripFormat: z.boolean(),
    signedHash: z.boolean(),
    blockNorm: z.enum(['joint', 'separate']),
    patterns: z.array(z.enum(PATTERN_NAMES)),
  }),
  dimension: z.number().int().min(1),
  options: z.strictObject({
    loss: z.enum(LINEAR_LOSSES),
    l2: positive,
    spamWeight: positive,
    maxIterations: z.number().int().min(1),
  }),
  bias: z.number(),
  calibration: z.strictObject({ method: z.literal('platt'), a: z.number(), b: z.number() }),
  weights: z.strictObject({ indices: z.array(z.number().int()), values: z.array(z.number()) }),
});

/** Problems of a parsed file's numbers the schema cannot see (empty when it is usable). */
function fileProblems(f: LinearFile): string[] {
  const problems: string[] = [];
  if (f.dimension !== v3Dimension(f.features)) {
    problems.push(`dimension ${f.dimension} does not match its feature settings`);
  }
  const { indices, values } = f.weights;
  if (indices.length !== values.length) {
    problems.push(`${indices.length} weight indices but ${values.length} values`);
  }
  const bad = indices.findIndex(
    (i, k) => i < 0 || i >= f.dimension || (k > 0 && i <= indices[k - 1]!),
  );
  if (bad !== -1) problems.push(`weight index ${bad} out of range or out of order`);
  if (!values.every((w) => w !== 0)) problems.push('weights must leave zeros out');
  return problems;
}

/**
 * A model from a parsed JSON file, checked whole.
 *
 * @param where - the file's name, for messages
 * @throws BadUserInputError when the content is not a valid linear model file.
 */
export function parseLinearFile(
  json: unknown,
  where: string,
): CalibratedLinear & {
  file: LinearFile;
} {
  const bad = (why: string) => new BadUserInputError(`${where}: ${why}`, { path: where });
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw bad(`invalid linear model: ${lines.join('; ')}`);
  }
  const file = parsed.data;
  const problems = fileProblems(file);
  if (problems.length > 0) throw bad(`invalid linear model: ${problems.join('; ')}`);
  const weights = new Float64Array(file.dimension);
  file.weights.indices.forEach((i, k) => (weights[i] = file.weights.values[k]!));
  return {
    file,
    model: { dimension: file.dimension, weights, bias: file.bias },
    platt: { a: file.calibration.a, b: file.calibration.b },
  };
}
