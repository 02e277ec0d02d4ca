/**
 * `npm run bench:ingest`: `receiveSms` through the real gateway and inbox subgraph processes —
 * p50 / p99 / throughput at each concurrency, with what the group commit made of it (messages
 * per feature write, time per write, offline Parquet parts written) — on SQLite and (when a
 * node answers, or `--backends cassandra` is asked) on Cassandra, side by side in one run.
 * Messages are delivered as a carrier would: with an `ingest` API key; the inbox subgraph's
 * `/metrics` is scraped with an `admin` key.
 *
 * Options: --backends sqlite,cassandra  --connections 1,8  --seconds 10
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openSpamFeatureStore } from '../../models';
import { openStorage } from '../../platform/storage';
import { sampleValue } from '../../platform/http/prometheusText';
import {
  NO_CASSANDRA_NOTE,
  benchCredentials,
  benchEnv,
  getText,
  measure,
  pickBackends,
  startServices,
  type Backend,
} from './harness';
import { machineLine, table } from './machine';

const MUTATION = `mutation R($input: ReceiveSmsInput!) { receiveSms(input: $input) { featuresStored sms { smsId } } }`;
const TEXTS = [
  'Are we still on for lunch tomorrow at 1? I can book the usual place',
  'WINNER!! You have been selected for a £900 prize. Call 09061701461 to claim now',
  'Running 10 min late, the bus broke down. Save me a seat',
  'FREE entry in 2 a weekly comp to win FA Cup final tkts, text FA to 87121',
];

/** Parquet part files under the offline store of the v2 features. */
function offlineParts(dataDir: string): number {
  const dir = path.join(dataDir, 'offline', 'sms_features2');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.parquet')).length : 0;
}

async function runBackend(backend: Backend, connections: number[], seconds: number) {
  const b = await benchEnv(backend, 'ingest');
  const rows = [];
  try {
    const storage = await openStorage(b.config);
    await (await openSpamFeatureStore(storage, b.config)).apply();
    const creds = await benchCredentials(storage, b.config);
    await storage.close();
    const services = await startServices(b);
    try {
      const url = `${services.gatewayUrl}/graphql`;
      const metricsUrl = `${services.subgraphUrls.inbox}/metrics`;
      // Many bodies: every request a new message (recipients spread over 100 inboxes).
      const bodies = Array.from({ length: 5000 }, (_, i) =>
        JSON.stringify({
          query: MUTATION,
          variables: {
            input: {
              recipientId: `user-${i % 100}`,
              senderId: `+4477009${String(i % 1000).padStart(5, '0')}`,
              text: `${TEXTS[i % TEXTS.length]} (${i})`,
            },
          },
        }),
      );
      for (const c of connections) {
        const before = await getText(metricsUrl, creds.admin);
        const partsBefore = offlineParts(b.config.dataDir);
        const r = await measure({
          url,
          bodies,
          credential: creds.ingest,
          connections: c,
          seconds,
          warmupSeconds: 2,
        });
        const after = await getText(metricsUrl, creds.admin);
        const delta = (s: string) => sampleValue(after, s) - sampleValue(before, s);
        const writes = delta('spamgraph_inbox_feature_write_batch_size_count');
        const failed = delta('spamgraph_inbox_received_total{outcome="features_failed"}');
        if (failed > 0) throw new Error(`${failed} messages were stored without features`);
        rows.push([
          backend,
          c,
          r.p50,
          r.p99,
          Math.round(r.rps),
          r.requests,
          r.errors,
          writes
            ? (delta('spamgraph_inbox_feature_write_batch_size_sum') / writes).toFixed(1)
            : '-',
          writes
            ? ((delta('spamgraph_inbox_feature_write_seconds_sum') / writes) * 1000).toFixed(1)
            : '-',
          offlineParts(b.config.dataDir) - partsBefore,
        ]);
      }
    } finally {
      await services.stop();
    }
  } finally {
    await b.cleanup();
  }
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string' },
      connections: { type: 'string', default: '1,8' },
      seconds: { type: 'string', default: '10' },
    },
  });
  const backends = await pickBackends(values.backends);
  const connections = values.connections.split(',').map(Number);
  const seconds = Number(values.seconds);
  console.log(
    `bench:ingest — receiveSms through the gateway with an ingest API key (store + v1/v2 features online, v2 offline), ${seconds} s per case (warm-up included in the parts count)`,
  );
  console.log(machineLine());
  const rows = [];
  for (const b of backends) {
    process.stderr.write(`… ${b}\n`);
    rows.push(...(await runBackend(b, connections, seconds)));
  }
  console.log(
    table(
      [
        'backend',
        'clients',
        'p50 ms',
        'p99 ms',
        'req/s',
        'requests',
        'errors',
        'msgs/write',
        'ms/write',
        'parquet parts',
      ],
      rows,
    ),
  );
  if (!values.backends && backends.every((b) => b === 'sqlite')) console.log(NO_CASSANDRA_NOTE);
}

main().catch((e: unknown) => {
  console.error(`bench:ingest: ${(e as Error).message}`);
  process.exit(1);
});
