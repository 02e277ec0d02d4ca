/** The restart backoff of `npm start`'s supervisor. */
import { createLogger } from './logger';
import { Supervisor } from './supervisor';

describe('Supervisor backoff', () => {
  it('starts at 0.5 s and doubles up to 30 s', () => {
    const s = new Supervisor({ logger: createLogger('test', 'silent') });
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => s.delayFor(n))).toEqual([
      500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});
