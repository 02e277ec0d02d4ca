import { LENGTH_SATURATION, PATTERN_NAMES, patternValues } from './v3Patterns';

const BIN_NAMES = PATTERN_NAMES.filter((n) => n !== 'length');
const binOf = (text: string) => BIN_NAMES.filter((_, k) => patternValues(text, BIN_NAMES)[k] === 1);

describe('patternValues', () => {
  it('lists log-length first, then seven length bins', () => {
    expect(PATTERN_NAMES).toEqual([
      'length',
      'length:0-19',
      'length:20-39',
      'length:40-79',
      'length:80-119',
      'length:120-139',
      'length:140-159',
      'length:160+',
    ]);
  });

  it('scales log-length into [0, 1], saturating at LENGTH_SATURATION code points', () => {
    expect(patternValues('', ['length'])).toEqual([0]);
    expect(patternValues('abc', ['length'])[0]).toBeCloseTo(Math.log(4) / Math.log(1001), 12);
    expect(patternValues('x'.repeat(LENGTH_SATURATION), ['length'])).toEqual([1]);
    expect(patternValues('x'.repeat(3 * LENGTH_SATURATION), ['length'])).toEqual([1]);
  });

  it('puts every length in exactly one bin, bounds included on the left', () => {
    const cases: [number, string][] = [
      [0, 'length:0-19'],
      [19, 'length:0-19'],
      [20, 'length:20-39'],
      [79, 'length:40-79'],
      [80, 'length:80-119'],
      [139, 'length:120-139'],
      [140, 'length:140-159'],
      [159, 'length:140-159'],
      [160, 'length:160+'],
      [2000, 'length:160+'],
    ];
    for (const [n, bin] of cases) expect(binOf('a'.repeat(n))).toEqual([bin]);
  });

  it('counts code points, so an emoji or an astral letter counts once', () => {
    expect(binOf('😀'.repeat(19))).toEqual(['length:0-19']); // 38 UTF-16 units
    expect(patternValues('😀', ['length'])).toEqual(patternValues('a', ['length']));
    expect(patternValues('𝒜b', ['length'])).toEqual(patternValues('ab', ['length']));
  });

  it('returns the features asked for, in the order asked', () => {
    const text = 'a'.repeat(150);
    expect(patternValues(text, ['length:140-159', 'length:0-19'])).toEqual([1, 0]);
    expect(patternValues(text, [])).toEqual([]);
  });
});
