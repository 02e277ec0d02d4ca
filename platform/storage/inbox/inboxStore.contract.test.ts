import { randomUUID } from 'node:crypto';
import { describeEachBackend } from '../../testing/backends';
import type { InboxStore, StoredSms } from './inboxStore';
import { newSmsId } from './smsId';

const user = () => `user-${randomUUID()}`;

describeEachBackend('InboxStore contract', (ctx) => {
  it('lists a user inbox newest first, with exact fields', async () => {
    const alice = user();
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    const ids = [0, 1, 2].map((i) => newSmsId(new Date(t0 + i * 1000)));
    for (const [i, smsId] of ids.entries()) {
      await ctx.storage.inboxes.insert({
        smsId,
        recipientId: alice,
        senderId: `s${i}`,
        text: `m${i}`,
      });
    }
    const page = await ctx.storage.inboxes.listInbox(alice, { limit: 10 });
    expect(page).toEqual({
      hasMore: false,
      items: [2, 1, 0].map((i) => ({
        smsId: ids[i],
        recipientId: alice,
        senderId: `s${i}`,
        text: `m${i}`,
        receivedAt: new Date(t0 + i * 1000),
      })),
    });
  });

  it('pages with a limit and an exclusive "before" id', async () => {
    const bob = user();
    const base = Date.UTC(2026, 1, 1);
    const ids = Array.from({ length: 5 }, (_, i) => newSmsId(new Date(base + i * 60_000)));
    for (const smsId of ids) {
      await ctx.storage.inboxes.insert({ smsId, recipientId: bob, senderId: 'x', text: smsId });
    }
    const p1 = await ctx.storage.inboxes.listInbox(bob, { limit: 2 });
    expect(p1.items.map((s) => s.smsId)).toEqual([ids[4], ids[3]]);
    expect(p1.hasMore).toBe(true);
    const p2 = await ctx.storage.inboxes.listInbox(bob, { limit: 2, beforeSmsId: ids[3] });
    expect(p2.items.map((s) => s.smsId)).toEqual([ids[2], ids[1]]);
    expect(p2.hasMore).toBe(true);
    const p3 = await ctx.storage.inboxes.listInbox(bob, { limit: 2, beforeSmsId: ids[1] });
    expect(p3.items.map((s) => s.smsId)).toEqual([ids[0]]);
    expect(p3.hasMore).toBe(false);
  });

  it('orders messages of the same millisecond by id time (100 ns ticks)', async () => {
    const u = user();
    const ids = Array.from({ length: 4 }, () => newSmsId());
    for (const smsId of [...ids].reverse()) {
      await ctx.storage.inboxes.insert({ smsId, recipientId: u, senderId: 'x', text: 't' });
    }
    const page = await ctx.storage.inboxes.listInbox(u, { limit: 10 });
    expect(page.items.map((s) => s.smsId)).toEqual([...ids].reverse());
  });

  it('returns an empty inbox for an unknown user', async () => {
    expect(await ctx.storage.inboxes.listInbox(user(), { limit: 50 })).toEqual({
      items: [],
      hasMore: false,
    });
  });

  it('gets one message only for its recipient', async () => {
    const a = user();
    const smsId = newSmsId();
    await ctx.storage.inboxes.insert({
      smsId,
      recipientId: a,
      senderId: 'bank',
      text: 'hello ✓ 你好 🎉',
    });
    const got = await ctx.storage.inboxes.get(a, smsId);
    expect(got?.text).toBe('hello ✓ 你好 🎉');
    expect(got?.senderId).toBe('bank');
    expect(await ctx.storage.inboxes.get(user(), smsId)).toBeNull();
    expect(await ctx.storage.inboxes.get(a, newSmsId())).toBeNull();
  });

  it('gets many by id in the order asked, null where absent', async () => {
    const a = user();
    const ids = [newSmsId(), newSmsId(), newSmsId()];
    for (const smsId of ids) {
      await ctx.storage.inboxes.insert({
        smsId,
        recipientId: a,
        senderId: 'x',
        text: `t-${smsId}`,
      });
    }
    const missing = newSmsId();
    const got = await ctx.storage.inboxes.getMany([ids[2]!, missing, ids[0]!]);
    expect(got.map((s) => s?.text ?? null)).toEqual([`t-${ids[2]}`, null, `t-${ids[0]}`]);
    expect(got[0]?.recipientId).toBe(a);
  });

  it('keeps a long text intact', async () => {
    const a = user();
    const smsId = newSmsId();
    const text = 'é'.repeat(2000);
    await ctx.storage.inboxes.insert({ smsId, recipientId: a, senderId: 'x', text });
    expect((await ctx.storage.inboxes.get(a, smsId))?.text).toBe(text);
  });

  it('init is idempotent and keeps data', async () => {
    const a = user();
    const smsId = newSmsId();
    await ctx.storage.inboxes.insert({ smsId, recipientId: a, senderId: 'x', text: 'kept' });
    await ctx.storage.init();
    await ctx.storage.init();
    expect((await ctx.storage.inboxes.get(a, smsId))?.text).toBe('kept');
  });

  it('scans every message of every inbox exactly once, a page at a time', async () => {
    const before = await scanAll(ctx.storage.inboxes, 1000);
    const mine = new Set<string>();
    for (let i = 0; i < 23; i++) {
      const smsId = newSmsId();
      mine.add(smsId);
      await ctx.storage.inboxes.insert({
        smsId,
        recipientId: user(),
        senderId: 's',
        text: `scan ${i}`,
      });
    }
    const pages: number[] = [];
    const seen = await scanAll(ctx.storage.inboxes, 5, pages);
    expect(seen).toHaveLength(before.length + 23);
    expect(new Set(seen.map((s) => s.smsId)).size).toBe(seen.length); // no message twice
    const found = seen.filter((s) => mine.has(s.smsId));
    expect(found).toHaveLength(23);
    expect(found.every((s) => s.text.startsWith('scan ') && s.senderId === 's')).toBe(true);
    expect(pages.slice(0, -1).every((n) => n === 5)).toBe(true);
  });
});

/** Every message, following `next` until it is null; `pages` collects the page sizes. */
async function scanAll(
  store: InboxStore,
  limit: number,
  pages: number[] = [],
): Promise<StoredSms[]> {
  const all: StoredSms[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.scan({ limit, after });
    pages.push(page.items.length);
    all.push(...page.items);
    if (page.next === null) return all;
    after = page.next;
  }
}
