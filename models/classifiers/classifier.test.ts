import { labelOf } from '../versions';
import { assertFeatureBatch } from './classifier';

describe('labelOf', () => {
  it('calls spam strictly above 0.5 (a tie is ham, as scikit-learn’s argmax)', () => {
    expect([0, 0.5, 0.5000001, 1].map(labelOf)).toEqual(['ham', 'ham', 'spam', 'spam']);
  });
});

describe('assertFeatureBatch', () => {
  it('accepts good vectors and an empty batch', () => {
    expect(() =>
      assertFeatureBatch(
        'V2',
        [
          [1, 2],
          [0, 3],
        ],
        2,
        true,
      ),
    ).not.toThrow();
    expect(() => assertFeatureBatch('V1', [], 9)).not.toThrow();
  });

  it('names the first bad vector', () => {
    expect(() =>
      assertFeatureBatch(
        'V2',
        [
          [1, 2],
          [1.5, 2],
        ],
        2,
        true,
      ),
    ).toThrow('V2: vector 1 must hold integers');
    expect(() => assertFeatureBatch('V1', [[Infinity]], 1)).toThrow(
      'V1: vector 0, feature 0: Infinity is not a finite number',
    );
    expect(() => assertFeatureBatch('V1', ['ab' as unknown as number[]], 2)).toThrow(
      'V1 expects 2 features per vector; vector 0 has string',
    );
  });
});
