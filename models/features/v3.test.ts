import { readLabeledCsvFile } from '../dataset/labeledCsvFile';
import { fixtures } from '../testing/fixtures';
import { murmur3String } from './murmur3';
import { sparseVectorProblem, type SparseVector } from './sparseVector';
import {
  extractSparse,
  extractV3,
  FEATURES_V3_DIMENSION,
  normalizeV3,
  V3_SETTINGS,
  v3Dimension,
} from './v3';

const HASHED = 2 ** 18;
const LENGTH = HASHED; // index of `length`
const BIN_0_19 = HASHED + 1; // index of `length:0-19`

/** The hashed part of a vector (the n-grams), as index → value. */
const hashed = (v: SparseVector) =>
  new Map(v.indices.flatMap((i, k) => (i < HASHED ? [[i, v.values[k]!] as const] : [])));

const norm = (values: Iterable<number>) => Math.hypot(...values);

describe('V3_SETTINGS', () => {
  it('are the documented recipe, and fix the dimension at 2^18 + 8', () => {
    expect(V3_SETTINGS).toEqual({
      bits: 18,
      seed: 0,
      wordNgrams: [1, 2],
      charNgrams: [2, 3, 4, 5],
      foldDigits: 'chars',
      stripFormat: true,
      signedHash: false,
      blockNorm: 'separate',
      patterns: [
        'length',
        'length:0-19',
        'length:20-39',
        'length:40-79',
        'length:80-119',
        'length:120-139',
        'length:140-159',
        'length:160+',
      ],
    });
    expect(FEATURES_V3_DIMENSION).toBe(262_152);
    expect(Object.isFrozen(V3_SETTINGS)).toBe(true);
  });
});

describe('extractV3 hashing (pinned: a change here invalidates every trained V4)', () => {
  it('puts the grams of "ok" at pinned indices with pinned values', () => {
    // Word "w:ok" → 234400; characters of " ok ": "k " 25434, " ok " 67266, "ok " 78138,
    // " ok" 112965, "ok" 135558, " o" 230613 (MurmurHash3 seed 0 mod 2^18).
    const w = Math.SQRT1_2;
    const c = Math.SQRT1_2 / Math.sqrt(6);
    expect(extractV3('ok')).toEqual({
      indices: [25434, 67266, 78138, 112965, 135558, 230613, 234400, LENGTH, BIN_0_19],
      values: [c, c, c, c, c, c, w, Math.log(3) / Math.log(1001), 1],
    });
  });

  it('hashes keys as documented: MurmurHash3 of "w:" / "c:" + the gram, mod 2^18', () => {
    expect(murmur3String('w:ok') % HASHED).toBe(234400);
    expect(murmur3String('c: ok ') % HASHED).toBe(67266);
    const v = extractV3('Win £500');
    // "w:win" 206964, "w:500" 48829; digits fold to 0 in character grams only: "c:£000" 46317.
    for (const i of [206964, 48829, 46317]) expect(v.indices).toContain(i);
    expect(v.indices).not.toContain(murmur3String('c:£500') % HASHED);
  });
});

describe('extractV3 vectors', () => {
  it('gives strictly increasing indices and finite non-zero values on the fixture texts', async () => {
    const rows = await readLabeledCsvFile(fixtures.goodCsv);
    expect(rows).toHaveLength(7);
    for (const { text } of rows) {
      const v = extractV3(text);
      expect(sparseVectorProblem(v, FEATURES_V3_DIMENSION)).toBeNull();
      expect(v.values.every((x) => x !== 0)).toBe(true);
      expect(v.indices.length).toBeGreaterThan(20);
      // Each block has unit norm before its 1/√2 weight (a collision between blocks aside).
      expect(norm(hashed(v).values())).toBeCloseTo(1, 2);
      expect(extractV3(text)).toEqual(v); // deterministic
    }
  });

  it('uses sublinear tf: a gram seen twice weighs 1 + ln 2 times a gram seen once', () => {
    const v = hashed(extractSparse('la la', { ...V3_SETTINGS, charNgrams: [], patterns: [] }));
    const la = murmur3String('w:la') % HASHED;
    const laLa = murmur3String('w:la la') % HASHED;
    expect(v.get(la)! / v.get(laLa)!).toBeCloseTo(1 + Math.log(2), 12);
  });

  it('puts the length features after the hashed part', () => {
    const v = extractV3('x'.repeat(150));
    const tail = v.indices.flatMap((i, k) => (i >= HASHED ? [[i - HASHED, v.values[k]]] : []));
    expect(tail).toEqual([
      [0, Math.log(151) / Math.log(1001)],
      [6, 1], // length:140-159
    ]);
  });
});

describe('extractV3 normalization', () => {
  it('gives NFC and NFD spellings the same vector', () => {
    const composed = 'Café déjà vu — Ørestad';
    expect(composed.normalize('NFD')).not.toBe(composed);
    expect(extractV3(composed.normalize('NFD'))).toEqual(extractV3(composed));
  });

  it('ignores case and runs of whitespace in the n-grams (length still counts them)', () => {
    const a = extractV3('WIN a Prize NOW');
    const b = extractV3(' win\ta  prize\nnow ');
    expect(hashed(a)).toEqual(hashed(b));
    expect(a).not.toEqual(b);
    expect(normalizeV3(' WIN\ta  Prize\nNOW ')).toBe('win a prize now');
  });

  it('removes invisible format characters, so "fr\\u200Bee" is "free"', () => {
    expect(extractV3('fr\u200bee pr\u00adize\ufeff')).toEqual(extractV3('free prize'));
    expect(normalizeV3('  A\u200bB\tC\n')).toBe('ab c');
    const kept = { ...V3_SETTINGS, stripFormat: false };
    expect(extractSparse('fr\u200bee', kept)).not.toEqual(extractSparse('free', kept));
  });

  it('folds digits to 0 in character grams only', () => {
    const a = hashed(extractV3('call 09061234567'));
    const b = hashed(extractV3('call 08712460324'));
    const shared = [...a.keys()].filter((i) => b.has(i));
    expect(shared.length).toBe(a.size - 2); // all but the number's unigram and bigram
    for (const i of shared) expect(a.get(i)).toBe(b.get(i));
    expect(a.has(murmur3String('w:09061234567') % HASHED)).toBe(true);
    expect(b.has(murmur3String('w:09061234567') % HASHED)).toBe(false);
  });

  it('hashes a lone surrogate as U+FFFD (storage rejects such texts before this)', () => {
    expect(extractV3('\ud800 win')).toEqual(extractV3('\ufffd win'));
    expect(extractV3('win \udc00')).toEqual(extractV3('win \ufffd'));
  });

  it('gives a blank text only its length bin', () => {
    expect(extractV3('')).toEqual({ indices: [BIN_0_19], values: [1] });
    expect(extractV3('\u200b')).toEqual(extractV3(''));
    expect(extractV3('   ').indices).toEqual([LENGTH, BIN_0_19]);
  });
});

describe('extractSparse settings', () => {
  it('sizes the vector by bits and patterns', () => {
    const small = { ...V3_SETTINGS, bits: 4, patterns: [] };
    expect(v3Dimension(small)).toBe(16);
    const v = extractSparse('Win a free prize now', small);
    expect(sparseVectorProblem(v, 16)).toBeNull();
    expect(v3Dimension()).toBe(FEATURES_V3_DIMENSION);
  });

  it('signs counts by the hash’s top bit when signedHash is set', () => {
    const plain = extractSparse('ok', { ...V3_SETTINGS, patterns: [] });
    const signed = extractSparse('ok', { ...V3_SETTINGS, patterns: [], signedHash: true });
    expect(signed.indices).toEqual(plain.indices);
    expect(signed.values.map(Math.abs)).toEqual(plain.values);
    expect(signed.values.some((x) => x < 0)).toBe(true);
  });

  it('normalizes both blocks together when blockNorm is joint', () => {
    const v = extractSparse('ok', { ...V3_SETTINGS, blockNorm: 'joint', patterns: [] });
    expect(v.values).toEqual(Array(7).fill(1 / Math.sqrt(7)));
  });
});
