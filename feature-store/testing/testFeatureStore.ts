/**
 * A FeatureStore for the subgraph's tests: `feature-store/testing`'s small `testRepo` (scores
 * with a 1 h ttl, labels, pushed 3-vectors) on the suite's storage, a throwaway offline root
 * and a clock the test sets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FeatureStore } from '../featureStore';
import type { FileSource } from '../types';
import { at, testRepo } from '.';
import type { Storage } from '../../platform/storage';

/** The time every suite starts at (scores older than 11:00 are past their ttl). */
export const TEST_NOW = at('2020-01-01T12:00:00');

export interface TestFeatureStore {
  store: FeatureStore;
  /** What `store` takes as now; tests may move it. */
  clock: { now: Date };
  /** Complete Parquet part files of a source (to prove a rejected push wrote nothing). */
  parts(source: FileSource): string[];
  /** Deletes the offline root. */
  remove(): void;
}

/**
 * Opens the store; `apply` (default true) registers `testRepo` first. `project` renames the
 * project, so a second store on the same storage starts with an empty registry.
 */
export async function openTestFeatureStore(
  storage: Storage,
  opts: { apply?: boolean; project?: string } = {},
): Promise<TestFeatureStore> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-fs-subgraph-'));
  const clock = { now: TEST_NOW };
  const store = await FeatureStore.open({
    storage,
    offlineRoot: root,
    definitions: { ...testRepo, project: opts.project ?? testRepo.project },
    registryTtlMs: 0,
    now: () => clock.now,
  });
  if (opts.apply ?? true) await store.apply();
  return {
    store,
    clock,
    parts: (source) => {
      const dir = store.offline.dir(source);
      return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.parquet')) : [];
    },
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
