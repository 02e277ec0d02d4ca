import { dataFrameRows, feastTimestamp } from './feastJson';

describe('feastTimestamp', () => {
  it.each([
    [new Date('2020-01-01T11:00:00Z'), '2020-01-01T11:00:00Z'],
    [new Date('2020-01-01T11:00:00.250Z'), '2020-01-01T11:00:00.250Z'],
    [new Date('2020-01-01T11:00:00.001+01:00'), '2020-01-01T10:00:00.001Z'],
    [null, '1970-01-01T00:00:00Z'],
  ])('%j → %s', (date, text) => {
    expect(feastTimestamp(date)).toBe(text);
  });
});

describe('dataFrameRows', () => {
  it('turns columns into rows, in order', () => {
    expect(dataFrameRows({ id: ['a', 'b'], v: [[1], null], t: [1, 2] })).toEqual([
      { id: 'a', v: [1], t: 1 },
      { id: 'b', v: null, t: 2 },
    ]);
  });

  it('gives no rows for empty columns (the push then rejects them)', () => {
    expect(dataFrameRows({ id: [] })).toEqual([]);
  });

  it.each([
    [null, 'df must be an object of column → list of values (column-major, like Feast)'],
    [[{ id: 'a' }], 'df must be an object of column → list of values (column-major, like Feast)'],
    ['id', 'df must be an object of column → list of values (column-major, like Feast)'],
    [{}, 'df has no columns'],
    [{ id: ['a'], v: 1 }, 'df.v must be a list of values'],
    [{ id: ['a', 'b'], v: [1] }, 'df.v has 1 values but df.id has 2: columns must be equally long'],
  ])('rejects %j', (df, message) => {
    expect(() => dataFrameRows(df)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', message }),
    );
  });
});
