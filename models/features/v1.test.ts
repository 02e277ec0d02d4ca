import { cueTokens, extractV1, FEATURES_V1_NAMES, V1_CUE_WORDS } from './v1';

/** Asserts the two ratios to 10 digits and the 7 flags exactly. */
function expectV1(text: string, capR: number, nalR: number, flags: number[]): void {
  const v = extractV1(text);
  expect(v).toHaveLength(9);
  expect(v[0]).toBeCloseTo(capR, 10);
  expect(v[1]).toBeCloseTo(nalR, 10);
  expect(v.slice(2)).toEqual(flags);
}

describe('FEATURES_V1_NAMES', () => {
  it('lists the 9 features in vector order', () => {
    expect(FEATURES_V1_NAMES).toEqual([
      'cap_r',
      'nal_r',
      'free',
      'money',
      'prize',
      'win',
      'won',
      'winner',
      'cash',
    ]);
    expect(FEATURES_V1_NAMES.slice(2)).toEqual(V1_CUE_WORDS);
  });
});

describe('extractV1 ratios', () => {
  it('counts upper-case and non-alphabetic characters over the letters', () => {
    // Letters 6+5+4+4+5+3 = 27, upper W,I,N,N,E,R,C,F,R,E,E = 11, non-alphabetic "!!" = 2.
    expectV1('WINNER!! Claim your FREE prize now', 11 / 27, 2 / 27, [1, 0, 1, 0, 0, 1, 0]);
    // Letters o,k,s,e,e,u,a,t = 8, non-alphabetic "7" = 1.
    expectV1('ok see u at 7', 0, 1 / 8, [0, 0, 0, 0, 0, 0, 0]);
  });

  it('treats every Unicode letter as a letter and \\p{Lu} as upper-case', () => {
    // Letters Ünïcödé(7) ÀB(2) cd(2) = 11; upper Ü, À, B = 3; non-alphabetic 1,2,3 = 3.
    expectV1('Ünïcödé ÀB cd 123', 3 / 11, 3 / 11, [0, 0, 0, 0, 0, 0, 0]);
    expectV1('ΑΒΓ δε', 3 / 5, 0, [0, 0, 0, 0, 0, 0, 0]); // Greek
    expectV1('你好 ok', 0, 0, [0, 0, 0, 0, 0, 0, 0]); // CJK letters are \p{Lo}: letters, not upper
    expectV1('ǅa', 0, 0, [0, 0, 0, 0, 0, 0, 0]); // title-case U+01C5 is \p{Lt}, not upper-case
    expectV1('a ٣', 0, 1, [0, 0, 0, 0, 0, 0, 0]); // an Arabic-Indic digit is non-alphabetic
  });

  it('normalizes to NFC first and counts code points, not UTF-16 units', () => {
    const composed = 'Ünïcödé ÀB cd 123';
    expect(extractV1(composed.normalize('NFD'))).toEqual(extractV1(composed));
    expectV1('q\u0301', 0, 1, [0, 0, 0, 0, 0, 0, 0]); // no precomposed q́: the mark stays, non-alpha
    expectV1('hi 😀', 0, 1 / 2, [0, 0, 0, 0, 0, 0, 0]); // one emoji = one code point
  });

  it('excludes every kind of whitespace', () => {
    expectV1('a\u00a0B\tc\nd\ufeff e\u3000', 1 / 5, 0, [0, 0, 0, 0, 0, 0, 0]);
  });

  it('gives 0 ratios to a text without letters', () => {
    for (const t of ['123 456', '', '   ', '!!! 💰', '\u0301']) {
      expect(extractV1(t)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    }
  });
});

describe('extractV1 cue flags', () => {
  const flag = (text: string, cue: (typeof V1_CUE_WORDS)[number]) =>
    extractV1(text)[2 + V1_CUE_WORDS.indexOf(cue)];

  it('matches whole tokens, case-insensitively, across punctuation', () => {
    expect(flag('WIN!', 'win')).toBe(1);
    expect(flag('you could win, now', 'win')).toBe(1);
    expect(flag('Winner\u2019s cup', 'winner')).toBe(1);
    expect(flag('pay £cash£ here', 'cash')).toBe(1);
    expect(extractV1('free-money')).toEqual([0, 1 / 9, 1, 1, 0, 0, 0, 0, 0]);
    expect(extractV1('FREE_MONEY').slice(2, 4)).toEqual([1, 1]);
  });

  it('does not match longer words, words glued to digits, or look-alike letters', () => {
    expect(extractV1('freedom')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(flag('winning', 'win')).toBe(0);
    expect(flag('prizes', 'prize')).toBe(0);
    expect(flag('FreeMsg', 'free')).toBe(0);
    expect(flag('win2', 'win')).toBe(0);
    expect(flag('1000cash', 'cash')).toBe(0);
    expect(flag('ＦＲＥＥ', 'free')).toBe(0); // full-width letters are other letters (no NFKC)
  });

  it("splits on the apostrophe, so won't flags won", () => {
    expect(flag("I won't be late", 'won')).toBe(1);
    expect([...cueTokens("Don't WIN, it's free-ish!")]).toEqual([
      'don',
      't',
      'win',
      'it',
      's',
      'free',
      'ish',
    ]);
  });

  it('keeps combining marks and digits inside a token', () => {
    // NFC composes e + U+0301 into é; q + U+0301 has no composed form and stays two code points.
    expect([...cueTokens('fre\u0301e q\u0301z 2win')]).toEqual(['fr\u00e9e', 'q\u0301z', '2win']);
  });
});
