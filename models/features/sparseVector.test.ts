import { sparseDot, sparseVectorProblem } from './sparseVector';

describe('sparseVectorProblem', () => {
  it('accepts strictly increasing in-range integer indices with finite values', () => {
    expect(sparseVectorProblem({ indices: [], values: [] }, 4)).toBeNull();
    expect(sparseVectorProblem({ indices: [0, 2, 3], values: [0.5, -1, 0] }, 4)).toBeNull();
  });

  it('names the first problem', () => {
    expect(sparseVectorProblem(null, 4)).toBe('is null');
    expect(sparseVectorProblem([1, 2], 4)).toBe('needs indices and values arrays');
    expect(sparseVectorProblem({ indices: [1] }, 4)).toBe('needs indices and values arrays');
    expect(sparseVectorProblem({ indices: [1, 2], values: [1] }, 4)).toBe(
      'has 2 indices but 1 values',
    );
    expect(sparseVectorProblem({ indices: [4], values: [1] }, 4)).toBe(
      'index 0 (4) is not an integer in [0, 4)',
    );
    expect(sparseVectorProblem({ indices: [-1], values: [1] }, 4)).toMatch(/^index 0 \(-1\)/);
    expect(sparseVectorProblem({ indices: [1.5], values: [1] }, 4)).toMatch(/^index 0 \(1.5\)/);
    expect(sparseVectorProblem({ indices: ['1'], values: [1] }, 4)).toMatch(/^index 0 \("1"\)/);
    expect(sparseVectorProblem({ indices: [2, 2], values: [1, 1] }, 4)).toBe(
      'indices are not strictly increasing at 1 (2, 2)',
    );
    expect(sparseVectorProblem({ indices: [3, 1], values: [1, 1] }, 4)).toMatch(/increasing at 1/);
    expect(sparseVectorProblem({ indices: [1], values: [NaN] }, 4)).toBe(
      'value 0 (null) is not a finite number',
    );
    expect(sparseVectorProblem({ indices: [1], values: ['1'] }, 4)).toBe(
      'value 0 ("1") is not a finite number',
    );
  });
});

describe('sparseDot', () => {
  it('sums value × weight over the stored entries only', () => {
    expect(sparseDot({ indices: [0, 3], values: [2, -1] }, [10, 100, 100, 5])).toBe(15);
    expect(sparseDot({ indices: [], values: [] }, [1, 2])).toBe(0);
  });
});
