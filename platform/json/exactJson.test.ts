import { parseJsonExact, stringifyJsonExact } from './exactJson';

describe('parseJsonExact', () => {
  it('keeps integers beyond 2^53 exact, as bigints, anywhere in the document', () => {
    const text =
      '{"a":9007199254740993,"b":[1,-9223372036854775808,9223372036854775807],"c":{"d":12345678901234567890}}';
    expect(parseJsonExact(text)).toEqual({
      a: 9007199254740993n,
      b: [1, -9223372036854775808n, 9223372036854775807n],
      c: { d: 12345678901234567890n },
    });
  });

  it('gives plain numbers for safe integers and for every float, however many digits', () => {
    expect(parseJsonExact('[9007199254740991, -9007199254740991, 0.30000000000000004]')).toEqual([
      9007199254740991, -9007199254740991, 0.30000000000000004,
    ]);
    expect(parseJsonExact('[1.5e300, 12345678901234567.5, 1e400]')).toEqual([
      1.5e300,
      Number('12345678901234567.5'),
      Infinity,
    ]);
    // A long digit run inside a string takes the exact parser too, and stays a string.
    expect(parseJsonExact('{"phone":"+4412345678901234567","n":1}')).toEqual({
      phone: '+4412345678901234567',
      n: 1,
    });
  });

  it('throws SyntaxError on text that is not JSON, either way', () => {
    expect(() => parseJsonExact('{"a":')).toThrow(SyntaxError);
    expect(() => parseJsonExact('{"a":9007199254740993,')).toThrow(SyntaxError);
  });
});

describe('stringifyJsonExact', () => {
  it('writes bigints as their digits, and reads them back the same', () => {
    const value = { ids: [1, 9007199254740993n, -9223372036854775808n], name: 'ünï', x: 0.5 };
    const text = stringifyJsonExact(value);
    expect(text).toBe('{"ids":[1,9007199254740993,-9223372036854775808],"name":"ünï","x":0.5}');
    expect(parseJsonExact(text)).toEqual(value);
  });

  it('is JSON.stringify when there is no bigint', () => {
    const value = { a: [1, 2.5, null, true], b: 'x"y', d: new Date(0) };
    expect(stringifyJsonExact(value)).toBe(JSON.stringify(value));
  });
});
