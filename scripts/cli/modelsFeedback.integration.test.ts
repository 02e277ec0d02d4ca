/**
 * The loop closes: users' verdicts (`reportSpam`, through the real gateway) become labels that
 * point-in-time training sees exactly from the time of the report. A message the model scores
 * ham, reported as spam by its users, is scored spam by V4 retrained (`models train v4
 * --labels-until`) after the reports, and not by V4 retrained as of before them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FeatureStore } from '../../feature-store';
import { modelEntry, openSpamFeatureStore } from '../../models';
import { describeEachBackend } from '../../platform/testing/backends';
import { cliEnvOf, runCliWithEnv } from '../testing/cli';
import { bearer, startTestStack, type TestStack } from '../../subgraphs/testing/stack';

const RECEIVE = `mutation R($input: ReceiveSmsInput!) {
  receiveSms(input: $input) { featuresStored sms { smsId } }
}`;
const REPORT = `mutation P($id: ID!, $l: SpamLabel!) {
  reportSpam(smsId: $id, label: $l) { smsId label reportedAt }
}`;

/** The message of the issue: today's smishing, not in a 2012 vocabulary. */
const PARCEL =
  'Your parcel could not be delivered. Pay the £1.99 redelivery fee at parcel-redeliver.example to reschedule.';

/** A small labeled dataset written for this test: prize spam and everyday chat (no parcels). */
function datasetCsv(): string {
  const prizes = ['£500 cash', 'a free holiday', 'a new phone', '£1000 prize', 'free tickets'];
  const chats = [
    'see you at the station at six',
    'dinner at eight? I can cook',
    'running late, sorry, the bus broke down',
    'can you call mum tonight',
    'the meeting moved to Thursday morning',
    'did you get the photos from the weekend',
    'thanks for the lift yesterday',
    'what time does the film start',
  ];
  const rows = ['sms_id,text,label'];
  for (let i = 0; i < 30; i++) {
    rows.push(
      `fb${String(i).padStart(3, '0')},"WINNER! You have won ${prizes[i % 5]}. Call 0906${1000000 + i * 7919} now, claim code ${i}",spam`,
    );
  }
  for (let i = 0; i < 60; i++) {
    rows.push(`fb${100 + i},"${chats[i % 8]} (${i})",ham`);
  }
  return rows.join('\n') + '\n';
}

describeEachBackend('users’ verdicts become training labels', (ctx) => {
  let stack: TestStack;
  let store: FeatureStore;
  const env = () => cliEnvOf(ctx.config);
  const cli = async (...argv: string[]) => {
    const r = await runCliWithEnv(argv, env());
    expect({ argv, code: r.code, err: r.code === 0 ? [] : r.err }).toEqual({
      argv,
      code: 0,
      err: [],
    });
    return r;
  };

  beforeAll(async () => {
    const csv = path.join(ctx.config.dataDir, 'feedback-dataset.csv');
    fs.mkdirSync(ctx.config.dataDir, { recursive: true });
    fs.writeFileSync(csv, datasetCsv());
    await cli('data', 'import', '--from', csv);
    await cli('fs', 'create-sources');
    store = await openSpamFeatureStore(ctx.storage, ctx.config);
    await store.apply();
    stack = await startTestStack(ctx.storage, ctx.config, { featureStore: store });
  }, 120_000);
  afterAll(async () => stack?.close());

  const scoreWith = async (dir: string) => {
    const c = await modelEntry('V4').load(dir);
    const [p] = await c.predictProba([c.textToFeatures(PARCEL)]);
    return { p: p!, metadata: c.metadata };
  };

  it('a message reported as spam by its users is spam to V4 retrained after the reports, not before', async () => {
    // Six users get the same smishing text; each reports it from their own inbox.
    const users = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const name = `fb-${ctx.backend}-${i}-${Date.now()}`;
        return { name, token: await stack.signUp(name) };
      }),
    );
    const ids: string[] = [];
    for (const u of users) {
      const res = await stack.query<{
        receiveSms: { featuresStored: boolean; sms: { smsId: string } };
      }>(RECEIVE, { input: { recipientId: u.name, senderId: 'PARCELS', text: PARCEL } });
      expect(res.errors).toBeUndefined();
      expect(res.data!.receiveSms.featuresStored).toBe(true);
      ids.push(res.data!.receiveSms.sms.smsId);
    }
    // The inbox buffers offline feature history; training reads it once written.
    await store.flushOffline();
    await new Promise((r) => setTimeout(r, 20));
    const beforeReports = new Date();
    await new Promise((r) => setTimeout(r, 20));
    for (const [i, u] of users.entries()) {
      const res = await stack.query(REPORT, { id: ids[i], l: 'SPAM' }, bearer(u.token));
      expect(res.errors).toBeUndefined();
    }
    // Reports reach the offline history through the same journal (flushed every 5 s).
    await store.flushOffline();
    await new Promise((r) => setTimeout(r, 20));
    const afterReports = new Date();

    const train = async (until: Date, out: string) => {
      const dir = path.join(ctx.config.dataDir, out);
      const r = await cli(
        'models',
        'train',
        'v4',
        '--labels-until',
        until.toISOString(),
        '--out',
        dir,
      );
      return { dir, out: r.out, err: r.err };
    };
    const before = await train(beforeReports, 'v4-before');
    const after = await train(afterReports, 'v4-after');
    expect(before.out).toContain('models: V4 labels: 90 from the dataset, 0 from users');
    expect(after.out).toContain('models: V4 labels: 90 from the dataset, 6 from users');

    const old = await scoreWith(before.dir);
    const retrained = await scoreWith(after.dir);
    expect(old.metadata.data.timeFreeze).toBe(beforeReports.toISOString());
    expect(retrained.metadata.extra.labels).toEqual({ fromDataset: 90, fromUsers: 6 });
    expect(old.p).toBeLessThan(0.5);
    expect(retrained.p).toBeGreaterThan(0.5);
  });

  it('--labels-until in the future or not a time: one clear line, exit 1, nothing trained', async () => {
    for (const [value, message] of [
      ['2999-01-01T00:00:00Z', /--labels-until 2999-01-01T00:00:00Z is in the future/],
      ['yesterday', /--labels-until must be an ISO-8601 date-time/],
      ['2026-13-45', /--labels-until must be an ISO-8601 date-time/],
    ] as const) {
      const out = path.join(ctx.config.dataDir, 'never');
      const r = await runCliWithEnv(
        ['models', 'train', 'v4', '--labels-until', value, '--out', out],
        env(),
      );
      expect(r.code).toBe(1);
      expect(r.err).toEqual([expect.stringMatching(message)]);
      expect(fs.existsSync(out)).toBe(false);
    }
  });
});
