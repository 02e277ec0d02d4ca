/** FeatureStore's registry cache: stale while revalidate, one read at a time, apply wins. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropTestStorage, openTestStorage, testConfig } from '../platform/testing/backends';
import type { Storage } from '../platform/storage';
import type { Config } from '../platform/config';
import { FeatureStore } from './featureStore';
import { testRepo } from './testing';
import type { FeatureRepo } from './types';

let config: Config;
let storage: Storage;
let root: string;

beforeAll(async () => {
  config = testConfig('sqlite');
  storage = await openTestStorage(config);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-registry-cache-'));
});
afterAll(async () => {
  await dropTestStorage(storage, config);
  fs.rmSync(root, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const open = (definitions: FeatureRepo, registryTtlMs: number) =>
  FeatureStore.open({ storage, offlineRoot: root, definitions, registryTtlMs });
/** The test repo with another description, so two registered versions can be told apart. */
const described = (description: string): FeatureRepo => ({
  ...testRepo,
  featureViews: testRepo.featureViews.map((v, i) => (i === 0 ? { ...v, description } : v)),
});

describe('FeatureStore registry cache', () => {
  it('serves the cached repo, then the expired one while one background read refreshes it', async () => {
    const writer = await open(described('first'), 0);
    await writer.apply();
    // A TTL far above the few milliseconds between the calls below, even on a loaded machine.
    const server = await open(described('first'), 300);
    const reads = jest.spyOn(server.registry, 'getRepo');
    const desc = async () => (await server.registered()).featureViews[0]?.description;

    expect(await desc()).toBe('first');
    expect(await desc()).toBe('first');
    expect(reads).toHaveBeenCalledTimes(1);

    // Another process applies new definitions; this server learns of them after its TTL.
    await (await open(described('second'), 0)).apply();
    expect(await desc()).toBe('first');
    await sleep(350);
    // Expired: ten concurrent requests get the cached repo at once and start ONE read.
    const answers = await Promise.all(Array.from({ length: 10 }, desc));
    expect(answers).toEqual(Array.from({ length: 10 }, () => 'first'));
    expect(reads).toHaveBeenCalledTimes(2);
    await sleep(10);
    expect(await desc()).toBe('second');
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('keeps serving the last repo when a refresh fails, and retries on the next request', async () => {
    await (await open(described('kept'), 0)).apply();
    const server = await open(described('kept'), 30);
    expect((await server.registered()).featureViews[0]?.description).toBe('kept');
    const reads = jest
      .spyOn(server.registry, 'getRepo')
      .mockRejectedValueOnce(new Error('storage went away'));
    await sleep(40);
    expect((await server.registered()).featureViews[0]?.description).toBe('kept');
    await sleep(5);
    expect((await server.registered()).featureViews[0]?.description).toBe('kept');
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('with TTL 0 every call reads the registry; before apply every call says NOT_FOUND', async () => {
    const fresh = await FeatureStore.open({
      storage,
      offlineRoot: root,
      definitions: { ...testRepo, project: 'never_applied' },
      registryTtlMs: 60_000,
    });
    await expect(fresh.registered()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(fresh.registered()).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const store = await open(testRepo, 0);
    await store.apply();
    const reads = jest.spyOn(store.registry, 'getRepo');
    await store.registered();
    await store.registered();
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('apply in this process wins over a read that started before it', async () => {
    await (await open(described('old'), 0)).apply();
    const store = await open(described('mine'), 20);
    const desc = async () => (await store.registered()).featureViews[0]?.description;
    expect(await desc()).toBe('old');
    await sleep(30);
    // The background refresh reads 'old' now but answers only after the apply below.
    const original = store.registry.getRepo.bind(store.registry);
    jest.spyOn(store.registry, 'getRepo').mockImplementationOnce(async (project) => {
      const stale = await original(project);
      await sleep(40);
      return stale;
    });
    expect(await desc()).toBe('old');
    await store.apply();
    expect(await desc()).toBe('mine');
    await sleep(60);
    expect(await desc()).toBe('mine');
  });
});
