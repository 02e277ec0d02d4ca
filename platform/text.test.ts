import { codePointLength, codePointName, idProblem, isBlank, isWellFormed } from './text';

describe('text hygiene', () => {
  it('tells well-formed UTF-16 from lone surrogates', () => {
    expect(['', 'a', '🙂', 'a🙂b', '\ud83d\ude00'].map(isWellFormed)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['\ud83d', '\ude00', 'a\ud83db', '\ude00\ud83d', '🙂\ud83d'].map(isWellFormed)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('calls blank what renders as nothing', () => {
    expect(['', ' ', '\u200b\u200d', '\u00ad', '\u180e', '\ufe0f', '\u3164'].map(isBlank)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['a', '.', '\u200ba', '🙂', '\u0301'].map(isBlank)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('names code points and counts them', () => {
    expect([codePointName('\u200b'), codePointName('🙂'), codePointName('a')]).toEqual([
      'U+200B',
      'U+1F642',
      'U+0061',
    ]);
    expect([codePointLength(''), codePointLength('🙂🙂'), codePointLength('ab')]).toEqual([
      0, 2, 2,
    ]);
  });

  it('accepts clean ids and says what is wrong with the others', () => {
    expect(idProblem('a b')).toBeNull();
    expect(idProblem('x\u2066y')).toBe(
      'must not contain invisible, formatting or separator characters (U+2066)',
    );
    expect(idProblem('x\u0000')).toBe('must not contain control characters (U+0000)');
  });
});
