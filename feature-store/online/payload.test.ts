import { decodeValues, encodeValues } from './payload';

describe('online payload', () => {
  it('round-trips int64 beyond 2^53 exactly, beside every other type', () => {
    const values = {
      ids: [1, 9007199254740993n, -9223372036854775808n, 9223372036854775807n],
      big: 12345678901234567n,
      f: 0,
      g: [1, 0.5, 1e300],
      s: 'ünï "quoted" {"$int64":"1"}',
      b: true,
      n: null,
    };
    const text = encodeValues(values);
    expect(decodeValues(text)).toEqual(values);
  });

  it('keeps float64 values numbers, however large or integral', () => {
    const values = { f: 2 ** 60, l: [2 ** 53, 1e21, 0] };
    expect(encodeValues(values)).toBe(JSON.stringify(values));
    expect(decodeValues(encodeValues(values))).toEqual(values);
    expect(typeof (decodeValues(encodeValues(values)).f as unknown)).toBe('number');
  });
});
