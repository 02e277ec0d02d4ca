/**
 * Binary classification metrics with spam as the positive class: what every artifact's
 * metadata records, what training and evaluation compute. It sits with the classifiers, below
 * training, so serving can read metadata without loading training code.
 *
 * @remarks Conventions match scikit-learn with `zero_division=0`: precision is 0 when nothing
 * was predicted spam, recall is 0 when nothing is spam, F1 is 0 when both are 0.
 */

/** Counts of the confusion matrix, spam positive. */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Quality of predictions against labels. */
export interface Metrics {
  n: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  confusion: Confusion;
}

/**
 * The confusion matrix of predictions against labels (both 1 = spam, 0 = ham).
 *
 * @throws RangeError when the lengths differ or a value is not 0 or 1.
 */
export function confusionOf(actual: readonly number[], predicted: readonly number[]): Confusion {
  if (actual.length !== predicted.length) {
    throw new RangeError(`${actual.length} labels but ${predicted.length} predictions`);
  }
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  actual.forEach((a, i) => {
    const p = predicted[i];
    if ((a !== 0 && a !== 1) || (p !== 0 && p !== 1)) {
      throw new RangeError(`row ${i}: labels and predictions must be 0 or 1`);
    }
    if (p === 1) c[a === 1 ? 'tp' : 'fp']++;
    else c[a === 1 ? 'fn' : 'tn']++;
  });
  return c;
}

const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);

/**
 * Accuracy, precision, recall and F1 (spam positive) from a confusion matrix.
 *
 * @throws RangeError when the matrix is empty (no metric is defined on zero rows).
 */
export function metricsFromConfusion(c: Confusion): Metrics {
  const n = c.tp + c.fp + c.tn + c.fn;
  if (n === 0) throw new RangeError('no predictions to measure');
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  return {
    n,
    accuracy: (c.tp + c.tn) / n,
    precision,
    recall,
    // 2tp / (2tp + fp + fn) equals 2PR / (P + R) and is exact in fewer operations.
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    confusion: { ...c },
  };
}

/** {@link metricsFromConfusion} of {@link confusionOf}. */
export function computeMetrics(actual: readonly number[], predicted: readonly number[]): Metrics {
  return metricsFromConfusion(confusionOf(actual, predicted));
}

const r4 = (x: number) => x.toFixed(4);

/** One line of metrics, e.g. `accuracy 0.8486, precision 0.8189, recall 0.4842, F1 0.6086`. */
export const formatMetrics = (m: Metrics): string =>
  `accuracy ${r4(m.accuracy)}, precision ${r4(m.precision)}, recall ${r4(m.recall)}, F1 ${r4(m.f1)}`;
