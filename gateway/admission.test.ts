import { CostAdmission } from './admission';

describe('CostAdmission', () => {
  it('admits up to its capacity at once; the next waits, first come first served', async () => {
    const a = new CostAdmission(1000, 2);
    const first = await a.acquire(600);
    const second = await a.acquire(400);
    const order: string[] = [];
    const third = a.acquire(500).then((r) => (order.push('third'), r));
    const fourth = a.acquire(100).then((r) => (order.push('fourth'), r));
    expect(await a.acquire(1)).toBeNull(); // two already wait: the line is full
    second!();
    second!(); // a second release gives nothing back twice
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]); // 400 free, but the head of the line needs 500
    first!();
    expect(await third).toBeInstanceOf(Function);
    expect(await fourth).toBeInstanceOf(Function);
    expect(order).toEqual(['third', 'fourth']);
  });

  it('takes a cost above the capacity as all of it, and gives up waiting when the signal fires', async () => {
    const a = new CostAdmission(1000, 4);
    const all = await a.acquire(5000);
    const controller = new AbortController();
    const waiting = a.acquire(10, controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    all!();
    expect(await a.acquire(1000)).toBeInstanceOf(Function);
  });
});
