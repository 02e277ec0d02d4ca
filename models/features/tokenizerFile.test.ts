import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../platform/config';
import { BadUserInputError, NotFoundError } from '../../platform/errors';
import { fitTokenizer, textsToSequences } from './tokenizer';
import {
  DEFAULT_TOKENIZER_PATH,
  loadTokenizer,
  saveTokenizer,
  tokenizerDigest,
  tokenizerFromJSON,
  tokenizerToJSON,
} from './tokenizerFile';

const TEXTS = [
  'WINNER!! Claim your FREE prize now',
  'free free prize, call 7 7 7',
  'ok see u at 7',
  'constructor toString hasOwnProperty',
];
const PROBES = ['Claim your free prize, winner!', 'see u at 7 ok?', 'toString constructor', ''];

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tokenizer-file-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('tokenizer JSON', () => {
  it('round-trips to identical sequences, digest and settings', () => {
    const tok = fitTokenizer(TEXTS, { numWords: 180, maxlen: 30 });
    const back = tokenizerFromJSON(JSON.stringify(tokenizerToJSON(tok)));
    expect(textsToSequences(back, PROBES)).toEqual(textsToSequences(tok, PROBES));
    expect(tokenizerDigest(back)).toBe(tokenizerDigest(tok));
    expect(back.settings).toEqual(tok.settings);
    expect([...back.wordIndex]).toEqual([...tok.wordIndex]);
    expect(back.vocabularySize).toBe(tok.vocabularySize);
    expect(back.documentCount).toBe(4);
  });

  it('keeps only ids < numWords, which changes no sequence', () => {
    const tok = fitTokenizer(TEXTS, { numWords: 4 });
    const json = tokenizerToJSON(tok);
    // 7 (×4), free (×3), prize (×2) are ids 1..3; every other word is dropped from the file.
    expect(json.wordIndex).toEqual([
      ['7', 1, 4],
      ['free', 2, 3],
      ['prize', 3, 2],
    ]);
    expect(json.vocabularySize).toBe(tok.vocabularySize);
    const back = tokenizerFromJSON(json);
    expect(textsToSequences(back, PROBES)).toEqual(textsToSequences(tok, PROBES));
    expect(tokenizerDigest(back)).toBe(tokenizerDigest(tok));
  });

  it('changes the digest when a word_index entry or a setting changes', () => {
    const a = fitTokenizer(['a b c']);
    expect(tokenizerDigest(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenizerDigest(fitTokenizer(['a b d']))).not.toBe(tokenizerDigest(a));
    expect(tokenizerDigest(fitTokenizer(['b a c']))).not.toBe(tokenizerDigest(a));
    expect(tokenizerDigest(fitTokenizer(['a b c'], { maxlen: 29 }))).not.toBe(tokenizerDigest(a));
    expect(tokenizerDigest(fitTokenizer(['a b c']))).toBe(tokenizerDigest(a));
  });

  it('rejects an edited entry (digest mismatch) and inconsistent contents', () => {
    const json = tokenizerToJSON(fitTokenizer(TEXTS));
    const edited = structuredClone(json);
    edited.wordIndex[0]![0] = 'eight';
    expect(() => tokenizerFromJSON(edited)).toThrow(/digest mismatch/);
    const gap = structuredClone(json);
    gap.wordIndex[1]![1] = 5;
    expect(() => tokenizerFromJSON(gap)).toThrow(/has id 5, expected 2/);
    const rising = structuredClone(json);
    rising.wordIndex[1]![2] = 99;
    expect(() => tokenizerFromJSON(rising)).toThrow(/counts must not increase/);
    expect(() => tokenizerFromJSON({ ...json, format: 'x' })).toThrow(BadUserInputError);
    expect(() => tokenizerFromJSON({ ...json, settings: { ...json.settings, maxlen: 0 } })).toThrow(
      /settings\.maxlen/,
    );
    expect(() => tokenizerFromJSON('{"format":')).toThrow(/not JSON/);
    expect(() => tokenizerFromJSON(null)).toThrow(BadUserInputError);
  });
});

describe('saveTokenizer / loadTokenizer', () => {
  it('writes atomically, overwrites, leaves no temp file and loads back', async () => {
    const file = path.join(dir, 'nested', 'tok.json');
    await saveTokenizer(file, fitTokenizer(['old words']));
    const tok = fitTokenizer(TEXTS);
    await saveTokenizer(file, tok);
    expect(await fs.readdir(path.dirname(file))).toEqual(['tok.json']);
    const back = await loadTokenizer(file);
    expect(tokenizerDigest(back)).toBe(tokenizerDigest(tok));
    expect(textsToSequences(back, PROBES)).toEqual(textsToSequences(tok, PROBES));
  });

  it('writes one [word, id, count] per line and round-trips odd words and an empty index', async () => {
    const file = path.join(dir, 'layout.json');
    await saveTokenizer(file, fitTokenizer(TEXTS, { numWords: 4 }));
    const text = await fs.readFile(file, 'utf8');
    expect(text).toContain('"wordIndex": [\n    ["7", 1, 4],\n    ["free", 2, 3],\n');
    for (const tok of [fitTokenizer(['$& $1 "q" x'], { filters: '' }), fitTokenizer([])]) {
      await saveTokenizer(file, tok);
      expect(tokenizerDigest(await loadTokenizer(file))).toBe(tokenizerDigest(tok));
    }
    expect(await fs.readFile(file, 'utf8')).toContain('"wordIndex": [],');
  });

  it('rejects a corrupt or truncated file with a clear error naming it', async () => {
    const file = path.join(dir, 'corrupt.json');
    await saveTokenizer(file, fitTokenizer(TEXTS));
    const good = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, good.slice(0, good.length / 2));
    await expect(loadTokenizer(file)).rejects.toThrow(BadUserInputError);
    await expect(loadTokenizer(file)).rejects.toThrow(`${file}: invalid tokenizer file: not JSON`);
    await fs.writeFile(file, good.replace('"free"', '"freee"'));
    await expect(loadTokenizer(file)).rejects.toThrow(/digest mismatch/);
  });

  it('reports a missing file as not found', async () => {
    await expect(loadTokenizer(path.join(dir, 'nope.json'))).rejects.toThrow(NotFoundError);
  });

  it('defaults to models/artifacts/tokenizer-v2.json', () => {
    expect(DEFAULT_TOKENIZER_PATH).toBe(
      path.join(REPO_ROOT, 'models', 'artifacts', 'tokenizer-v2.json'),
    );
  });
});
