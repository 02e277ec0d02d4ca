/**
 * Compares two trained models on the same labeled messages: each one's metrics, where they
 * agree, McNemar's test on the messages only one of them gets right, and those messages.
 * Features come from each model's own extractor, as serving computes them.
 */
import { BadUserInputError } from '../../platform/errors';
import type { Classifier } from '../classifiers/classifier';
import { computeMetrics, type Metrics } from '../classifiers/metrics';
import type { LabeledSms } from '../dataset/labeledCsv';
import { labelOf, type ModelVersion, type SpamLabel } from '../versions';
import { mcnemarTest, type McNemarTest } from './mcnemar';

/** Rows per model call when comparing. */
export const COMPARE_BATCH = 500;

/** The level below which McNemar's p-value calls the difference significant. */
export const SIGNIFICANCE_LEVEL = 0.05;

/** One compared model and its metrics on every row. */
export interface ComparedModel extends Metrics {
  version: ModelVersion;
  artifactDigest: string;
}

/** The 2×2 table of right and wrong verdicts; `rate` is the share of equal verdicts. */
export interface Agreement {
  bothRight: number;
  onlyARight: number;
  onlyBRight: number;
  bothWrong: number;
  /** Messages with the same verdict from both (both right or both wrong). */
  agree: number;
  rate: number;
}

/** A message the two models give different verdicts, so exactly one of them gets right. */
export interface Disagreement {
  smsId: string;
  label: SpamLabel;
  spamProbabilityA: number;
  spamProbabilityB: number;
  text: string;
}

/** What `models compare --json` prints. */
export interface ComparisonReport {
  n: number;
  a: ComparedModel;
  b: ComparedModel;
  agreement: Agreement;
  mcnemar: McNemarTest;
  /** One line, e.g. `V2 makes fewer errors than V1 (p = 0.0039)`. */
  conclusion: string;
  /** Every disagreement, in the rows' order. */
  disagreements: Disagreement[];
}

/** A model's identity and its spam probability of each row, in order. */
export interface ScoredModel {
  version: ModelVersion;
  artifactDigest: string;
  probabilities: readonly number[];
}

/** Options of {@link compareModels}. */
export interface CompareOptions {
  /** Rows per model call (default {@link COMPARE_BATCH}). */
  batchSize?: number;
  /** Called after each batch is scored by both models. */
  onProgress?: (done: number, total: number) => void;
}

/** `p = 0.0386`, `p = 3.86e-19`; a p-value that underflowed is said to be tiny, not zero. */
export function formatPValue(p: number): string {
  if (p === 0) return 'p < 1e-300';
  return `p = ${p >= 1e-4 ? p.toFixed(4) : p.toExponential(2)}`;
}

/** How the two models are named in sentences: by version, or `V1 (A)` when both are V1. */
export function sideNames(a: ModelVersion, b: ModelVersion): [string, string] {
  return a === b ? [`${a} (A)`, `${b} (B)`] : [a, b];
}

/**
 * Compares two models' spam probabilities of the same labeled rows (pure: no model calls).
 *
 * @throws BadUserInputError when there are no rows; RangeError when a model has not exactly
 *   one probability per row.
 */
export function compareScores(
  rows: readonly LabeledSms[],
  a: ScoredModel,
  b: ScoredModel,
): ComparisonReport {
  if (rows.length === 0) throw new BadUserInputError('no labeled messages to compare');
  for (const s of [a, b]) {
    if (s.probabilities.length !== rows.length) {
      throw new RangeError(`${rows.length} rows but ${s.probabilities.length} ${s.version} scores`);
    }
  }
  const actual = rows.map((r) => (r.label === 'spam' ? 1 : 0));
  const verdicts = (s: ScoredModel) => s.probabilities.map((p) => (labelOf(p) === 'spam' ? 1 : 0));
  const [va, vb] = [verdicts(a), verdicts(b)];
  const table = { bothRight: 0, onlyARight: 0, onlyBRight: 0, bothWrong: 0 };
  const disagreements: Disagreement[] = [];
  rows.forEach((r, i) => {
    const aRight = va[i] === actual[i];
    const bRight = vb[i] === actual[i];
    if (aRight && bRight) table.bothRight++;
    else if (!aRight && !bRight) table.bothWrong++;
    else {
      table[aRight ? 'onlyARight' : 'onlyBRight']++;
      disagreements.push({
        smsId: r.smsId,
        label: r.label,
        spamProbabilityA: a.probabilities[i]!,
        spamProbabilityB: b.probabilities[i]!,
        text: r.text,
      });
    }
  });
  const agree = table.bothRight + table.bothWrong;
  const mcnemar = mcnemarTest(table.onlyARight, table.onlyBRight);
  const side = (s: ScoredModel, v: number[]): ComparedModel => ({
    version: s.version,
    artifactDigest: s.artifactDigest,
    ...computeMetrics(actual, v),
  });
  return {
    n: rows.length,
    a: side(a, va),
    b: side(b, vb),
    agreement: { ...table, agree, rate: agree / rows.length },
    mcnemar,
    conclusion: conclusionOf(mcnemar, sideNames(a.version, b.version)),
    disagreements,
  };
}

/** `B makes fewer errors than A (p = …)` when significant, else says there is no difference. */
function conclusionOf(m: McNemarTest, [nameA, nameB]: [string, string]): string {
  if (!(m.pValue < SIGNIFICANCE_LEVEL)) {
    return `no significant difference at ${SIGNIFICANCE_LEVEL} (${formatPValue(m.pValue)})`;
  }
  // A's errors minus B's errors is c − b: the model right more often alone errs less.
  const [better, worse] = m.c > m.b ? [nameB, nameA] : [nameA, nameB];
  return `${better} makes fewer errors than ${worse} (${formatPValue(m.pValue)})`;
}

/** One model call: the spam probabilities of some rows, features from each text. */
async function scoreBatch(classifier: Classifier, rows: readonly LabeledSms[]) {
  const p = await classifier.predictProba(rows.map((r) => classifier.textToFeatures(r.text)));
  if (p.length !== rows.length) {
    throw new RangeError(`${classifier.version} returned ${p.length} scores for ${rows.length}`);
  }
  return p;
}

/**
 * Scores every row with both models, batch by batch, and compares them
 * ({@link compareScores}). `a` and `b` may be the same version, or the same object.
 *
 * @throws BadUserInputError when there are no rows, or a model refuses its features.
 */
export async function compareModels(
  a: Classifier,
  b: Classifier,
  rows: readonly LabeledSms[],
  options: CompareOptions = {},
): Promise<ComparisonReport> {
  if (rows.length === 0) throw new BadUserInputError('no labeled messages to compare');
  const batchSize = options.batchSize ?? COMPARE_BATCH;
  const pa: number[] = [];
  const pb: number[] = [];
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize);
    pa.push(...(await scoreBatch(a, batch)));
    pb.push(...(await scoreBatch(b, batch)));
    options.onProgress?.(pa.length, rows.length);
  }
  const scored = (c: Classifier, probabilities: number[]): ScoredModel => ({
    version: c.version,
    artifactDigest: c.artifactDigest,
    probabilities,
  });
  return compareScores(rows, scored(a, pa), scored(b, pb));
}
