import { stratifiedSplit, validationSplit } from './split';

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

describe('validationSplit', () => {
  // The whole data set: 80 ham, 20 spam; the test side of the usual 25 % split is held apart.
  const outer = stratifiedSplit(labels, 0.25, 42);

  it('carves validation rows out of the training rows only: disjoint from test and from fit', () => {
    const { fit, validation } = validationSplit(labels, outer.train, 0.2, 42);
    expect(validation.length).toBeGreaterThan(0);
    expect(validation.filter((i) => outer.test.includes(i))).toEqual([]);
    expect(fit.filter((i) => outer.test.includes(i))).toEqual([]);
    expect(fit.filter((i) => validation.includes(i))).toEqual([]);
    // Together they are exactly the training rows, each ascending.
    expect([...fit, ...validation].sort((a, b) => a - b)).toEqual(outer.train);
    expect(fit).toEqual([...fit].sort((a, b) => a - b));
    expect(validation).toEqual([...validation].sort((a, b) => a - b));
  });

  it('is stratified: each label keeps its share (60 ham, 15 spam × 0.2 → 12 and 3)', () => {
    const { fit, validation } = validationSplit(labels, outer.train, 0.2, 42);
    expect([count(validation, 0), count(validation, 1)]).toEqual([12, 3]);
    expect([count(fit, 0), count(fit, 1)]).toEqual([48, 12]);
  });

  it('is decided by the seed, and draws its own stream (not the test split’s)', () => {
    const a = validationSplit(labels, outer.train, 0.2, 42);
    expect(validationSplit(labels, [...outer.train].reverse(), 0.2, 42)).toEqual(a);
    expect(validationSplit(labels, outer.train, 0.2, 43).validation).not.toEqual(a.validation);
    // The first rows of the training split's own shuffle would be the same rows the test
    // split's stream picks; a derived seed gives another choice.
    const sameStream = stratifiedSplit(
      outer.train.map((i) => labels[i]!),
      0.2,
      42,
    ).test.map((k) => outer.train[k]!);
    expect(a.validation).not.toEqual(sameStream);
  });

  it('with fraction 0, fits on every training row and validates on none', () => {
    expect(validationSplit(labels, outer.train, 0, 42)).toEqual({
      fit: outer.train,
      validation: [],
    });
  });

  it('refuses a fraction outside [0, 1), a bad seed and rows that are not rows', () => {
    expect(() => validationSplit(labels, outer.train, 1, 42)).toThrow(
      'validation fraction must be in [0, 1), got 1',
    );
    expect(() => validationSplit(labels, outer.train, -0.1, 42)).toThrow(RangeError);
    expect(() => validationSplit(labels, outer.train, 0.2, 2 ** 32)).toThrow(/seed/);
    expect(() => validationSplit(labels, [0, 100], 0.2, 42)).toThrow(
      'training row 100 is not a row of the labels',
    );
  });
});
