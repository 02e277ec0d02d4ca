import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { at, testEntity, vectorView } from '../testing';
import { JOURNAL_DIR, OfflineJournal } from './offlineJournal';
import { OfflineStore, ndjsonLines, type FeatureRow } from './offlineStore';

const row = (k: string, v: number[], ts = '2026-01-01T00:00:00'): FeatureRow => ({
  entityKey: k,
  eventTimestamp: at(ts),
  values: { v },
});

function setup() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-journal-'));
  const offline = new OfflineStore(root);
  const dir = path.join(root, 'vectors');
  const parts = () =>
    fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.parquet')) : [];
  const journals = () =>
    fs.existsSync(path.join(dir, JOURNAL_DIR)) ? fs.readdirSync(path.join(dir, JOURNAL_DIR)) : [];
  const rows = async () =>
    (await offline.latestPerEntity(vectorView, testEntity, at('2000-01-01'), at('2100-01-01')))
      .map((r) => [r.entityKey, r.values.v])
      .sort();
  return { root, offline, dir, parts, journals, rows };
}

describe('OfflineJournal', () => {
  it('buffers appends in a journal and writes ONE Parquet part per flush', async () => {
    const t = setup();
    const j = new OfflineJournal(t.offline, { flushIntervalMs: 60_000 });
    for (let i = 0; i < 50; i++) j.append(vectorView, testEntity, [row(`m${i}`, [i, 0, 0])]);
    expect(t.parts()).toEqual([]);
    expect(t.journals()).toHaveLength(1);
    expect(await j.flush()).toBe(50);
    expect(t.parts()).toHaveLength(1);
    expect(t.journals()).toEqual([]);
    const got = await t.rows();
    expect(got).toHaveLength(50);
    expect(got).toContainEqual(['m7', [7, 0, 0]]);
    j.append(vectorView, testEntity, [row('late', [1, 2, 3])]);
    await j.flush();
    expect(t.parts()).toHaveLength(2);
    expect(await j.flush()).toBe(0); // nothing left
  });

  it('flushes by itself after the interval, and sooner once maxRows wait', async () => {
    const t = setup();
    const timed = new OfflineJournal(t.offline, { flushIntervalMs: 50 });
    timed.append(vectorView, testEntity, [row('a', [1, 1, 1])]);
    for (let i = 0; i < 100 && t.parts().length === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(t.parts()).toHaveLength(1);

    const t2 = setup();
    const sized = new OfflineJournal(t2.offline, { flushIntervalMs: 60_000, maxRows: 3 });
    sized.append(vectorView, testEntity, [row('a', [1, 1, 1]), row('b', [2, 2, 2])]);
    expect(t2.parts()).toEqual([]);
    sized.append(vectorView, testEntity, [row('c', [3, 3, 3])]);
    for (let i = 0; i < 100 && t2.parts().length === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await t2.rows()).toEqual([
      ['a', [1, 1, 1]],
      ['b', [2, 2, 2]],
      ['c', [3, 3, 3]],
    ]);
    await sized.flush();
  });

  it("recovers a dead process's journal, cutting a torn last line, and never writes it twice", async () => {
    const t = setup();
    // A journal left by a process that has exited (a real, reaped pid).
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
    const jdir = path.join(t.dir, JOURNAL_DIR);
    fs.mkdirSync(jdir, { recursive: true });
    const orphan = path.join(jdir, `${dead}-1-0.ndjson`);
    const complete = ndjsonLines(
      vectorView,
      testEntity,
      [row('o1', [1, 0, 0]), row('o2', [2, 0, 0])],
      new Date(),
    );
    fs.writeFileSync(orphan, complete + '{"msg_id":"torn","event_ti');
    // And one of a live process (this test's parent): not ours to take.
    const live = path.join(jdir, `${process.ppid}-1-0.ndjson`);
    fs.writeFileSync(
      live,
      ndjsonLines(vectorView, testEntity, [row('live', [9, 9, 9])], new Date()),
    );

    const j = new OfflineJournal(t.offline);
    j.watch([{ view: vectorView, entity: testEntity }]);
    expect(await j.flush()).toBe(2);
    expect(await t.rows()).toEqual([
      ['o1', [1, 0, 0]],
      ['o2', [2, 0, 0]],
    ]);
    expect(t.journals()).toEqual([path.basename(live)]);

    // A flush that died after writing the part but before deleting the journal.
    fs.writeFileSync(orphan, complete);
    expect(await j.flush()).toBe(0);
    expect(t.journals()).toEqual([path.basename(live)]);
    expect(t.parts()).toHaveLength(1);
  });

  it('keeps a journal whose part cannot be written, and writes it on a later flush', async () => {
    const t = setup();
    // The disk is full once (runs as root here, so permissions cannot make a write fail).
    let failures = 1;
    const flaky = new (class extends OfflineStore {
      override writePart(...args: Parameters<OfflineStore['writePart']>) {
        if (failures-- > 0) return Promise.reject(new Error('ENOSPC: no space left on device'));
        return super.writePart(...args);
      }
    })(t.root);
    const j = new OfflineJournal(flaky, { flushIntervalMs: 60_000 });
    j.append(vectorView, testEntity, [row('k', [4, 4, 4])]);
    await expect(j.flush()).rejects.toThrow('ENOSPC');
    expect(t.journals()).toHaveLength(1);
    expect(t.parts()).toEqual([]);
    expect(await j.flush()).toBe(1);
    expect(t.journals()).toEqual([]);
    expect(await t.rows()).toEqual([['k', [4, 4, 4]]]);
  });
});
