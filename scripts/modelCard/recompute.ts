/**
 * A version's test-split probabilities, recomputed the way training evaluated it: the rows of
 * the record's feature service as of its time freeze from the feature store
 * (`loadLabeledVectors`), the stratified split of the record's test fraction and seed, and the
 * committed artifact's `predictProba`. The recomputed confusion matrix must equal the record's:
 * that proves the rows, the split and the model are the ones the record measured.
 */
import type { FeatureValue } from '../../feature-store';
import {
  confusionOf,
  labelOf,
  loadTraining,
  type Classifier,
  type Confusion,
  type HistoricalSource,
  type ModelMetadata,
} from '../../models';

/** Rows per `predictProba` call. */
const BATCH = 256;

/** The test split's labels and the artifact's spam probabilities for them. */
export interface TestSplitScores {
  y: number[];
  p: number[];
  confusion: Confusion;
}

/** The recomputation does not reproduce the record: another dataset, store, split or model. */
export class RecordMismatchError extends Error {
  override name = 'RecordMismatchError';
}

/**
 * A `toVector` for the classifier's feature names: scalars and lists concatenated in order (a
 * list feature's ids for V2/V3, a sparse vector's indices then values for V4), null when one
 * is missing.
 */
export function vectorOf(
  names: readonly string[],
): (values: Readonly<Record<string, FeatureValue>>) => number[] | null {
  return (values) => {
    const out: number[] = [];
    for (const name of names) {
      const v = values[name] ?? null;
      if (v === null) return null;
      if (typeof v === 'number') out.push(v);
      else if (Array.isArray(v) && v.every((x) => typeof x === 'number')) out.push(...v);
      else throw new RecordMismatchError(`feature ${name} is neither a number nor a number list`);
    }
    return out;
  };
}

const confusionText = (c: Confusion) => `tp ${c.tp}, fp ${c.fp}, tn ${c.tn}, fn ${c.fn}`;

/** Throws when what the store gave differs from the record's data window. */
function checkDataWindow(
  m: ModelMetadata,
  got: { entityRows: number; dropped: number; y: number[] },
): void {
  const spam = got.y.filter((v) => v === 1).length;
  const seen = { entityRows: got.entityRows, dropped: got.dropped, spam, ham: got.y.length - spam };
  const want = {
    entityRows: m.data.entityRows,
    dropped: m.data.dropped,
    spam: m.data.spam,
    ham: m.data.ham,
  };
  if (JSON.stringify(seen) !== JSON.stringify(want)) {
    throw new RecordMismatchError(
      `${m.version}: the store gives ${JSON.stringify(seen)} as of ${m.data.timeFreeze}, the record ${JSON.stringify(want)}`,
    );
  }
}

async function probabilities(classifier: Classifier, X: readonly number[][]): Promise<number[]> {
  classifier.validate(X);
  const p: number[] = [];
  for (let i = 0; i < X.length; i += BATCH) {
    p.push(...(await classifier.predictProba(X.slice(i, i + BATCH))));
  }
  return p;
}

/**
 * The test split of `classifier`'s training record, scored with it.
 *
 * @param ids - the sms ids training was given (the imported dataset, in its order)
 * @throws RecordMismatchError when the rows, the split or the confusion matrix differ from the
 *   record's.
 */
export async function testSplitScores(
  classifier: Classifier,
  store: HistoricalSource,
  ids: readonly string[],
): Promise<TestSplitScores> {
  const m = classifier.metadata;
  const training = loadTraining();
  const data = await training.loadLabeledVectors(store, {
    featureService: m.data.featureService,
    ids,
    at: new Date(m.data.timeFreeze),
    toVector: vectorOf(classifier.featureNames),
  });
  checkDataWindow(m, data);
  const split = training.stratifiedSplit(data.y, m.split.testFraction, m.seed);
  if (split.test.length !== m.split.nTest) {
    throw new RecordMismatchError(
      `${m.version}: the split gives ${split.test.length} test rows, the record ${m.split.nTest}`,
    );
  }
  const y = split.test.map((i) => data.y[i]!);
  const p = await probabilities(
    classifier,
    split.test.map((i) => data.X[i]!),
  );
  const confusion = confusionOf(
    y,
    p.map((v) => (labelOf(v) === 'spam' ? 1 : 0)),
  );
  if (confusionText(confusion) !== confusionText(m.metrics.confusion)) {
    throw new RecordMismatchError(
      `${m.version}: recomputed test confusion (${confusionText(confusion)}) differs from the record's (${confusionText(m.metrics.confusion)}): not the split or the model the record measured`,
    );
  }
  return { y, p, confusion };
}
