/**
 * Input hygiene of ids and texts (what storeSms, receiveSms, the inbox reads and the CLI
 * accept): every refusal is BAD_USER_INPUT naming the field and the offending character.
 */
import { parsePartyId, parseSmsInput, parseSmsText } from './smsInput';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    const { code, message, details } = e as {
      code: string;
      message: string;
      details?: Record<string, unknown>;
    };
    return { code, message, details };
  }
  throw new Error('accepted');
};
const bad = (message: string, field: string) => ({
  code: 'BAD_USER_INPUT',
  message,
  details: { field },
});

const NFC = 'Jos\u00e9';
const NFD = 'Jose\u0301';

describe('parsePartyId', () => {
  it.each([
    ['alice'],
    ['+44 7700 900123'],
    [NFC],
    ['李小龍'],
    ['ali🙂ce'],
    ['x'.repeat(128)],
    ['🙂'.repeat(128)], // 128 code points, 256 UTF-16 units
  ])('accepts %j unchanged', (id) => {
    expect(parsePartyId(id, 'senderId')).toBe(id);
  });

  it.each([
    ['empty', '', 'recipientId must not be empty'],
    ['blank', '   ', 'recipientId must not be empty'],
    ['129 code points', 'x'.repeat(129), 'recipientId is longer than 128 characters'],
    ['a newline', 'a\nb', 'recipientId must not contain control characters (U+000A)'],
    ['DEL', 'a\u007fb', 'recipientId must not contain control characters (U+007F)'],
    ['C1 control', 'a\u0085b', 'recipientId must not contain control characters (U+0085)'],
    [
      'a zero-width space',
      'ali\u200bce',
      'recipientId must not contain invisible, formatting or separator characters (U+200B)',
    ],
    [
      'a zero-width joiner',
      'a\u200db',
      'recipientId must not contain invisible, formatting or separator characters (U+200D)',
    ],
    [
      'an RTL override',
      '\u202eecila',
      'recipientId must not contain invisible, formatting or separator characters (U+202E)',
    ],
    [
      'a byte-order mark',
      '\ufeffalice',
      'recipientId must not contain invisible, formatting or separator characters (U+FEFF)',
    ],
    [
      'a line separator',
      'a\u2028b',
      'recipientId must not contain invisible, formatting or separator characters (U+2028)',
    ],
    [
      'a paragraph separator',
      'a\u2029b',
      'recipientId must not contain invisible, formatting or separator characters (U+2029)',
    ],
    [
      'a no-break space',
      'a\u00a0b',
      'recipientId must not contain invisible, formatting or separator characters (U+00A0)',
    ],
    [
      'an ideographic space',
      'a\u3000b',
      'recipientId must not contain invisible, formatting or separator characters (U+3000)',
    ],
    ['a leading space', ' alice', 'recipientId must not start or end with a space'],
    ['a trailing space', 'alice ', 'recipientId must not start or end with a space'],
    [
      'NFD',
      NFD,
      'recipientId must be in Unicode normalization form NFC (e.g. é as one code point, not e + ◌́)',
    ],
    [
      'a lone high surrogate',
      'a\ud83d',
      'recipientId must be well-formed Unicode (it holds a lone surrogate)',
    ],
    [
      'a lone low surrogate',
      '\ude00b',
      'recipientId must be well-formed Unicode (it holds a lone surrogate)',
    ],
    [
      'swapped surrogates',
      '\ude00\ud83d',
      'recipientId must be well-formed Unicode (it holds a lone surrogate)',
    ],
  ])('refuses %s', (_name, id, message) => {
    expect(refusal(() => parsePartyId(id, 'recipientId'))).toEqual(bad(message, 'recipientId'));
  });

  it('NFD and NFC spell different strings, so only the NFC one is an id', () => {
    expect(NFD.normalize('NFC')).toBe(NFC);
    expect(parsePartyId(NFC, 'userId')).toBe(NFC);
    expect(refusal(() => parsePartyId(NFD, 'userId')).code).toBe('BAD_USER_INPUT');
  });
});

describe('parseSmsText', () => {
  it.each([
    ['hello'],
    ['two\nlines\twith a tab'],
    ['👨‍👩‍👧 family (emoji joined by U+200D)'],
    ['\u200fمرحبا (a right-to-left mark in an Arabic text)'],
    ['🙂'.repeat(2000)],
    [`${NFD} and ${NFC}`], // texts are kept as sent
  ])('accepts %j unchanged', (text) => {
    expect(parseSmsText(text)).toBe(text);
  });

  it.each([
    ['empty', ''],
    ['spaces and newlines', ' \n\t '],
    ['a zero-width space only', '\u200b'],
    ['zero-width characters only', '\u200b\u200c\u200d\u2060\ufeff'],
    ['a bidi override only', '\u202e'],
    ['no-break and ideographic spaces', '\u00a0\u3000\u2028\u2029'],
    ['Hangul fillers', '\u3164\u115f'],
    ['a braille blank', '\u2800'],
    ['a control character only', '\u0000'],
  ])('refuses a text of %s as empty', (_name, text) => {
    expect(refusal(() => parseSmsText(text))).toEqual(bad('text must not be empty', 'text'));
  });

  it.each([
    ['a lone high surrogate', 'hi \ud83d'],
    ['a lone low surrogate', '\ude00 hi'],
    ['a lone surrogate only', '\ud800'],
  ])('refuses %s', (_name, text) => {
    expect(refusal(() => parseSmsText(text))).toEqual(
      bad('text must be well-formed Unicode (it holds a lone surrogate)', 'text'),
    );
  });

  it('refuses control characters other than newline and tab, and texts over 2,000', () => {
    expect(refusal(() => parseSmsText('a\u0007b'))).toEqual(
      bad('text must not contain control characters other than newline and tab', 'text'),
    );
    expect(refusal(() => parseSmsText('x'.repeat(2001)))).toEqual(
      bad('text has 2001 characters; at most 2000 are accepted', 'text'),
    );
  });
});

describe('parseSmsInput', () => {
  it('names the first bad field', () => {
    expect(
      refusal(() => parseSmsInput({ recipientId: 'bob', senderId: 'x\u2028y', text: 'hi' })),
    ).toEqual(
      bad(
        'senderId must not contain invisible, formatting or separator characters (U+2028)',
        'senderId',
      ),
    );
  });
});
