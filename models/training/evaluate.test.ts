import { fixtures } from '../testing/fixtures';
import type { Classifier } from '../classifiers/classifier';
import { evaluateCsv } from './evaluate';

/** Calls a text spam when it has a "!" (batches recorded). */
function exclaimClassifier(batches: number[]): Classifier {
  return {
    version: 'V1',
    featureService: 'labeled_sms_1',
    featureNames: ['bang'],
    featureLength: 1,
    artifactDigest: '0'.repeat(64),
    runtime: 'test',
    metadata: {} as Classifier['metadata'],
    textToFeatures: (text) => [text.includes('!') ? 0.9 : 0.1],
    validate: () => undefined,
    predictProba: (batch) => {
      batches.push(batch.length);
      return Promise.resolve(batch.map((row) => row[0]!));
    },
  };
}

describe('evaluateCsv', () => {
  it('scores every row of the CSV from its text, batch by batch', async () => {
    // Fixture: spam fx002 (has "!"), fx004 (none), fx007 (has "!"); 4 ham without "!".
    const batches: number[] = [];
    expect(await evaluateCsv(exclaimClassifier(batches), fixtures.goodCsv, 3)).toEqual({
      version: 'V1',
      n: 7,
      accuracy: 6 / 7,
      precision: 1,
      recall: 2 / 3,
      f1: 0.8,
      confusion: { tp: 2, fp: 0, tn: 4, fn: 1 },
    });
    expect(batches).toEqual([3, 3, 1]);
  });

  it('keeps the documented key order', async () => {
    const r = await evaluateCsv(exclaimClassifier([]), fixtures.goodCsv);
    expect(Object.keys(r)).toEqual([
      'version',
      'n',
      'accuracy',
      'precision',
      'recall',
      'f1',
      'confusion',
    ]);
  });

  it('refuses a missing file and an invalid CSV with one clear error', async () => {
    const c = exclaimClassifier([]);
    await expect(evaluateCsv(c, '/no/such.csv')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'no such file: /no/such.csv',
    });
    await expect(evaluateCsv(c, fixtures.badHeaderCsv)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/sms-bad-header\.csv: line 1: header must be/) as string,
    });
    await expect(evaluateCsv(c, fixtures.badRowsCsv)).rejects.toThrow(/line 3: .*; line 4: /);
  });
});
