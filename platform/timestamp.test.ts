import { MAX_TIMESTAMP_MS, parseTimestamp } from './timestamp';

const iso = (v: unknown) => parseTimestamp(v, 'ts').toISOString();
const refusal = (v: unknown) => {
  try {
    parseTimestamp(v, 'ts');
  } catch (e) {
    const { code, message } = e as { code: string; message: string };
    return { code, message };
  }
  throw new Error(`${JSON.stringify(v)} was accepted`);
};

describe('parseTimestamp', () => {
  it.each([
    ['2026-01-31T12:00:00Z', '2026-01-31T12:00:00.000Z'],
    ['2026-01-31t12:00:00z', '2026-01-31T12:00:00.000Z'],
    ['2026-01-31T12:00:00.1234567Z', '2026-01-31T12:00:00.123Z'],
    ['2026-01-31T12:00:00.57Z', '2026-01-31T12:00:00.570Z'],
    ['2026-01-31T12:00:00+01:00', '2026-01-31T11:00:00.000Z'],
    ['2026-01-31T12:00:00-0130', '2026-01-31T13:30:00.000Z'],
    ['2020-01-01 11:00:00', '2020-01-01T11:00:00.000Z'], // no timezone = UTC
    ['2020-01-01T11:00', '2020-01-01T11:00:00.000Z'],
    ['2020-01-01', '2020-01-01T00:00:00.000Z'],
    [' 2020-02-29T00:00:00Z ', '2020-02-29T00:00:00.000Z'], // leap year
    ['2000-02-29', '2000-02-29T00:00:00.000Z'],
    ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    [1_577_880_000_000, '2020-01-01T12:00:00.000Z'],
    [0, '1970-01-01T00:00:00.000Z'],
  ])('%j → %s', (v, want) => {
    expect(iso(v)).toBe(want);
  });

  it.each([
    ['yesterday', 'ts: cannot parse timestamp "yesterday" (ISO-8601 or epoch ms)'],
    [undefined, 'ts: cannot parse timestamp undefined (ISO-8601 or epoch ms)'],
    [null, 'ts: cannot parse timestamp null (ISO-8601 or epoch ms)'],
    [
      '-000001-01-01T00:00:00Z',
      'ts: cannot parse timestamp "-000001-01-01T00:00:00Z" (ISO-8601 or epoch ms)',
    ],
    [
      '+002026-01-01T00:00:00Z',
      'ts: cannot parse timestamp "+002026-01-01T00:00:00Z" (ISO-8601 or epoch ms)',
    ],
    ['2026-1-1', 'ts: cannot parse timestamp "2026-1-1" (ISO-8601 or epoch ms)'],
    [
      '2026-01-01T00:00:00 Z',
      'ts: cannot parse timestamp "2026-01-01T00:00:00 Z" (ISO-8601 or epoch ms)',
    ],
    [
      '2021-02-30T00:00:00Z',
      'ts: "2021-02-30T00:00:00Z" is not a real date-time: day 30 of 2021-02 does not exist',
    ],
    ['2100-02-29', 'ts: "2100-02-29" is not a real date-time: day 29 of 2100-02 does not exist'],
    ['2021-13-01', 'ts: "2021-13-01" is not a real date-time: month 13 does not exist'],
    ['2021-00-10', 'ts: "2021-00-10" is not a real date-time: month 0 does not exist'],
    ['2021-04-31', 'ts: "2021-04-31" is not a real date-time: day 31 of 2021-04 does not exist'],
    [
      '2021-01-01T24:00:00Z',
      'ts: "2021-01-01T24:00:00Z" is not a real date-time: hour 24 does not exist',
    ],
    [
      '2021-01-01T00:60:00Z',
      'ts: "2021-01-01T00:60:00Z" is not a real date-time: minute 60 does not exist',
    ],
    [
      '2016-12-31T23:59:60Z',
      'ts: "2016-12-31T23:59:60Z" is not a real date-time: leap seconds (:60) are not supported',
    ],
    [
      '2021-01-01T00:00:61Z',
      'ts: "2021-01-01T00:00:61Z" is not a real date-time: second 61 does not exist',
    ],
    ['2021-01-01T00:00:00+24:00', 'ts: "2021-01-01T00:00:00+24:00" has an impossible UTC offset'],
    ['2021-01-01T00:00:00+01:60', 'ts: "2021-01-01T00:00:00+01:60" has an impossible UTC offset'],
    ['0049-06-01', 'ts: "0049-06-01" is outside 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z'],
    [
      '0049-06-01 00:00Z',
      'ts: "0049-06-01 00:00Z" is outside 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z',
    ],
    [
      '1969-12-31T23:59:59Z',
      'ts: "1969-12-31T23:59:59Z" is outside 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z',
    ],
    [
      '1970-01-01T00:30:00+01:00',
      'ts: "1970-01-01T00:30:00+01:00" is outside 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z',
    ],
    [
      '9999-12-31T23:59:59-01:00',
      'ts: "9999-12-31T23:59:59-01:00" is outside 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z',
    ],
    [-1, 'ts: -1 is outside 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z'],
    [
      MAX_TIMESTAMP_MS + 1,
      'ts: 253402300800000 is outside 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z',
    ],
    [1.5, 'ts: epoch milliseconds must be an integer, got 1.5'],
    [Number.NaN, 'ts: epoch milliseconds must be an integer, got NaN'],
    [Infinity, 'ts: epoch milliseconds must be an integer, got Infinity'],
  ])('refuses %j', (v, message) => {
    expect(refusal(v)).toEqual({ code: 'BAD_USER_INPUT', message });
  });
});
