import { minimizeLbfgs, type Objective } from './lbfgs';

/** f(x) = Σ aᵢ (xᵢ − cᵢ)², minimum 0 at c. */
function quadratic(a: number[], c: number[]): Objective {
  return (x, grad) => {
    let f = 0;
    x.forEach((v, i) => {
      f += a[i]! * (v - c[i]!) ** 2;
      grad[i] = 2 * a[i]! * (v - c[i]!);
    });
    return f;
  };
}

/** Rosenbrock's banana, minimum 0 at (1, 1): a classic test of curvature handling. */
const rosenbrock: Objective = (x, grad) => {
  const [u, v] = [x[0]!, x[1]!];
  grad[0] = -2 * (1 - u) - 400 * u * (v - u * u);
  grad[1] = 200 * (v - u * u);
  return (1 - u) ** 2 + 100 * (v - u * u) ** 2;
};

describe('minimizeLbfgs', () => {
  it('finds the minimum of an ill-conditioned quadratic', () => {
    const c = [3, -2, 0.5, 10];
    const r = minimizeLbfgs(quadratic([1, 100, 0.01, 5], c), new Float64Array(4));
    expect(r.reason).not.toBe('max-iterations');
    [...r.x].forEach((v, i) => expect(v).toBeCloseTo(c[i]!, 4));
    expect(r.value).toBeLessThan(1e-10);
  });

  it('follows the curved valley of the Rosenbrock function to (1, 1)', () => {
    const r = minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { gradientTolerance: 1e-8 });
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
    expect(r.iterations).toBeLessThan(100);
  });

  it('does not modify the start point, and stops at the iteration cap', () => {
    const x0 = Float64Array.of(-1.2, 1);
    const r = minimizeLbfgs(rosenbrock, x0, { maxIterations: 3 });
    expect([...x0]).toEqual([-1.2, 1]);
    expect(r).toMatchObject({ iterations: 3, reason: 'max-iterations' });
  });

  it('stops at once when the start point is already optimal', () => {
    const r = minimizeLbfgs(quadratic([1], [2]), Float64Array.of(2));
    expect(r).toMatchObject({ iterations: 0, reason: 'gradient', value: 0 });
  });

  it('rejects a non-finite start and invalid options', () => {
    const nan: Objective = () => NaN;
    expect(() => minimizeLbfgs(nan, new Float64Array(1))).toThrow(
      'objective is NaN at the start point',
    );
    expect(() => minimizeLbfgs(quadratic([1], [0]), new Float64Array(1), { memory: 0 })).toThrow(
      RangeError,
    );
  });
});
