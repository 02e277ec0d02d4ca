/**
 * End to end, `node dist/scripts/start.js` as `npm start` runs it (real processes, free
 * ports, a fresh SQLite file): `/ready` everywhere; a subgraph killed with SIGKILL is restarted
 * while the others keep serving; SIGTERM stops every child; and no child outlives start.js,
 * whether start.js is killed or its own parent (npm) dies.
 * Needs `npm run build` first (`npm test` does it).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../platform/config';
import { freePort } from '../platform/http/listen';
import { isProcessAlive } from '../platform/processes';
import { createApiKeyIn } from './testing/credentials';
import { answers, childPids, commandLine, portOpen, waitUntil } from './testing/processes';

const START = path.join(REPO_ROOT, 'dist/scripts/start.js');

/** One `start.js` (optionally under a wrapper process standing in for npm) on free ports. */
async function startStack(opts: { wrapped?: boolean } = {}) {
  if (!fs.existsSync(START)) throw new Error(`${START} is missing: run \`npm run build\` first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-supervise-'));
  const names = ['GATEWAY', 'USER_DATA', 'MODEL', 'INBOX', 'FEATURE_STORE', 'FEATURE_SERVER'];
  const ports: Record<string, number> = {};
  for (const n of names) ports[n] = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STORAGE_BACKEND: 'sqlite',
    SQLITE_PATH: path.join(dir, 'e2e.db'),
    DATA_DIR: path.join(dir, 'data'),
    LOG_LEVEL: 'warn',
    ...Object.fromEntries(names.map((n) => [`${n}_PORT`, String(ports[n])])),
  };
  // The wrapper is a parent that can die without passing anything on, as npm's shell does.
  const args = opts.wrapped
    ? [
        '-e',
        `require('child_process').spawn(process.execPath, [${JSON.stringify(START)}], { stdio: 'inherit' }); setInterval(() => {}, 1e6);`,
      ]
    : [START];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const gateway = `http://127.0.0.1:${ports.GATEWAY}`;
  await waitUntil('gateway healthy', () => answers(`${gateway}/health`), 90_000);
  const adminKey = await createApiKeyIn(env, 'admin');
  const startPid = opts.wrapped
    ? (childPids(child.pid as number)[0] as number)
    : (child.pid as number);
  return {
    dir,
    child,
    startPid,
    ports,
    gateway,
    adminKey,
    output: () => output,
    /** The service processes, by the entry they run. */
    services: () =>
      Object.fromEntries(
        childPids(startPid).map((pid) => [
          /dist\/(?:subgraphs\/)?([a-z-]+)\/index\.js/.exec(commandLine(pid))?.[1] ?? '?',
          pid,
        ]),
      ),
    allPortsClosed: async () =>
      (await Promise.all(Object.values(ports).map((p) => portOpen(p)))).every((open) => !open),
    kill: () => {
      for (const pid of [startPid, ...childPids(startPid)]) {
        if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
      }
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
type Stack = Awaited<ReturnType<typeof startStack>>;

/** One operation through the gateway at `url`, as `credential`. */
const graphql = async (url: string, query: string, credential: string) => {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
};

describe('npm start keeps services up and stops them all (real processes)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(() => stack?.kill());

  it('answers /ready on every service and the gateway, with each check', async () => {
    const ready = async (port: number) => {
      const res = await fetch(`http://127.0.0.1:${port}/ready`);
      return { status: res.status, body: (await res.json()) as unknown };
    };
    const storageOk = { storage: { status: 'ok' } };
    expect(await ready(stack.ports.USER_DATA as number)).toEqual({
      status: 200,
      body: { status: 'ready', service: 'user-data', checks: storageOk },
    });
    expect(await ready(stack.ports.MODEL as number)).toEqual({
      status: 200,
      body: { status: 'ready', service: 'model', checks: storageOk },
    });
    expect(await ready(stack.ports.INBOX as number)).toEqual({
      status: 200,
      body: { status: 'ready', service: 'inbox', checks: storageOk },
    });
    expect(await ready(stack.ports.FEATURE_STORE as number)).toEqual({
      status: 200,
      body: {
        status: 'ready',
        service: 'feature-store',
        checks: { ...storageOk, registry: { status: 'ok' } },
      },
    });
    const ok = { status: 'ok' };
    expect(await ready(stack.ports.GATEWAY as number)).toEqual({
      status: 200,
      body: {
        status: 'ready',
        service: 'gateway',
        checks: { 'user-data': ok, model: ok, inbox: ok, 'feature-store': ok },
      },
    });
  });

  it('restarts a subgraph killed with SIGKILL while the others keep serving', async () => {
    const before = stack.services();
    expect(Object.keys(before).sort()).toEqual([
      'feature-store',
      'gateway',
      'inbox',
      'model',
      'user-data',
    ]);
    process.kill(before.model as number, 'SIGKILL');
    await waitUntil('model gone', () => !isProcessAlive(before.model as number), 5000);
    // The others answer at once, model or not.
    expect(await graphql(stack.gateway, '{ featureServices { name } }', stack.adminKey)).toEqual({
      data: {
        featureServices: [
          { name: 'labeled_sms_1' },
          { name: 'labeled_sms_2' },
          { name: 'labeled_sms_3' },
        ],
      },
    });
    const inbox = await graphql(
      stack.gateway,
      '{ inbox(userId: "alice", first: 1) { edges { node { senderId } } } }',
      stack.adminKey,
    );
    expect(inbox).toEqual({ data: { inbox: { edges: [{ node: { senderId: '+15550103' } }] } } });
    await waitUntil(
      'model restarted',
      async () => {
        const now = stack.services().model;
        return (
          now !== undefined &&
          now !== before.model &&
          (await answers(`http://127.0.0.1:${stack.ports.MODEL}/health`))
        );
      },
      30_000,
    );
    expect(
      await graphql(
        stack.gateway,
        '{ textToPrediction(version: V1, text: "lunch at 1?") { label } }',
        stack.adminKey,
      ),
    ).toEqual({
      data: { textToPrediction: { label: 'HAM' } },
    });
    const after = stack.services();
    for (const name of ['gateway', 'user-data', 'inbox', 'feature-store']) {
      expect(after[name]).toBe(before[name]);
    }
    expect(stack.output()).toContain('model exited (SIGKILL); restarting in 500 ms');
  }, 60_000);

  it('stops every child on SIGTERM: exit 0, every port closed, no child alive', async () => {
    const pids = Object.values(stack.services());
    expect(pids).toHaveLength(5);
    const exited = new Promise<number | null>((r) => stack.child.once('exit', (code) => r(code)));
    stack.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(pids.filter((pid) => isProcessAlive(pid))).toEqual([]);
    expect(await stack.allPortsClosed()).toBe(true);
    expect(fs.readdirSync(stack.dir).filter((f) => /-(wal|shm)$/.test(f))).toEqual([]);
  }, 60_000);
});

describe('no service outlives npm start (real processes)', () => {
  it('start.js killed with SIGKILL: every child stops by itself', async () => {
    const stack = await startStack();
    try {
      const pids = Object.values(stack.services());
      expect(pids).toHaveLength(5);
      process.kill(stack.startPid, 'SIGKILL');
      await waitUntil('children gone', () => pids.every((pid) => !isProcessAlive(pid)), 30_000);
      expect(await stack.allPortsClosed()).toBe(true);
    } finally {
      stack.kill();
    }
  }, 150_000);

  it('the parent of start.js (npm) dies: start.js stops every child and exits', async () => {
    const stack = await startStack({ wrapped: true });
    try {
      expect(commandLine(stack.startPid)).toContain('dist/scripts/start.js');
      const pids = [stack.startPid, ...Object.values(stack.services())];
      expect(pids).toHaveLength(6);
      stack.child.kill('SIGKILL'); // the wrapper: nothing is passed on
      await waitUntil(
        'start.js and children gone',
        () => pids.every((pid) => !isProcessAlive(pid)),
        30_000,
      );
      expect(await stack.allPortsClosed()).toBe(true);
    } finally {
      stack.kill();
    }
  }, 150_000);
});
