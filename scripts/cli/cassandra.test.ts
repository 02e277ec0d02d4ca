/**
 * `spamgraph cassandra start | stop | status` without a real node: every run gets its own
 * --cache-dir and a free --port, so the test node on 9042 (default cache dir) is never touched.
 * A "running node" is a plain Node process whose command line names Cassandra's main class.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CASSANDRA_MAIN_CLASS } from '../cassandra-node/config';
import { DEFAULT_CASSANDRA_VERSION } from '../cassandra-node';
import { isProcessAlive } from '../../platform/processes';
import { runCliWithEnv } from '../testing/cli';

const run = (...argv: string[]) => runCliWithEnv(['cassandra', ...argv], {});

/** Listens on a port the OS picks; the caller closes it. */
async function listen(): Promise<Server> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const portOf = (server: Server) => (server.address() as AddressInfo).port;
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A port nothing listens on (taken, then released). */
async function freePort(): Promise<number> {
  const server = await listen();
  const port = portOf(server);
  await close(server);
  return port;
}

/** A pid whose process has exited and been reaped. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  if (r.pid === undefined) throw new Error('spawnSync gave no pid');
  return r.pid;
}

/** A live process that passes for the node of `cacheDir` (pid file and state file). */
async function fakeNode(cacheDir: string, cqlPort: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-e', "setInterval(() => {}, 1000); console.log('up')", CASSANDRA_MAIN_CLASS],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise((resolve) => child.stdout!.once('data', resolve));
  const pid = child.pid!;
  fs.writeFileSync(path.join(cacheDir, 'cassandra.pid'), `${pid}\n`);
  const state = { pid, version: '5.0.9', host: '127.0.0.1', cqlPort, startedAt: 'then' };
  fs.writeFileSync(path.join(cacheDir, 'node.json'), JSON.stringify(state));
  return child;
}

describe('spamgraph cassandra', () => {
  let cacheDir: string;
  let port: number;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-cassandra-cli-'));
    port = await freePort();
  });
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  describe('status', () => {
    it('says not running when no node lives in the cache dir (exit 0)', async () => {
      const r = await run('status', '--cache-dir', cacheDir, '--port', String(port));
      expect(r).toEqual({ code: 0, out: ['cassandra: not running'], err: [] });
    });

    it('prints the status as JSON with --json', async () => {
      const r = await run('status', '--cache-dir', cacheDir, '--port', String(port), '--json');
      expect(r.code).toBe(0);
      expect(r.err).toEqual([]);
      expect(r.out).toHaveLength(1);
      expect(JSON.parse(r.out[0]!)).toEqual({
        running: false,
        host: '127.0.0.1',
        cqlPort: port,
        version: DEFAULT_CASSANDRA_VERSION,
        cacheDir,
        logFile: path.join(cacheDir, 'logs', 'system.log'),
        cqlReady: false,
      });
    });

    it('reports a live node that does not answer CQL yet, on the port it was started with', async () => {
      const node = await fakeNode(cacheDir, port);
      children.push(node);
      // Today's --port differs from the state file's: status reports where the node runs.
      const other = await freePort();
      const r = await run('status', '--cache-dir', cacheDir, '--port', String(other));
      expect(r).toEqual({
        code: 0,
        out: [`cassandra: running (pid ${node.pid}) on 127.0.0.1:${port}, CQL not answering yet`],
        err: [],
      });
      const json = await run('status', '--cache-dir', cacheDir, '--json');
      expect(JSON.parse(json.out[0]!)).toMatchObject({
        running: true,
        pid: node.pid,
        cqlPort: port,
        cqlReady: false,
      });
    });

    it('treats a stale pid file as not running and leaves it in place', async () => {
      const node = await fakeNode(cacheDir, port);
      node.kill('SIGKILL');
      await new Promise((resolve) => node.once('exit', resolve));
      const r = await run('status', '--cache-dir', cacheDir);
      expect(r.out).toEqual(['cassandra: not running']);
      expect(fs.existsSync(path.join(cacheDir, 'cassandra.pid'))).toBe(true);
    });
  });

  describe('stop', () => {
    it('says the node was not running, and removes a stale pid file', async () => {
      fs.writeFileSync(path.join(cacheDir, 'cassandra.pid'), `${deadPid()}\n`);
      const r = await run('stop', '--cache-dir', cacheDir, '--port', String(port));
      expect(r).toEqual({ code: 0, out: ['cassandra: was not running'], err: [] });
      expect(fs.existsSync(path.join(cacheDir, 'cassandra.pid'))).toBe(false);
    });

    it('stops the node of its cache dir and says which pid', async () => {
      const node = await fakeNode(cacheDir, port);
      children.push(node);
      const pid = node.pid!;
      const r = await run('stop', '--cache-dir', cacheDir);
      expect(r.code).toBe(0);
      expect(r.out).toEqual([`cassandra: stopped (pid ${pid})`]);
      expect(r.err).toEqual([
        expect.stringMatching(new RegExp(`^cassandra: stopped pid ${pid} in \\d+\\.\\d s$`)),
      ]);
      expect(isProcessAlive(pid)).toBe(false);
      expect(fs.existsSync(path.join(cacheDir, 'cassandra.pid'))).toBe(false);
      expect(fs.existsSync(path.join(cacheDir, 'node.json'))).toBe(false);
    });
  });

  describe('start', () => {
    it('refuses a CQL port held by another process, before downloading anything', async () => {
      const squatter = await listen();
      try {
        const taken = portOf(squatter);
        const r = await run('start', '--cache-dir', cacheDir, '--port', String(taken));
        expect(r.code).toBe(1);
        expect(r.out).toEqual([]);
        expect(r.err).toEqual([
          `spamgraph: STORAGE_UNAVAILABLE: CQL port 127.0.0.1:${taken} is already in use by another process, ` +
            `not by the node of ${cacheDir} (no live pid in ${path.join(cacheDir, 'cassandra.pid')}; ` +
            'it is not a Cassandra node we manage). Stop that process, or choose other ports (cqlPort/storagePort).',
        ]);
        expect(fs.readdirSync(cacheDir)).toEqual([]); // no jars, no lock left behind
      } finally {
        await close(squatter);
      }
    });
  });

  describe('option validation', () => {
    it.each([
      [['--port', 'abc'], 'cassandra cqlPort NaN is not a TCP port'],
      [['--port', '70000'], 'cassandra cqlPort 70000 is not a TCP port'],
      [['--port', '7000'], 'cassandra cqlPort and storagePort are both 7000'],
      [['--heap', 'lots'], 'cassandra heap "lots" is not a JVM size like 1g or 768m'],
    ])('%j: exit 1 and one CONFIG_INVALID line, for each subcommand', async (flags, message) => {
      for (const sub of ['status', 'stop', 'start']) {
        const r = await run(sub, '--cache-dir', cacheDir, ...flags);
        expect(r).toEqual({ code: 1, out: [], err: [`spamgraph: CONFIG_INVALID: ${message}`] });
      }
      expect(fs.readdirSync(cacheDir)).toEqual([]);
    });

    it('is a usage error (exit 2) for an unknown option or subcommand', async () => {
      const unknown = await run('status', '--cache-dir', cacheDir, '--nope');
      expect(unknown.code).toBe(2);
      expect(unknown.err.join('\n')).toMatch(/unknown option '--nope'/);
      const sub = await run('restart');
      expect(sub.code).toBe(2);
      expect(sub.out).toEqual([]);
    });

    it('takes --json only on status', async () => {
      const r = await run('stop', '--cache-dir', cacheDir, '--json');
      expect(r.code).toBe(2);
      expect(r.err.join('\n')).toMatch(/unknown option '--json'/);
    });
  });
});
