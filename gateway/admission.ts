/**
 * Admission of heavy operations: operations priced at `heavyCost` or more (costModel.ts) share
 * a budget of cost units in flight; the rest wait their turn, first come first served, and a
 * full waiting line refuses at once. Cheap operations (a normal inbox page, a few verdicts)
 * never wait.
 *
 * @remarks
 * Why: the rate limit is per principal, so a thousand addresses each sending the worst accepted
 * query would all be admitted, and on a small machine their model work and response merging
 * take the cores the normal users' reads need. Bounding what runs at once bounds that share
 * (and the memory of the answers being assembled), whatever the number of attackers.
 */

interface Waiter {
  units: number;
  resolve: (release: () => void) => void;
}

/** A weighted semaphore of cost units with a bounded, FIFO waiting line. */
export class CostAdmission {
  private inFlight = 0;
  private readonly line: Waiter[] = [];

  constructor(
    private readonly capacity: number,
    private readonly maxWaiting: number,
  ) {}

  /**
   * Waits until `cost` units fit (a cost above the capacity takes all of it), and resolves to
   * the function that gives them back (safe to call more than once). Resolves to null when the
   * waiting line is full; rejects with the signal's reason when it fires while waiting.
   */
  acquire(cost: number, signal?: AbortSignal): Promise<(() => void) | null> {
    const units = Math.min(cost, this.capacity);
    if (this.line.length === 0 && this.inFlight + units <= this.capacity) {
      return Promise.resolve(this.grant(units));
    }
    if (this.line.length >= this.maxWaiting) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { units, resolve };
      this.line.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.line.indexOf(waiter);
          if (i < 0) return;
          this.line.splice(i, 1);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  private grant(units: number): () => void {
    this.inFlight += units;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= units;
      this.admit();
    };
  }

  private admit(): void {
    let next = this.line[0];
    while (next && this.inFlight + next.units <= this.capacity) {
      this.line.shift();
      next.resolve(this.grant(next.units));
      next = this.line[0];
    }
  }
}
