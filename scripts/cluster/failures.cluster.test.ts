/**
 * Failure behaviour on the real 3-node cluster at RF 3 with the default consistency levels,
 * through the real Apollo Gateway over HTTP (`npm run test:cluster`; jest.cluster.config.js
 * starts the cluster):
 * 1. node 3 killed with SIGKILL while 2,000 `receiveSms` (idempotency keys, 8 in flight) and a
 *    `materialize` run: no client sees an error; afterwards every key holds exactly one
 *    message with its v1 and v2 features online, the materialized rows are all online, and
 *    once node 3 is back its hints are replayed and reads it coordinates at ONE see it all;
 * 2. node 2 restarted while the gateway serves inbox pages with predictions: no errors, p99
 *    during the restart printed next to the steady p99;
 * 3. nodes 2 and 3 down: coded STORAGE_UNAVAILABLE answers within the driver timeout, nothing
 *    half-written, and full service once they return, clients retrying by idempotency key.
 * The counts of each scenario are printed (the issue's closing note quotes them).
 */
import { randomBytes } from 'node:crypto';
import { types, type Client } from 'cassandra-driver';
import type { FeatureStore } from '../../feature-store';
import { openSpamFeatureStore, spamRepo, extractV2, loadTokenizer } from '../../models';
import { mapLimit } from '../../platform/concurrency';
import type { Config } from '../../platform/config';
import type { Storage } from '../../platform/storage';
import { dropTestStorage, openTestStorage } from '../../platform/testing/backends';
import {
  clientOn,
  clusterTestConfig,
  killNode,
  pendingHintsOn,
  ringUp,
  startAllNodes,
  startNode,
  stopNode,
  waitForSchemaAgreement,
} from '../testing/cluster';
import { bearer, startTestStack, type TestStack } from '../../subgraphs/testing/stack';
import { percentile } from '../stats/percentile';
import { waitUntil } from '../testing/processes';

const RECEIVE = `mutation R($input: ReceiveSmsInput!) {
  receiveSms(input: $input) { featuresStored replayed sms { smsId recipientId text } }
}`;
const MATERIALIZE = `mutation M($start: DateTime!, $end: DateTime!) {
  materialize(start: $start, end: $end, featureViews: ["sms_features2"]) { rows written }
}`;
const INBOX_WITH_PREDICTIONS = `query I($u: ID!) {
  inbox(userId: $u, first: 20) { edges { node { smsId spamPrediction(version: V1) { label } } } }
}`;

interface Received {
  featuresStored: boolean;
  replayed: boolean;
  sms: { smsId: string; recipientId: string; text: string };
}
interface Outcome<T> {
  data?: T;
  error?: { code: string; message: string };
  ms: number;
}

const run = randomBytes(3).toString('hex');
const report: string[] = [];
const say = (line: string) => {
  report.push(line);
  process.stderr.write(`cluster: ${line}\n`);
};

describe('a 3-node cluster at RF 3 under node failures', () => {
  let config: Config;
  let storage: Storage;
  let store: FeatureStore;
  let stack: TestStack;

  beforeAll(async () => {
    config = clusterTestConfig({
      CASSANDRA_CONCURRENCY: '8',
      // The load is one caller: the gateway's per-caller rate limit is not under test here.
      GATEWAY_RATE_PER_SECOND: '1000000',
      GATEWAY_RATE_BURST: '1000000',
    });
    await waitForSchemaAgreement();
    storage = await openTestStorage(config);
    store = await openSpamFeatureStore(storage, config);
    await store.apply();
    // Every node knows every table before the first write.
    await waitForSchemaAgreement();
    // The limits above reach the gateway only when passed: it reads GATEWAY_* from the
    // environment otherwise (a fast cluster hit the default rate limit: 269 RATE_LIMITED).
    stack = await startTestStack(storage, config, {
      featureStore: store,
      gatewayLimits: config.gatewayLimits,
    });
  }, 180_000);

  // A failed scenario must not leave a node down for the next one.
  afterEach(async () => startAllNodes(), 300_000);

  afterAll(async () => {
    await stack?.close();
    // Whatever failed, the next suite gets all three nodes back.
    await startAllNodes();
    if (storage) await dropTestStorage(storage, config);
    await waitForSchemaAgreement();
    process.stderr.write(`\n${report.map((l) => `cluster: ${l}`).join('\n')}\n`);
  }, 300_000);

  /** One receiveSms through the gateway as the carrier (ingest key). */
  const receive = async (input: Record<string, unknown>): Promise<Outcome<Received>> => {
    const t = Date.now();
    const res = await stack.query<{ receiveSms: Received }>(
      RECEIVE,
      { input },
      bearer(stack.keys.ingest),
    );
    const ms = Date.now() - t;
    const e = res.errors?.[0];
    if (e) return { error: { code: String(e.extensions?.code), message: e.message }, ms };
    return { data: res.data!.receiveSms, ms };
  };
  /** Every message of `users` as Cassandra holds them (LOCAL_QUORUM through the store). */
  const messagesOf = async (users: string[]) => {
    const all: { smsId: string; recipientId: string; text: string }[] = [];
    for (const u of users) {
      const page = await storage.inboxes.listInbox(u, { limit: 10_000 });
      all.push(...page.items);
    }
    return all;
  };
  /** Which of `features` × `entities` are not PRESENT online (read 1,000 entities at a time). */
  const notPresent = async (features: string[], entities: string[]) => {
    const missing: string[] = [];
    for (let i = 0; i < entities.length; i += 1000) {
      const chunk = entities.slice(i, i + 1000);
      const got = await store.getOnlineFeatures({ features, entities: chunk });
      got.columns.slice(1).forEach((c, f) =>
        c.statuses.forEach((s, j) => {
          if (s !== 'PRESENT') missing.push(`${features[f]} ${chunk[j]} ${s}`);
        }),
      );
    }
    return missing;
  };
  /** Rows of `table` in this keyspace for the partition keys, as node `address` coordinates at ONE. */
  const countAtOneOn = async (address: string, cql: string, keys: unknown[][]) => {
    const client: Client = await clientOn(address, config.cassandra.keyspace);
    try {
      let n = 0;
      for (const params of keys) {
        n += (
          await client.execute(cql, params, { prepare: true, consistency: types.consistencies.one })
        ).rowLength;
      }
      return n;
    } finally {
      await client.shutdown();
    }
  };

  it('loses nothing when a node is killed mid-load: 2,000 keyed receiveSms and a materialize', async () => {
    const TOTAL = 2000;
    const USERS = 20;
    const MATERIALIZED = 3000;
    const users = Array.from({ length: USERS }, (_, i) => `kill-${run}-${i}`);
    const inputOf = (i: number) => ({
      recipientId: users[i % USERS]!,
      senderId: '+15550100',
      text: `cluster message ${i} of run ${run} ✓ call 0800 ${i}`,
      idempotencyKey: `key-${i}`,
    });
    // Offline history to materialize: last year's rows, outside the window of the load.
    const tokenizer = await loadTokenizer();
    const view = spamRepo.featureViews.find((v) => v.name === 'sms_features2')!;
    const start = new Date('2025-06-01T00:00:00Z');
    await store.offline.append(
      view,
      spamRepo.entities[0]!,
      Array.from({ length: MATERIALIZED }, (_, i) => ({
        entityKey: `mat-${run}-${i}`,
        eventTimestamp: new Date(start.getTime() + i * 1000),
        values: { features: extractV2(tokenizer, `offline row ${i}`) },
      })),
    );

    let acknowledged = 0;
    let killedAt = -1;
    let materialized:
      Promise<Outcome<{ materialize: { rows: number; written: number } }>> | undefined;
    let kill: Promise<void> | undefined;
    const t0 = Date.now();
    const outcomes = await mapLimit(
      Array.from({ length: TOTAL }, (_, i) => i),
      8,
      async (i) => {
        if (i === 400) {
          // The materialization starts, then node 3 dies under both.
          materialized = (async () => {
            const t = Date.now();
            const res = await stack.query<{ materialize: { rows: number; written: number } }>(
              MATERIALIZE,
              { start: start.toISOString(), end: new Date('2025-12-31T00:00:00Z').toISOString() },
            );
            const e = res.errors?.[0];
            return e
              ? {
                  error: { code: String(e.extensions?.code), message: e.message },
                  ms: Date.now() - t,
                }
              : { data: res.data!, ms: Date.now() - t };
          })();
          kill = new Promise((r) => setTimeout(r, 300)).then(async () => {
            killedAt = acknowledged;
            await killNode(3);
          });
        }
        const o = await receive(inputOf(i));
        if (o.data) acknowledged++;
        return o;
      },
    );
    await kill;
    const mat = await materialized!;
    const loadMs = Date.now() - t0;
    const errors = outcomes.filter((o) => o.error).map((o) => o.error);
    say(
      `kill -9 node 3: sent ${TOTAL}, acknowledged ${acknowledged} (${killedAt} before the kill), ` +
        `errors ${errors.length}, in ${(loadMs / 1000).toFixed(1)} s, ` +
        `p50 ${percentile(
          outcomes.map((o) => o.ms),
          50,
        )} ms, p99 ${percentile(
          outcomes.map((o) => o.ms),
          99,
        )} ms, ` +
        `max ${Math.max(...outcomes.map((o) => o.ms))} ms; materialize ${mat.data?.materialize.rows ?? mat.error?.code} rows in ${mat.ms} ms`,
    );
    expect(errors).toEqual([]);
    expect(mat.error).toBeUndefined();
    expect(mat.data?.materialize.rows).toBe(MATERIALIZED);
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(TOTAL);
    expect(outcomes.every((o) => o.data?.featuresStored === true)).toBe(true);

    // Node 3 comes back; the others replay the hints they kept for it.
    const restartMs = Date.now();
    await startNode(3);
    const hintsMs = await waitUntil(
      'hints for 127.0.0.3 replayed',
      async () => {
        const pending = await Promise.all(['127.0.0.1', '127.0.0.2'].map(pendingHintsOn));
        return pending.every((p) => !p['127.0.0.3'] && !p['/127.0.0.3']);
      },
      180_000,
      1000,
    );
    say(
      `node 3 rejoined in ${((Date.now() - restartMs - hintsMs) / 1000).toFixed(1)} s; ` +
        `hints drained ${(hintsMs / 1000).toFixed(1)} s later`,
    );

    // Every key: one claim, one message, the claim's message.
    const messages = await messagesOf(users);
    const byText = new Map(messages.map((m) => [m.text, m]));
    const claims = await mapLimit(
      Array.from({ length: TOTAL }, (_, i) => i),
      16,
      async (i) => storage.ingestionLog.get(inputOf(i).recipientId, inputOf(i).idempotencyKey),
    );
    expect(messages).toHaveLength(TOTAL);
    expect(byText.size).toBe(TOTAL);
    const mismatched = claims.filter(
      (c, i) => !c || c.smsId !== byText.get(inputOf(i).text)?.smsId || !c.featuresStoredAt,
    );
    expect(mismatched).toEqual([]);
    // Their v1 and v2 features online (read at the features' level, LOCAL_QUORUM).
    const smsIds = messages.map((m) => m.smsId);
    expect(await notPresent(['sms_features1:cap_r', 'sms_features2:features'], smsIds)).toEqual([]);
    // The materialized rows, all online.
    const matKeys = Array.from({ length: MATERIALIZED }, (_, i) => `mat-${run}-${i}`);
    expect(await notPresent(['sms_features2:features'], matKeys)).toEqual([]);
    // Reads node 3 coordinates at ONE: the hints replayed, it answers from any one replica.
    // A write whose coordinator died after the quorum answered can miss the third replica
    // with no hint left (only a repair — nodetool, absent here — would fix it), so this
    // allows 0.1 % of rows; QUORUM reads above found every one.
    const onNode3 = await countAtOneOn(
      '127.0.0.3',
      'SELECT sms_id FROM inbox_by_user WHERE user_id = ?',
      users.map((u) => [u]),
    );
    expect(onNode3).toBeGreaterThanOrEqual(TOTAL * 0.999);
    expect(onNode3).toBeLessThanOrEqual(TOTAL);
    say(
      `after the kill: ${TOTAL} keys → ${byText.size} messages stored once, ${TOTAL - mismatched.length} claims matching, ` +
        `${smsIds.length}×2 feature rows present, ${MATERIALIZED} materialized rows online, node 3 at ONE sees ${onNode3}`,
    );
  }, 600_000);

  it('keeps serving inbox pages with predictions while a node restarts', async () => {
    const users = Array.from({ length: 5 }, (_, i) => `serve-${run}-${i}`);
    await mapLimit(
      Array.from({ length: 100 }, (_, i) => i),
      8,
      async (i) => {
        const o = await receive({
          recipientId: users[i % 5]!,
          senderId: '+15550101',
          text: `serving message ${i} ${i % 3 === 0 ? 'WINNER! claim your £900 prize now, call 09061701461' : 'see you at lunch?'}`,
          idempotencyKey: `serve-${i}`,
        });
        expect(o.error).toBeUndefined();
      },
    );
    /** Inbox pages with predictions at concurrency 4 until `until` resolves. */
    const serve = async (until: Promise<unknown>) => {
      let done = false;
      void until.finally(() => (done = true));
      const ms: number[] = [];
      const errors: string[] = [];
      await Promise.all(
        Array.from({ length: 4 }, async (_, w) => {
          for (let i = 0; !done; i++) {
            const t = Date.now();
            const res = await stack.query<{
              inbox: { edges: { node: { spamPrediction: { label: string } } }[] };
            }>(INBOX_WITH_PREDICTIONS, { u: users[(w + i) % 5] });
            ms.push(Date.now() - t);
            if (res.errors) errors.push(String(res.errors[0]?.extensions?.code));
            else if (res.data?.inbox.edges.length !== 20) errors.push('short page');
          }
        }),
      );
      return { ms, errors };
    };
    const steady = await serve(new Promise((r) => setTimeout(r, 15_000)));
    const restart = (async () => {
      const t = Date.now();
      await stopNode(2);
      await startNode(2);
      await new Promise((r) => setTimeout(r, 3000)); // and a little after it is back
      return Date.now() - t;
    })();
    const during = await serve(restart);
    const line = (name: string, s: { ms: number[]; errors: string[] }) =>
      `${name}: ${s.ms.length} pages, p50 ${percentile(s.ms, 50)} ms, p99 ${percentile(s.ms, 99)} ms, errors ${s.errors.length}`;
    say(
      `restart of node 2 (${((await restart) / 1000).toFixed(1)} s) under inbox + spamPrediction load — ${line('steady', steady)}; ${line('during the restart', during)}`,
    );
    expect(steady.errors).toEqual([]);
    expect(during.errors).toEqual([]);
    expect(during.ms.length).toBeGreaterThan(0);
  }, 600_000);

  it('answers STORAGE_UNAVAILABLE with two nodes down, half-writes nothing, and recovers by key', async () => {
    const users = Array.from({ length: 5 }, (_, i) => `down-${run}-${i}`);
    const N = 50;
    const inputOf = (i: number) => ({
      recipientId: users[i % 5]!,
      senderId: '+15550102',
      text: `while two nodes are down ${i}`,
      idempotencyKey: `down-${i}`,
    });
    await Promise.all([killNode(2), killNode(3)]);
    const failed = await mapLimit(
      Array.from({ length: N }, (_, i) => i),
      8,
      (i) => receive(inputOf(i)),
    );
    const codes = [...new Set(failed.map((o) => o.error?.code ?? 'OK'))];
    const slowest = Math.max(...failed.map((o) => o.ms));
    const inboxRead = await stack.query(INBOX_WITH_PREDICTIONS, { u: users[0] });
    say(
      `two nodes down: sent ${N}, answered ${codes.join('/')} (slowest ${slowest} ms, driver timeout ${12_000} ms); ` +
        `inbox read: ${String(inboxRead.errors?.[0]?.extensions?.code ?? 'OK')}`,
    );
    expect(codes).toEqual(['STORAGE_UNAVAILABLE']);
    expect(slowest).toBeLessThan(12_000);
    expect(inboxRead.errors?.[0]?.extensions?.code).toBe('STORAGE_UNAVAILABLE');
    // Nothing half-written: node 1 (the only one up) holds no message and no claim of them.
    const messagesNow = await countAtOneOn(
      '127.0.0.1',
      'SELECT sms_id FROM inbox_by_user WHERE user_id = ?',
      users.map((u) => [u]),
    );
    expect(messagesNow).toBe(0);

    const t = Date.now();
    await startAllNodes();
    await waitUntil(
      'every node up',
      async () => Object.values(await ringUp()).every(Boolean),
      60_000,
      500,
    );
    const backMs = Date.now() - t;
    // Clients retry by key: each message stored once, each with its claim.
    const retried = await mapLimit(
      Array.from({ length: N }, (_, i) => i),
      8,
      (i) => receive(inputOf(i)),
    );
    expect(retried.filter((o) => o.error)).toEqual([]);
    const messages = await messagesOf(users);
    expect(messages).toHaveLength(N);
    const claims = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        storage.ingestionLog.get(inputOf(i).recipientId, inputOf(i).idempotencyKey),
      ),
    );
    const ids = new Set(messages.map((m) => m.smsId));
    expect(claims.filter((c) => !c || !ids.has(c.smsId))).toEqual([]);
    say(
      `nodes 2 and 3 back in ${(backMs / 1000).toFixed(1)} s; ${N} client retries by key → ` +
        `${retried.filter((o) => o.data).length} acknowledged, ${messages.length} messages, ${claims.length} matching claims`,
    );
  }, 600_000);
});
