import { fixtures } from '../testing/fixtures';
import type { Classifier } from '../classifiers/classifier';
import type { LabeledSms } from '../dataset/labeledCsv';
import { readLabeledCsvFile } from '../dataset/labeledCsvFile';
import type { ModelVersion } from '../versions';
import { compareModels, compareScores, formatPValue, type ScoredModel } from './compare';

/**
 * 35 rows by (label, A's probability, B's probability), grouped by who gets them right.
 * A: tp 8+4, fn 1+2, tn 12+6, fp 1+1. B: tp 8+1, fn 4+2, tn 12+1, fp 6+1.
 */
const GROUPS: [count: number, label: 'spam' | 'ham', pA: number, pB: number][] = [
  [8, 'spam', 0.9, 0.8], // both right
  [12, 'ham', 0.1, 0.2],
  [4, 'spam', 0.7, 0.3], // only A right
  [6, 'ham', 0.4, 0.6],
  [1, 'spam', 0.5, 0.51], // only B right: 0.5 is not above the threshold, so ham
  [1, 'ham', 0.55, 0.5],
  [2, 'spam', 0.2, 0.1], // both wrong
  [1, 'ham', 0.9, 0.95],
];

function synthetic() {
  const rows: LabeledSms[] = [];
  const pA: number[] = [];
  const pB: number[] = [];
  for (const [count, label, a, b] of GROUPS) {
    for (let i = 0; i < count; i++) {
      rows.push({ smsId: `s${rows.length}`, text: `text ${rows.length}`, label });
      pA.push(a);
      pB.push(b);
    }
  }
  return { rows, pA, pB };
}

const scored = (version: ModelVersion, probabilities: number[]): ScoredModel => ({
  version,
  artifactDigest: version.toLowerCase().repeat(32),
  probabilities,
});

describe('compareScores', () => {
  it('gives each model its metrics, the agreement table, McNemar and the disagreements', () => {
    const { rows, pA, pB } = synthetic();
    const r = compareScores(rows, scored('V1', pA), scored('V3', pB));
    expect(r.n).toBe(35);
    expect(r.a).toEqual({
      version: 'V1',
      artifactDigest: 'v1'.repeat(32),
      n: 35,
      accuracy: 30 / 35,
      precision: 12 / 14,
      recall: 12 / 15,
      f1: 24 / 29,
      confusion: { tp: 12, fp: 2, tn: 18, fn: 3 },
    });
    expect(r.b).toEqual({
      version: 'V3',
      artifactDigest: 'v3'.repeat(32),
      n: 35,
      accuracy: 22 / 35,
      precision: 9 / 16,
      recall: 9 / 15,
      f1: 18 / 31,
      confusion: { tp: 9, fp: 7, tn: 13, fn: 6 },
    });
    expect(r.agreement).toEqual({
      bothRight: 20,
      onlyARight: 10,
      onlyBRight: 2,
      bothWrong: 3,
      agree: 23,
      rate: 23 / 35,
    });
    expect(r.mcnemar).toMatchObject({ b: 10, c: 2, chiSquare: 49 / 12 });
    expect(r.mcnemar.pValue).toBeCloseTo(0.03857421875, 12);
    expect(r.conclusion).toBe('V1 makes fewer errors than V3 (p = 0.0386)');
    // Rows 20–31, in order, with both probabilities and the whole text.
    expect(r.disagreements.map((d) => d.smsId)).toEqual(
      Array.from({ length: 12 }, (_, i) => `s${20 + i}`),
    );
    expect(r.disagreements[10]).toEqual({
      smsId: 's30',
      label: 'spam',
      spamProbabilityA: 0.5,
      spamProbabilityB: 0.51,
      text: 'text 30',
    });
  });

  it('names the better model whichever side it is on, and both sides of one version', () => {
    const { rows, pA, pB } = synthetic();
    const swapped = compareScores(rows, scored('V3', pB), scored('V1', pA));
    expect(swapped.mcnemar).toMatchObject({ b: 2, c: 10 });
    expect(swapped.conclusion).toBe('V1 makes fewer errors than V3 (p = 0.0386)');
    expect(compareScores(rows, scored('V2', pB), scored('V2', pA)).conclusion).toBe(
      'V2 (B) makes fewer errors than V2 (A) (p = 0.0386)',
    );
  });

  it('a model against itself agrees everywhere: p = 1, nothing to show', () => {
    const { rows, pA } = synthetic();
    const r = compareScores(rows, scored('V1', pA), scored('V1', pA));
    expect(r.agreement).toEqual({
      bothRight: 30,
      onlyARight: 0,
      onlyBRight: 0,
      bothWrong: 5,
      agree: 35,
      rate: 1,
    });
    expect(r.mcnemar).toMatchObject({ b: 0, c: 0, exactP: 1, chiSquareP: 1, pValue: 1 });
    expect(r.conclusion).toBe('no significant difference at 0.05 (p = 1.0000)');
    expect(r.disagreements).toEqual([]);
  });

  it('refuses no rows and scores that do not match the rows', () => {
    expect(() => compareScores([], scored('V1', []), scored('V2', []))).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    const { rows, pA } = synthetic();
    expect(() => compareScores(rows, scored('V1', pA), scored('V2', pA.slice(1)))).toThrow(
      '35 rows but 34 V2 scores',
    );
  });
});

/** A fake model: the probability is `score(text)`; each batch's size is recorded. */
function fakeClassifier(
  version: ModelVersion,
  score: (text: string) => number,
  calls: string[],
): Classifier {
  return {
    version,
    featureService: 'labeled_sms_1',
    featureNames: ['score'],
    featureLength: 1,
    artifactDigest: version.toLowerCase().repeat(32),
    runtime: 'test',
    metadata: {} as Classifier['metadata'],
    textToFeatures: (text) => [score(text)],
    validate: () => undefined,
    predictProba: (batch) => {
      calls.push(`${version}:${batch.length}`);
      return Promise.resolve(batch.map((row) => row[0]!));
    },
  };
}

describe('compareModels', () => {
  it('scores each batch with both models from the texts, with progress', async () => {
    // Fixture: spam fx002, fx004, fx007; only fx002 and fx007 have a "!", all three a "your".
    const rows = await readLabeledCsvFile(fixtures.goodCsv);
    const calls: string[] = [];
    const progress: [number, number][] = [];
    const bang = fakeClassifier('V1', (t) => (t.includes('!') ? 0.9 : 0.1), calls);
    const your = fakeClassifier('V2', (t) => (/\byour\b/i.test(t) ? 0.8 : 0.3), calls);
    const r = await compareModels(bang, your, rows, {
      batchSize: 3,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(calls).toEqual(['V1:3', 'V2:3', 'V1:3', 'V2:3', 'V1:1', 'V2:1']);
    expect(progress).toEqual([
      [3, 7],
      [6, 7],
      [7, 7],
    ]);
    expect(r.a.confusion).toEqual({ tp: 2, fp: 0, tn: 4, fn: 1 });
    expect(r.b.confusion).toEqual({ tp: 3, fp: 0, tn: 4, fn: 0 });
    expect(r.disagreements).toEqual([
      {
        smsId: 'fx004',
        label: 'spam',
        spamProbabilityA: 0.1,
        spamProbabilityB: 0.8,
        text: 'Your account is locked. Reply with your PIN to unlock, or lose £500 in credit',
      },
    ]);
    expect(r.conclusion).toBe('no significant difference at 0.05 (p = 1.0000)');
  });

  it('takes the same model on both sides, and refuses no rows', async () => {
    const rows = await readLabeledCsvFile(fixtures.goodCsv);
    const calls: string[] = [];
    const one = fakeClassifier('V1', (t) => (t.includes('!') ? 0.9 : 0.1), calls);
    const r = await compareModels(one, one, rows);
    expect(calls).toEqual(['V1:7', 'V1:7']);
    expect(r.agreement.rate).toBe(1);
    await expect(compareModels(one, one, [])).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'no labeled messages to compare',
    });
  });
});

describe('formatPValue', () => {
  it('prints four decimals, then exponents, and never p = 0', () => {
    expect(formatPValue(1)).toBe('p = 1.0000');
    expect(formatPValue(0.03857421875)).toBe('p = 0.0386');
    expect(formatPValue(3.8574699510318216e-19)).toBe('p = 3.86e-19');
    expect(formatPValue(0)).toBe('p < 1e-300');
  });
});
