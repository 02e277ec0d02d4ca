import { createRng } from '../../classifiers/random';
import { trainV2 } from '../../training/trainLstm';
import type { HistoricalSource } from '../../training/types';
import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';

function noisy(n: number, seed: number) {
  const rng = createRng(seed);
  const t = new Map<string, { features: number[]; label: number }>();
  for (let i = 0; i < n; i++) {
    const spam = i % 2 === 0;
    const ids = Array.from({ length: 30 }, (_, j) =>
      j < 20 ? 0 : spam && rng.next() < 0.3 ? 170 + rng.int(10) : 1 + rng.int(169),
    );
    const flip = rng.next() < 0.2;
    t.set(`n${i}`, { features: ids, label: spam !== flip ? 1 : 0 });
  }
  return t;
}
it('explore', async () => {
  for (const lr of [0.05, 0.1]) for (const s of [1, 2, 3]) {
    const t = noisy(80, s);
    const store: HistoricalSource = {
      getHistoricalFeatures: (sel) => Promise.resolve({ featureColumns: ['features', 'label'],
        rows: sel.entityRows.map((r) => ({ entityKey: r.entityKey, eventTimestamp: r.eventTimestamp, values: t.get(r.entityKey)! })) }),
    };
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'x-'));
    const r = await trainV2({ store, ids: [...t.keys()], seed: 5, outDir: dir, epochs: 8, batchSize: 8, learningRate: lr, validationFraction: 0.3 });
    const v = r.metadata.extra.validation as { bestEpoch: number; accuracy: number };
    console.log(lr, s, v.bestEpoch, v.accuracy, JSON.stringify((r.metadata.extra.epochLog as { valAccuracy: number }[]).map((e) => e.valAccuracy)));
  }
}, 120000);
