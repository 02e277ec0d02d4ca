import { padSequences } from './padSequences';

describe('padSequences (Keras defaults: pre padding, pre truncation, value 0)', () => {
  it('adds zeros in front of a short sequence and keeps an exact one', () => {
    expect(padSequences([[1, 2, 3], [], [4, 5, 6, 7, 8]], { maxlen: 5 })).toEqual([
      [0, 0, 1, 2, 3],
      [0, 0, 0, 0, 0],
      [4, 5, 6, 7, 8],
    ]);
  });

  it('keeps the last maxlen ids of a long sequence', () => {
    expect(padSequences([[1, 2, 3, 4, 5, 6, 7]], { maxlen: 5 })).toEqual([[3, 4, 5, 6, 7]]);
  });

  it('supports post padding, post truncation and another value', () => {
    const opts = { maxlen: 4, padding: 'post', truncating: 'post', value: -1 } as const;
    expect(
      padSequences(
        [
          [1, 2],
          [1, 2, 3, 4, 5, 6],
        ],
        opts,
      ),
    ).toEqual([
      [1, 2, -1, -1],
      [1, 2, 3, 4],
    ]);
  });

  it('does not modify its input', () => {
    const seq = [1, 2, 3];
    padSequences([seq], { maxlen: 2 });
    expect(seq).toEqual([1, 2, 3]);
  });

  it('refuses a maxlen that is not a positive integer', () => {
    expect(() => padSequences([[1]], { maxlen: 0 })).toThrow(RangeError);
    expect(() => padSequences([[1]], { maxlen: 2.5 })).toThrow(/maxlen/);
  });
});
