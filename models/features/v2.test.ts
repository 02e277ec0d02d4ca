import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BadUserInputError, NotFoundError } from '../../platform/errors';
import { fixtures } from '../testing/fixtures';
import { fitTokenizer, V2_TOKENIZER_SETTINGS } from './tokenizer';
import {
  extractV2,
  extractV2Batch,
  FEATURES_V2_LENGTH,
  FEATURES_V2_NUM_WORDS,
  fitTokenizerFromCsv,
} from './v2';

const zeros = (n: number) => new Array<number>(n).fill(0);

describe('extractV2', () => {
  // Counts: free 3, prize 2, then winner claim your now ok see u at 7 once each (first-seen order).
  const tok = fitTokenizer([
    'WINNER!! Claim your FREE prize now',
    'free free prize',
    'ok see u at 7',
  ]);

  it('uses the v2 settings: 30 ids, vocabulary 180', () => {
    expect(FEATURES_V2_LENGTH).toBe(30);
    expect(FEATURES_V2_NUM_WORDS).toBe(V2_TOKENIZER_SETTINGS.numWords);
  });

  it('pre-pads the ids of a short text with zeros', () => {
    expect(extractV2(tok, 'Claim your free prize, winner!')).toEqual([...zeros(25), 4, 5, 1, 2, 3]);
    expect(extractV2(tok, 'nothing known here')).toEqual(zeros(30));
  });

  it('keeps the last 30 ids of a long text', () => {
    const cycle = ['free', 'prize', 'winner', 'claim', 'your', 'now', 'ok']; // ids 1..7
    const text = Array.from({ length: 35 }, (_, i) => cycle[i % 7]).join(' ');
    expect(extractV2(tok, text)).toEqual([
      6, 7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7,
    ]);
  });

  it('gives the same vectors one by one and in a batch', () => {
    const texts = ['ok see u', 'FREE prize!!!', ''];
    expect(extractV2Batch(tok, texts)).toEqual(texts.map((t) => extractV2(tok, t)));
  });
});

describe('fitTokenizerFromCsv', () => {
  let dir: string;
  let csv: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fit-csv-'));
    csv = path.join(dir, 'sms.csv');
    await fs.writeFile(csv, 'sms_id,text,label\nt1,b a,ham\nt2,"a, c",spam\nt3,c c,ham\n');
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('fits on every row in file order', async () => {
    const { tokenizer, texts } = await fitTokenizerFromCsv(csv);
    expect(texts).toBe(3);
    expect([...tokenizer.wordIndex]).toEqual([
      ['c', 1],
      ['a', 2],
      ['b', 3],
    ]);
  });

  it('keeps only the given ids', async () => {
    const { tokenizer, texts } = await fitTokenizerFromCsv(csv, { ids: new Set(['t2', 't1']) });
    expect(texts).toBe(2);
    expect([...tokenizer.wordIndex.keys()]).toEqual(['a', 'b', 'c']);
  });

  it('fits the project fixture', async () => {
    const { tokenizer, texts } = await fitTokenizerFromCsv(fixtures.goodCsv);
    expect(texts).toBe(7);
    expect(tokenizer.documentCount).toBe(7);
    // By hand: "your" ×4; "the", "to", "is" ×3 each, first seen in fx001, fx002, fx003.
    expect(tokenizer.vocab.slice(0, 4)).toEqual([
      { word: 'your', count: 4 },
      { word: 'the', count: 3 },
      { word: 'to', count: 3 },
      { word: 'is', count: 3 },
    ]);
  });

  it('rejects a bad CSV, unknown training ids and a missing file', async () => {
    await expect(fitTokenizerFromCsv(fixtures.badRowsCsv)).rejects.toThrow(BadUserInputError);
    await expect(fitTokenizerFromCsv(fixtures.badRowsCsv)).rejects.toThrow(/line 3: label/);
    await expect(fitTokenizerFromCsv(csv, { ids: new Set(['t1', 'x9']) })).rejects.toThrow(
      /1 training id\(s\) not in the CSV, e\.g\. x9/,
    );
    await expect(fitTokenizerFromCsv(csv, { ids: new Set() })).rejects.toThrow(/no text/);
    await expect(fitTokenizerFromCsv(path.join(dir, 'none.csv'))).rejects.toThrow(NotFoundError);
  });
});
