/**
 * End to end: `node dist/scripts/start.js` (what `npm start` runs after building) on a fresh
 * SQLite file — real processes, real ports, seeded inboxes, spam verdicts and their cache,
 * GraphiQL, clean shutdown.
 * Needs `npm run build` first (`npm test` does it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../platform/config';
import { createApiKeyIn } from './testing/credentials';
import { freePort } from '../platform/http/listen';
import { isProcessAlive } from '../platform/processes';
import { childPids } from './testing/processes';

const START = path.join(REPO_ROOT, 'dist/scripts/start.js');

async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`start exited early with ${child.exitCode}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not healthy in ${timeoutMs} ms`);
}

describe('npm start (real processes)', () => {
  let child: ChildProcess;
  let dir: string;
  let gateway: string;
  let userDataPort: number;
  let modelPort: number;
  let inboxPort: number;
  let featureServer: string;
  let output = '';
  let env: NodeJS.ProcessEnv;
  /** An admin API key (metrics, deliveries to any inbox). */
  let adminKey = '';
  /** alice's session token, once she logged in with her printed development password. */
  let aliceToken = '';

  beforeAll(async () => {
    if (!fs.existsSync(START)) throw new Error(`${START} is missing: run \`npm run build\` first`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-e2e-'));
    const gatewayPort = await freePort();
    userDataPort = await freePort();
    modelPort = await freePort();
    inboxPort = await freePort();
    const featureServerPort = await freePort();
    gateway = `http://127.0.0.1:${gatewayPort}`;
    featureServer = `http://127.0.0.1:${featureServerPort}`;
    env = {
      ...process.env,
      STORAGE_BACKEND: 'sqlite',
      SQLITE_PATH: path.join(dir, 'e2e.db'),
      GATEWAY_PORT: String(gatewayPort),
      USER_DATA_PORT: String(userDataPort),
      MODEL_PORT: String(modelPort),
      INBOX_PORT: String(inboxPort),
      FEATURE_STORE_PORT: String(await freePort()),
      FEATURE_SERVER_PORT: String(featureServerPort),
      DATA_DIR: path.join(dir, 'data'),
      LOG_LEVEL: 'warn',
    };
    child = spawn(process.execPath, [START], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await waitFor(`${gateway}/health`, child);
    adminKey = await createApiKeyIn(env, 'admin');
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says where GraphiQL is', async () => {
    // printed right after the gateway turns healthy
    for (let i = 0; i < 50 && !output.includes('spamgraph is running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(output).toContain(
      `spamgraph is running on sqlite — app: http://localhost:${new URL(gateway).port}/ · GraphiQL: http://localhost:${new URL(gateway).port}/graphiql`,
    );
  });

  it('prints development passwords for the sample users, and alice logs in with hers', async () => {
    for (let i = 0; i < 50 && !output.includes('Sample users'); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const m =
      /Sample users \(development passwords\): alice \/ (\S+), bob \/ (\S+), carol \/ ([^.\s]+)\./.exec(
        output,
      );
    expect(m).not.toBeNull();
    const res = await fetch(`${gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'mutation($p: String!) { logIn(input: { name: "alice", password: $p }) { account { name role } token } }',
        variables: { p: m![1] },
      }),
    });
    const body = (await res.json()) as { data: { logIn: { token: string } } };
    expect(body).toEqual({
      data: { logIn: { account: { name: 'alice', role: 'USER' }, token: expect.any(String) } },
    });
    aliceToken = body.data.logIn.token;
  });

  it('serves the seeded sample inbox of alice to alice through the gateway, newest first', async () => {
    const res = await fetch(`${gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${aliceToken}` },
      body: JSON.stringify({
        query: '{ inbox(userId: "alice") { edges { node { senderId receivedAt } } } }',
      }),
    });
    const body = (await res.json()) as {
      data: { inbox: { edges: { node: { senderId: string; receivedAt: string } }[] } };
    };
    const nodes = body.data.inbox.edges.map((e) => e.node);
    expect(nodes.map((n) => n.senderId)).toEqual([
      '+15550103',
      '+15550199',
      '+15550102',
      '80082',
      '+15550101',
    ]);
    const times = nodes.map((n) => Date.parse(n.receivedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  /** One operation through the gateway, as alice unless another credential is given. */
  const graphql = async <T>(
    query: string,
    variables?: Record<string, unknown>,
    credential = aliceToken,
  ) => {
    const res = await fetch(`${gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data: T; errors?: unknown[] };
  };

  it('scores every message of an inbox with V3, stored ones included; again: all from the cache', async () => {
    const stored = await graphql<{ storeSms: { smsId: string } }>(
      'mutation($t: String!) { storeSms(input: { recipientId: "alice", senderId: "+447700900123", text: $t }) { smsId } }',
      { t: 'URGENT! You have WON a £1000 cash prize, call 09061701461 to claim now' },
    );
    expect(stored.errors).toBeUndefined();
    type Inbox = {
      inbox: {
        edges: {
          node: {
            smsId: string;
            spamPrediction: { label: string; spamProbability: number; fromCache: boolean };
          };
        }[];
      };
    };
    const q =
      '{ inbox(userId: "alice") { edges { node { smsId spamPrediction(version: V3) { label spamProbability fromCache } } } } }';
    const first = await graphql<Inbox>(q);
    expect(first.errors).toBeUndefined();
    const nodes = first.data.inbox.edges.map((e) => e.node);
    expect(nodes).toHaveLength(6);
    expect(nodes[0]).toMatchObject({
      smsId: stored.data.storeSms.smsId,
      spamPrediction: { label: 'SPAM', fromCache: false },
    });
    expect(nodes.every((n) => !n.spamPrediction.fromCache)).toBe(true);
    const second = await graphql<Inbox>(q);
    expect(second.data.inbox.edges.map((e) => e.node)).toEqual(
      nodes.map((n) => ({ ...n, spamPrediction: { ...n.spamPrediction, fromCache: true } })),
    );
    const metrics = await (
      await fetch(`http://127.0.0.1:${modelPort}/metrics`, {
        headers: { authorization: `Bearer ${adminKey}` },
      })
    ).text();
    expect(metrics).toContain('spamgraph_model_batches_total{version="V3"} 1\n');
  });

  it('receives a message through the inbox subgraph; scoring it needs no text processing', async () => {
    const computed = async () => {
      const text = await (
        await fetch(`http://127.0.0.1:${modelPort}/metrics`, {
          headers: { authorization: `Bearer ${adminKey}` },
        })
      ).text();
      const line = text
        .split('\n')
        .find((l) => l.startsWith('spamgraph_features_computed_from_text_total{version="V2"}'));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const before = await computed();
    const got = await graphql<{
      receiveSms: {
        featuresStored: boolean;
        sms: { recipientId: string; spamPrediction: { label: string } };
      };
    }>(
      `
        mutation ($t: String!) {
          receiveSms(
            input: { recipientId: "bob", senderId: "80082", text: $t, idempotencyKey: "e2e-1" }
          ) {
            featuresStored
            sms {
              recipientId
              spamPrediction(version: V2) {
                label
              }
            }
          }
        }
      `,
      { t: 'FREE entry! Win a £2000 cash prize, text WIN to 80082 now' },
      adminKey,
    );
    expect(got.errors).toBeUndefined();
    expect(got.data.receiveSms).toEqual({
      featuresStored: true,
      sms: { recipientId: 'bob', spamPrediction: { label: 'SPAM' } },
    });
    expect(await computed()).toBe(before);
  });

  it('logs a caller’s model calls under its own account, through the gateway', async () => {
    await graphql('{ textToPrediction(version: V1, text: "lunch at 1?") { label } }');
    const log = await graphql<{ recentCallLog: { operation: string; input: string }[] }>(
      '{ recentCallLog(version: V1) { operation input } }',
    );
    expect(log.data.recentCallLog).toEqual([
      { operation: 'textToPrediction', input: 'lunch at 1?' },
    ]);
  });

  it('runs the feature store’s Feast REST API beside its subgraph', async () => {
    const res = await fetch(`${featureServer}/health`);
    expect(await res.json()).toEqual({ status: 'ok', service: 'feature-server' });
  });

  it('registers the feature definitions on first run, so the feature store serves at once', async () => {
    expect(await graphql('{ featureServices { name } featureViews { name ttlSeconds } }')).toEqual({
      data: {
        featureServices: [
          { name: 'labeled_sms_1' },
          { name: 'labeled_sms_2' },
          { name: 'labeled_sms_3' },
        ],
        featureViews: [
          { name: 'sms_labels', ttlSeconds: 0 },
          { name: 'sms_features1', ttlSeconds: 315360000 },
          { name: 'sms_features2', ttlSeconds: 315360000 },
          { name: 'sms_features3', ttlSeconds: 315360000 },
        ],
      },
    });
  });

  it('serves the web app and its bundle', async () => {
    const page = await fetch(`${gateway}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');
    const script = html.match(/src="([^"]+\.js)"/)?.[1];
    expect(script).toBe('/app/app.js');
    const bundle = await fetch(`${gateway}${script}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${gateway}/app/missing.js`)).status).toBe(404);
  });

  it('serves GraphiQL', async () => {
    const res = await fetch(`${gateway}/graphiql`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="graphiql">');
  });

  it('stops every service on SIGTERM', async () => {
    const services = childPids(child.pid as number);
    expect(services).toHaveLength(5);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(services.filter((pid) => isProcessAlive(pid))).toEqual([]);
    const up = (url: string) =>
      fetch(url).then(
        () => true,
        () => false,
      );
    expect(await up(`http://127.0.0.1:${userDataPort}/health`)).toBe(false);
    expect(await up(`http://127.0.0.1:${modelPort}/health`)).toBe(false);
    expect(await up(`http://127.0.0.1:${inboxPort}/health`)).toBe(false);
    expect(await up(`${featureServer}/health`)).toBe(false);
  });
});
