import type { FeatureValue, HistoricalResult } from '../../feature-store';
import type { Classifier, HistoricalSource, ModelMetadata } from '../../models';
import { RecordMismatchError, testSplitScores, vectorOf } from './recompute';

describe('vectorOf', () => {
  it('concatenates scalars and lists in name order, null when one is missing', () => {
    const toVector = vectorOf(['indices', 'values']);
    expect(toVector({ indices: [3, 7], values: [0.5, 0.25] })).toEqual([3, 7, 0.5, 0.25]);
    expect(vectorOf(['a', 'b'])({ a: 1, b: 0 })).toEqual([1, 0]);
    expect(toVector({ indices: [3], values: null })).toBeNull();
    expect(() => vectorOf(['a'])({ a: 'text' })).toThrow(RecordMismatchError);
  });
});

describe('testSplitScores', () => {
  // 8 rows, 4 spam: a 25 % stratified split tests 1 spam and 1 ham row.
  const labels = [1, 0, 0, 1, 0, 1, 0, 1];
  const ids = labels.map((_, i) => `sms${i}`);
  const store: HistoricalSource = {
    getHistoricalFeatures: async (sel): Promise<HistoricalResult> => ({
      featureColumns: ['x', 'label'],
      rows: sel.entityRows.map((r, i) => ({
        entityKey: r.entityKey,
        eventTimestamp: r.eventTimestamp,
        values: { x: labels[i]! * 0.8 + 0.1, label: labels[i]! } as Record<string, FeatureValue>,
      })),
    }),
  };
  const record = (confusion: { tp: number; fp: number; tn: number; fn: number }) =>
    ({
      version: 'V1',
      seed: 42,
      data: {
        featureService: 'labeled_sms_1',
        timeFreeze: '2019-05-05T00:00:00.000Z',
        entityRows: 8,
        dropped: 0,
        spam: 4,
        ham: 4,
      },
      split: { testFraction: 0.25, nTest: 2 },
      metrics: { confusion },
    }) as ModelMetadata;
  const classifier = (metadata: ModelMetadata) =>
    ({
      metadata,
      featureNames: ['x'],
      validate: () => undefined,
      predictProba: async (batch: readonly (readonly number[])[]) => batch.map((r) => r[0]!),
    }) as unknown as Classifier;

  it('scores the record’s test split and reproduces its confusion matrix', async () => {
    const m = record({ tp: 1, fp: 0, tn: 1, fn: 0 });
    const r = await testSplitScores(classifier(m), store, ids);
    expect([...r.y].sort()).toEqual([0, 1]);
    expect(r.p.map((p, i) => (r.y[i] === 1 ? p : 1 - p))).toEqual([0.9, 0.9]);
    expect(r.confusion).toEqual({ tp: 1, fp: 0, tn: 1, fn: 0 });
  });

  it('fails loudly when the confusion matrix differs from the record’s', async () => {
    const m = record({ tp: 0, fp: 1, tn: 0, fn: 1 });
    await expect(testSplitScores(classifier(m), store, ids)).rejects.toThrow(
      /V1: recomputed test confusion \(tp 1, fp 0, tn 1, fn 0\) differs from the record's \(tp 0, fp 1, tn 0, fn 1\)/,
    );
  });

  it('fails loudly when the store gives other rows than the record’s', async () => {
    const m = record({ tp: 1, fp: 0, tn: 1, fn: 0 });
    await expect(testSplitScores(classifier(m), store, ids.slice(0, 6))).rejects.toThrow(
      RecordMismatchError,
    );
  });
});
