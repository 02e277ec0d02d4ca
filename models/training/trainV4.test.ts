import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FeatureValue, HistoricalResult } from '../../feature-store';
import { extractV3 } from '../features';
import { loadV4Classifier } from '../classifiers/v4';
import { candidateGrid } from '../classifiers/linearSelection';
import { trainV4 } from './trainV4';
import type { HistoricalSource } from './types';

type Values = Record<string, FeatureValue>;

/** The parts of V4's `extra` record these tests read. */
interface Extra {
  selection: { candidates: { loss: string; logLoss: number }[] };
  labels: { fromDataset: number; fromUsers: number };
  reliability: { bins: { count: number }[] };
  testByPart: Record<string, { n: number }>;
}

/** Texts written for this test: spam offers with prizes and numbers, ordinary chat as ham. */
function texts(): { id: string; text: string; label: number | null }[] {
  const rows: { id: string; text: string; label: number | null }[] = [];
  const prizes = ['£500 cash', 'a free holiday', 'a new phone', '£1000 prize', 'free tickets'];
  const chats = [
    'see you at the station',
    'dinner at eight?',
    'running late, sorry',
    'call mum',
    'the meeting moved',
  ];
  for (let i = 0; i < 24; i++) {
    rows.push({
      id: `spam${i}`,
      text: `URGENT! You have won ${prizes[i % 5]}. Call 0906${String(1000000 + i * 7919)} now, claim code ${i}`,
      label: 1,
    });
  }
  for (let i = 0; i < 40; i++) {
    rows.push({
      id: `ham${i}`,
      text: `hey ${chats[i % 5]} ok ${i % 3 === 0 ? 'love you' : 'thanks'}`,
      label: 0,
    });
  }
  rows.push({ id: 'noLabel', text: 'whatever', label: null });
  return rows;
}

/** A feature store answering labeled_sms_3 from the texts' v3 vectors (`null` for the unknown). */
function fakeStore(asked: Date[]): HistoricalSource {
  const table = new Map<string, Values>(
    texts().map((r) => {
      const v = extractV3(r.text);
      return [r.id, { indices: v.indices, values: v.values, label: r.label }];
    }),
  );
  return {
    getHistoricalFeatures: (sel) => {
      asked.push(...sel.entityRows.map((r) => r.eventTimestamp));
      const result: HistoricalResult = {
        featureColumns: ['indices', 'values', 'label'],
        rows: sel.entityRows.map((r) => ({
          entityKey: r.entityKey,
          eventTimestamp: r.eventTimestamp,
          values: table.get(r.entityKey) ?? { indices: null, values: null, label: null },
        })),
      };
      return Promise.resolve(result);
    },
  };
}

const IDS = [...texts().map((r) => r.id), 'unknown'];
const FAST = candidateGrid(['logistic', 'squaredHinge'], [1e-3], [1]);
let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'spamgraph-v4-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('trainV4', () => {
  it('trains on the store as of the time freeze, records selection, calibration and label origins, and saves a loadable artifact', async () => {
    const asked: Date[] = [];
    const lines: string[] = [];
    const r = await trainV4({
      store: fakeStore(asked),
      ids: IDS,
      datasetIds: IDS.filter((id) => !id.startsWith('ham3')),
      outDir: dir,
      candidates: FAST,
      partOf: (id) => (id.startsWith('spam') ? 'offers' : id.startsWith('ham') ? 'chat' : null),
      onProgress: (l) => lines.push(l),
    });
    expect(new Set(asked.map((d) => d.toISOString()))).toEqual(
      new Set(['2026-12-01T00:00:00.000Z']),
    );
    const m = r.metadata;
    expect(m.data).toMatchObject({ entityRows: 66, dropped: 2, spam: 24, ham: 40 });
    expect(m.split).toMatchObject({ nTrain: 48, nTest: 16 });
    expect(m.metrics.accuracy).toBe(1);
    const extra = m.extra as unknown as Extra;
    expect(extra.selection.candidates.map((c) => c.loss)).toEqual(['logistic', 'squaredHinge']);
    expect([m.hyperparameters.loss]).toContain(
      extra.selection.candidates.reduce((a, b) => (b.logLoss < a.logLoss ? b : a)).loss,
    );
    // ham30…ham39 and ham3 are outside the "dataset": 11 users' labels.
    expect(extra.labels).toEqual({ fromDataset: 53, fromUsers: 11 });
    expect(extra.reliability.bins).toHaveLength(10);
    expect(extra.reliability.bins.reduce((s, b) => s + b.count, 0)).toBe(16);
    expect(Object.keys(extra.testByPart)).toEqual(['chat', 'offers']);
    expect(extra.testByPart.chat!.n + extra.testByPart.offers!.n).toBe(16);
    expect(lines.some((l) => l.startsWith('models: V4:   1/2 logistic'))).toBe(true);

    const c = await loadV4Classifier(dir);
    expect(c.artifactDigest).toBe(r.artifactDigest);
    const [spam, ham] = await c.predictProba([
      c.textToFeatures('URGENT! You have won a free holiday. Call 09061234567 now, claim code 99'),
      c.textToFeatures('hey dinner at eight? ok thanks'),
    ]);
    expect(spam).toBeGreaterThan(0.5);
    expect(ham).toBeLessThan(0.5);
  });

  it('looks every row up as of asOf when given', async () => {
    const asked: Date[] = [];
    const asOf = new Date('2026-12-02T10:00:00Z');
    const r = await trainV4({
      store: fakeStore(asked),
      ids: IDS,
      outDir: dir,
      candidates: FAST,
      asOf,
    });
    expect(new Set(asked.map((d) => d.getTime()))).toEqual(new Set([asOf.getTime()]));
    expect(r.metadata.data.timeFreeze).toBe(asOf.toISOString());
    expect((r.metadata.extra as unknown as Extra).labels).toEqual({
      fromDataset: 64,
      fromUsers: 0,
    });
  });

  it('refuses too few rows of a class, and no ids', async () => {
    await expect(
      trainV4({ store: fakeStore([]), ids: ['spam1', 'spam2', 'ham1'], outDir: dir }),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/at least 6 spam and 6 ham/),
    });
    await expect(trainV4({ store: fakeStore([]), ids: [], outDir: dir })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });
});
