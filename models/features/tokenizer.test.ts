import {
  fitTokenizer,
  KERAS_DEFAULT_FILTERS,
  textsToSequences,
  textToSequence,
  textToWordSequence,
  V2_TOKENIZER_SETTINGS,
} from './tokenizer';

// Expected values below are derived by hand from Keras' text.py rules (see tokenizer.ts).

describe('textToWordSequence (Keras text_to_word_sequence)', () => {
  it('lower-cases, turns filter characters into spaces and drops empty pieces', () => {
    expect(textToWordSequence("Don't STOP, a.b\tc\nd  e-f")).toEqual([
      "don't",
      'stop',
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
    ]);
    expect(textToWordSequence('ÀB Ünï')).toEqual(['àb', 'ünï']);
    expect(textToWordSequence(KERAS_DEFAULT_FILTERS)).toEqual([]);
    expect(KERAS_DEFAULT_FILTERS).toBe('!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n');
  });

  it('splits on the split string only, not on other whitespace', () => {
    expect(textToWordSequence('x\u00a0y z\rw v\ufeff')).toEqual(['x\u00a0y', 'z\rw', 'v\ufeff']);
  });

  it('honours lower=false and another split', () => {
    const s = { filters: '!', lower: false, split: '|' };
    expect(textToWordSequence('Ab!cD||e f', s)).toEqual(['Ab', 'cD', 'e f']);
  });
});

describe('fitTokenizer (Keras fit_on_texts)', () => {
  it('ranks by frequency, ties in first-occurrence order (not alphabetical)', () => {
    // Counts: zeta 2, alpha 2, mid 1, beta 1; first seen in that order.
    const tok = fitTokenizer(['Zeta alpha', 'alpha mid ZETA beta']);
    expect([...tok.wordIndex]).toEqual([
      ['zeta', 1],
      ['alpha', 2],
      ['mid', 3],
      ['beta', 4],
    ]);
    expect(tok.vocab.map((w) => w.count)).toEqual([2, 2, 1, 1]);
    expect(tok.documentCount).toBe(2);
    expect(tok.vocabularySize).toBe(4);
  });

  it('lets a more frequent later word overtake, and orders ties across texts', () => {
    // Insertion order b, a, c, d, e; counts b1 a2 c3 d1 e1 → c, a, b, d, e.
    const tok = fitTokenizer(['b a c', 'a c d', 'c e']);
    expect([...tok.wordIndex.keys()]).toEqual(['c', 'a', 'b', 'd', 'e']);
  });

  it('uses the v2 settings by default and refuses invalid ones', () => {
    expect(fitTokenizer([]).settings).toEqual(V2_TOKENIZER_SETTINGS);
    expect(() => fitTokenizer(['a'], { numWords: 0 })).toThrow(RangeError);
    expect(() => fitTokenizer(['a'], { split: '' })).toThrow(/split/);
  });
});

describe('textToSequence (Keras texts_to_sequences, no OOV token)', () => {
  const texts = ['Zeta alpha', 'alpha mid ZETA beta'];

  it('drops unknown words and ids ≥ numWords, keeping the word order', () => {
    const tok = fitTokenizer(texts, { numWords: 3 });
    expect(tok.wordIndex.get('beta')).toBe(4); // word_index still holds every word
    expect(textToSequence(tok, 'beta mid alpha unknown zeta, alpha!')).toEqual([2, 1, 2]);
    expect(textsToSequences(tok, ['mid', 'ZETA'])).toEqual([[], [1]]);
  });

  it('keeps every id when numWords is null', () => {
    const tok = fitTokenizer(texts, { numWords: null });
    expect(textToSequence(tok, 'beta mid alpha zeta')).toEqual([4, 3, 2, 1]);
  });

  it('with numWords 180 keeps ids 1..179 only', () => {
    // w0 appears 200 times, w1 199 times … w199 once: ids follow the index.
    const words = Array.from({ length: 200 }, (_, i) => `w${i}`);
    const tok = fitTokenizer(words.map((w, i) => `${w} `.repeat(200 - i)));
    expect(tok.wordIndex.get('w179')).toBe(180);
    expect(textToSequence(tok, 'w0 w178 w179 w199')).toEqual([1, 179]);
  });
});
