/** `spamgraph inbox receive` and `inbox backfill` on a real SQLite file. */
import { openStorage } from '../../platform/storage';
import { testConfig } from '../../platform/testing/backends';
import { cliEnvOf, runCliWithEnv } from '../testing/cli';

describe('spamgraph inbox', () => {
  const config = testConfig('sqlite');
  const run = (...argv: string[]) => runCliWithEnv(argv, cliEnvOf(config));

  it('receives messages, says when features could not be stored, and backfills them', async () => {
    // Before `fs apply` the feature store cannot take features: the message is kept anyway.
    const first = await run('inbox', 'receive', 'zoe', '+44 7700', 'free', 'cash', 'now');
    expect(first.code).toBe(0);
    expect(first.out).toEqual([
      expect.stringMatching(
        /^inbox: stored [0-9a-f-]{36} for zoe at \S+Z; features NOT stored \(run `npx spamgraph inbox backfill`/,
      ),
    ]);
    expect((await run('fs', 'apply')).code).toBe(0);

    const keyed = await run(
      'inbox',
      'receive',
      'zoe',
      'bank',
      'code 1234 🔐',
      '--key',
      'k1',
      '--json',
    );
    expect(keyed.code).toBe(0);
    const got = JSON.parse(keyed.out[0]!) as {
      sms: { smsId: string; text: string };
      featuresStored: boolean;
      replayed: boolean;
    };
    expect(got).toMatchObject({
      featuresStored: true,
      replayed: false,
      sms: { text: 'code 1234 🔐' },
    });
    const again = await run('inbox', 'receive', 'zoe', 'bank', 'code 1234 🔐', '--key', 'k1');
    expect(again.out).toEqual([
      expect.stringMatching(
        new RegExp(`^inbox: already stored ${got.sms.smsId} for zoe at \\S+Z; features stored$`),
      ),
    ]);

    const dry = await run('inbox', 'backfill', '--dry-run');
    expect(dry.out.at(-1)).toBe(
      'inbox: 1 of 2 messages have no features (dry run: nothing written)',
    );
    const fill = await run('inbox', 'backfill', '--batch-size', '1');
    expect(fill.code).toBe(0);
    expect(fill.out.at(-1)).toMatch(/^inbox: wrote the features of 1 of 2 messages in \d+\.\d\d s/);
    expect(fill.err.at(-1)).toMatch(/^inbox: scanned 2 messages \(1 without features\)…$/);
    const none = await run('inbox', 'backfill', '--dry-run');
    expect(none.out.at(-1)).toBe(
      'inbox: 0 of 2 messages have no features (dry run: nothing written)',
    );

    const storage = await openStorage(config);
    const page = await storage.inboxes.listInbox('zoe', { limit: 10 });
    await storage.close();
    expect(page.items.map((s) => s.text)).toEqual(['code 1234 🔐', 'free cash now']);
  });

  // Runs after the test above: "k1" is already zoe's key for another text.
  it('bad input: a non-zero exit and one clear line, nothing stored', async () => {
    for (const [argv, message] of [
      [['receive', 'zoe', 'x', '   '], /BAD_USER_INPUT: text must not be empty/],
      [['receive', 'zoe', 'x', 'y'.repeat(2001)], /at most 2000/],
      [['receive', '', 'x', 'hi'], /recipientId must not be empty/],
      [
        ['receive', 'zoe', 'x', 'other text', '--key', 'k1'],
        /IDEMPOTENCY_CONFLICT: idempotencyKey "k1" was already used/,
      ],
      [
        ['backfill', '--batch-size', '0'],
        /--batch-size must be an integer in \[1, 5000\], got "0"/,
      ],
      [['backfill', '--batch-size', 'ten'], /--batch-size must be an integer/],
    ] as const) {
      const r = await run('inbox', ...argv);
      expect(r.code).toBe(1);
      expect(r.err).toEqual([expect.stringMatching(message)]);
    }
    const storage = await openStorage(config);
    const page = await storage.inboxes.listInbox('zoe', { limit: 10 });
    await storage.close();
    expect(page.items).toHaveLength(2);
  });
});
