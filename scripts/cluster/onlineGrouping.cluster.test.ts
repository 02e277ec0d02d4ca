/**
 * The online store's token-aware reads on the 3-node cluster: keys are grouped by their
 * first replica, so each `IN` query names only partitions that one node owns, and the driver
 * routes it to that node — the multi-node branch that a single node never runs.
 */
import type { Client } from 'cassandra-driver';
import { openSpamFeatureStore, smsFeatures1 } from '../../models';
import { READ_KEYS_PER_QUERY } from '../../feature-store';
import type { Storage } from '../../platform/storage';
import { dropTestStorage, openTestStorage } from '../../platform/testing/backends';
import { clusterTestConfig, waitForSchemaAgreement } from '../testing/cluster';

describe('token-aware online reads on a 3-node cluster', () => {
  const config = clusterTestConfig();
  let storage: Storage;
  let client: Client;
  beforeAll(async () => {
    await waitForSchemaAgreement();
    storage = await openTestStorage(config);
    if (storage.connection.backend !== 'cassandra') throw new Error('needs Cassandra');
    client = storage.connection.client;
  }, 120_000);
  afterAll(async () => {
    if (storage) await dropTestStorage(storage, config);
  }, 120_000);

  it('sends each IN query to keys of one replica, in as few queries as the groups allow', async () => {
    await (await openSpamFeatureStore(storage, config)).apply();
    const store = (await openSpamFeatureStore(storage, config)).online;
    await waitForSchemaAgreement();
    const keys = Array.from({ length: 300 }, (_, i) => `grouped-${i}`);
    const at = new Date('2026-01-01T00:00:00Z');
    const values = (i: number) => ({
      cap_r: i / 300,
      nal_r: 0,
      free: 0,
      money: 0,
      prize: 0,
      win: 0,
      won: 0,
      winner: 0,
      cash: i % 2,
    });
    await store.write(
      smsFeatures1,
      keys.map((k, i) => ({ entityKey: k, eventTimestamp: at, values: values(i) })),
    );

    const firstReplica = (k: string) =>
      client.getReplicas(config.cassandra.keyspace, Buffer.from(k, 'utf8'))?.[0]?.address;
    const queries: string[][] = [];
    const execute = client.execute.bind(client);
    const spy = jest.spyOn(client, 'execute').mockImplementation(((
      q: string,
      params: unknown[],
      opts: unknown,
    ) => {
      if (q.includes(' IN ?')) queries.push(params[0] as string[]);
      return execute(q, params as never, opts as never);
    }) as never);
    try {
      const rows = await store.read(smsFeatures1, [...keys, 'absent-key']);
      expect(rows.slice(0, 300).map((r) => r?.values.cap_r)).toEqual(keys.map((_, i) => i / 300));
      expect(rows[300]).toBeNull();
    } finally {
      spy.mockRestore();
    }
    const groups = new Map<string, number>();
    for (const k of [...keys, 'absent-key']) {
      const r = firstReplica(k) ?? '?';
      groups.set(r, (groups.get(r) ?? 0) + 1);
    }
    // Three nodes, one token each: every node is some keys' first replica.
    expect(groups.size).toBe(3);
    expect(queries.every((q) => new Set(q.map(firstReplica)).size === 1)).toBe(true);
    expect(queries.length).toBe(
      [...groups.values()].reduce((n, g) => n + Math.ceil(g / READ_KEYS_PER_QUERY), 0),
    );
    process.stderr.write(
      `cluster: 301 keys → ${queries.length} IN queries over ${groups.size} replicas (${[...groups.values()].join('/')} keys)\n`,
    );
  });
});
