/**
 * Scores a labeled CSV with a trained model: features computed from each text by the model's
 * own extractor (as serving does), predictions in batches, metrics with spam positive.
 */
import type { Classifier } from '../classifiers/classifier';
import { labelOf, type ModelVersion } from '../versions';
import { readLabeledCsvFile } from '../dataset/labeledCsvFile';
import { computeMetrics, type Metrics } from '../classifiers/metrics';

/** What `models evaluate --json` prints. */
export interface EvaluationReport extends Metrics {
  version: ModelVersion;
}

/** Rows per model call. */
export const EVALUATION_BATCH = 1024;

/**
 * Evaluates `classifier` on every row of the labeled CSV `file`.
 *
 * @throws NotFoundError when the file does not exist; BadUserInputError when it is not a valid
 *   labeled CSV.
 */
export async function evaluateCsv(
  classifier: Classifier,
  file: string,
  batchSize = EVALUATION_BATCH,
): Promise<EvaluationReport> {
  const rows = await readLabeledCsvFile(file);
  const predicted: number[] = [];
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize).map((r) => classifier.textToFeatures(r.text));
    for (const p of await classifier.predictProba(batch)) {
      predicted.push(labelOf(p) === 'spam' ? 1 : 0);
    }
  }
  const m = computeMetrics(
    rows.map((r) => (r.label === 'spam' ? 1 : 0)),
    predicted,
  );
  // Key order is the documented output order.
  return {
    version: classifier.version,
    n: m.n,
    accuracy: m.accuracy,
    precision: m.precision,
    recall: m.recall,
    f1: m.f1,
    confusion: m.confusion,
  };
}
