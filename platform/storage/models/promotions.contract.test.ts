import { describeEachBackend } from '../../testing/backends';

describeEachBackend('PromotionStore contract', (ctx) => {
  it('starts empty, then keeps every promotion, newest first, with its fields intact', async () => {
    const store = ctx.storage.promotions;
    // Other suites share the keyspace/file: look at what this test adds only.
    const base = Date.parse('2031-01-01T00:00:00Z') + Math.floor(Math.random() * 1e9);
    const ps = [
      { champion: 'V3', challenger: null, promotedAt: new Date(base), promotedBy: 'ann' },
      { champion: 'V4', challenger: 'V3', promotedAt: new Date(base + 1000), promotedBy: 'bob' },
      { champion: 'V4', challenger: 'V1', promotedAt: new Date(base + 2000), promotedBy: 'Zoë ✓' },
    ];
    for (const p of ps) await store.record(p);
    const history = await store.history(3);
    expect(history).toEqual([...ps].reverse());
    expect(await store.history(1)).toEqual([ps[2]]);
  });

  it('init is idempotent and keeps the history', async () => {
    const before = await ctx.storage.promotions.history(5);
    await ctx.storage.promotions.init();
    expect(await ctx.storage.promotions.history(5)).toEqual(before);
  });
});
