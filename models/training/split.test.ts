import { stratifiedSplit } from './split';

// 80 ham (0) then 20 spam (1).
const labels = [...Array<number>(80).fill(0), ...Array<number>(20).fill(1)];
const count = (idx: number[], label: number) => idx.filter((i) => labels[i] === label).length;

describe('stratifiedSplit', () => {
  it('keeps each label’s share on both sides', () => {
    const { train, test } = stratifiedSplit(labels, 0.25, 42);
    expect([count(test, 0), count(test, 1)]).toEqual([20, 5]);
    expect([count(train, 0), count(train, 1)]).toEqual([60, 15]);
  });

  it('is a partition: disjoint, complete, ascending', () => {
    const { train, test } = stratifiedSplit(labels, 0.25, 7);
    expect(train.filter((i) => test.includes(i))).toEqual([]);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    expect(train).toEqual([...train].sort((a, b) => a - b));
    expect(test).toEqual([...test].sort((a, b) => a - b));
  });

  it('is decided by the seed', () => {
    expect(stratifiedSplit(labels, 0.25, 42)).toEqual(stratifiedSplit(labels, 0.25, 42));
    expect(stratifiedSplit(labels, 0.25, 42).test).not.toEqual(
      stratifiedSplit(labels, 0.25, 43).test,
    );
  });

  it('rounds each stratum (3 × 0.25 → 1, 2 × 0.25 → 1) and accepts string labels', () => {
    const labels5 = ['s', 'h', 's', 'h', 's'];
    const { train, test } = stratifiedSplit(labels5, 0.25, 1);
    expect(test.map((i) => labels5[i]).sort()).toEqual(['h', 's']);
    expect(train.map((i) => labels5[i]).sort()).toEqual(['h', 's', 's']);
  });

  it('refuses a fraction outside (0, 1) and a bad seed', () => {
    expect(() => stratifiedSplit(labels, 0, 1)).toThrow('testFraction must be in (0, 1), got 0');
    expect(() => stratifiedSplit(labels, 1, 1)).toThrow(RangeError);
    expect(() => stratifiedSplit(labels, 0.25, -1)).toThrow(/seed/);
  });
});
