/** `spamgraph features fit-tokenizer` on the project's fixture CSV. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixtures } from '../../models/testing/fixtures';
import { loadTokenizer, tokenizerDigest } from '../../models';
import { runCliWithEnv } from '../testing/cli';

interface TokenizerFile {
  format: string;
  settings: { numWords: number; maxlen: number; lower: boolean };
  documentCount: number;
  vocabularySize: number;
  wordIndex: [string, number, number][];
  digest: string;
}

describe('spamgraph features fit-tokenizer', () => {
  let dir: string;
  let out: string;
  const run = (...argv: string[]) =>
    runCliWithEnv(['features', 'fit-tokenizer', ...argv], { DATA_DIR: path.join(dir, 'data') });
  const line = (texts: number, words: number, sha: string) =>
    `features: tokenizer fitted on ${texts} texts (${words} distinct words; ids 1–179 kept) → ` +
    `${path.relative(process.cwd(), out)} (sha256 ${sha})`;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-features-'));
    out = path.join(dir, 'tok', 'tokenizer.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fits on every text of the CSV and writes a verifiable tokenizer file', async () => {
    const r = await run('--data', fixtures.goodCsv, '--out', out);
    const file = JSON.parse(fs.readFileSync(out, 'utf8')) as TokenizerFile;
    expect(r).toEqual({ code: 0, out: [line(7, 69, file.digest.slice(0, 12))], err: [] });
    expect(file).toMatchObject({
      format: 'spamgraph.keras-tokenizer',
      settings: { numWords: 180, maxlen: 30, lower: true },
      documentCount: 7,
      vocabularySize: 69,
    });
    expect(file.digest).toMatch(/^[0-9a-f]{64}$/);
    // Most frequent first; ids in order; words lower-cased, punctuation dropped.
    expect(file.wordIndex.slice(0, 4)).toEqual([
      ['your', 1, 4],
      ['the', 2, 3],
      ['to', 3, 3],
      ['is', 4, 3],
    ]);
    expect(file.wordIndex).toHaveLength(69);
    expect(file.wordIndex.map(([, id]) => id)).toEqual(Array.from({ length: 69 }, (_, i) => i + 1));
    expect(file.wordIndex.map(([w]) => w)).toEqual(
      expect.arrayContaining(['winner', 'ørestad', '🚆', '£500']),
    );
    const loaded = await loadTokenizer(out);
    expect(tokenizerDigest(loaded)).toBe(file.digest);
  });

  it('fits only on the ids of --ids', async () => {
    const ids = path.join(dir, 'train-ids.txt');
    fs.writeFileSync(ids, 'fx001\n\n  fx002  \n');
    const r = await run('--data', fixtures.goodCsv, '--ids', ids, '--out', out);
    const file = JSON.parse(fs.readFileSync(out, 'utf8')) as TokenizerFile;
    expect(r.code).toBe(0);
    expect(r.out).toEqual([line(2, 24, file.digest.slice(0, 12))]);
    expect(file.documentCount).toBe(2);
    expect(file.wordIndex[0]).toEqual(['for', 1, 2]); // the only word both texts share
    expect(file.wordIndex.map(([w]) => w)).not.toContain('mum'); // fx003 is not in the list
  });

  it('reads the imported dataset by default', async () => {
    expect(
      (
        await runCliWithEnv(['data', 'import', '--from', fixtures.goodCsv], {
          DATA_DIR: path.join(dir, 'data'),
        })
      ).code,
    ).toBe(0);
    const r = await run('--out', out);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^features: tokenizer fitted on 7 texts \(69 distinct words;/);
  });

  it.each([
    [
      'a CSV with bad rows',
      () => ['--data', fixtures.badRowsCsv],
      () =>
        `spamgraph: BAD_USER_INPUT: ${fixtures.badRowsCsv}: line 3: label must be "spam" or "ham", got "spammy"; line 4: text is empty; line 5: sms_id "fx101" repeats line 2; line 6: sms_id is empty; line 7: expected 3 columns (sms_id,text,label), found 4`,
    ],
    [
      'a missing CSV',
      () => ['--data', path.join(dir, 'nope.csv')],
      () =>
        `spamgraph: NOT_FOUND: no dataset at ${path.join(dir, 'nope.csv')}: run \`npx spamgraph data import --from <csv>\` first`,
    ],
    [
      'no imported dataset',
      () => [],
      () =>
        `spamgraph: NOT_FOUND: no dataset at ${path.join(dir, 'data', 'imported', 'sms.csv')}: run \`npx spamgraph data import --from <csv>\` first`,
    ],
    [
      'a missing --ids file',
      () => ['--data', fixtures.goodCsv, '--ids', path.join(dir, 'ids.txt')],
      () => `spamgraph: NOT_FOUND: no such file: ${path.join(dir, 'ids.txt')}`,
    ],
  ])('fails on %s: exit 1, one readable line, nothing written', async (_, argv, message) => {
    const r = await run(...argv(), '--out', out);
    expect(r).toEqual({ code: 1, out: [], err: [message()] });
    expect(fs.existsSync(out)).toBe(false);
  });

  it('fails when an --ids id is not in the CSV', async () => {
    const ids = path.join(dir, 'ids.txt');
    fs.writeFileSync(ids, 'fx001\nfx999\n');
    const r = await run('--data', fixtures.goodCsv, '--ids', ids, '--out', out);
    expect(r).toEqual({
      code: 1,
      out: [],
      err: [
        `spamgraph: BAD_USER_INPUT: ${fixtures.goodCsv}: 1 training id(s) not in the CSV, e.g. fx999`,
      ],
    });
    expect(fs.existsSync(out)).toBe(false);
  });
});
