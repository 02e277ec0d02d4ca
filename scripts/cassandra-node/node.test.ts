/**
 * Lifecycle tests that need no Cassandra: status/stop on empty or stale state, port
 * conflicts, death while starting, SIGTERM→SIGKILL, and the start lock.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  CassandraNodeError,
  cassandraNodeStatus,
  startCassandraNode,
  stopCassandraNode,
} from './index';
import { acquireLock } from './lock';
import { nodeLayout } from './paths';
import { isCassandraProcess, isProcessAlive, readPidFile, terminate } from './process';
import { waitForCql } from './start';

const tempCache = (): string => mkdtempSync(join(tmpdir(), 'cn-node-'));

/** A pid that surely belonged to a process which has exited and been reaped. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  if (r.pid === undefined) throw new Error('spawnSync gave no pid');
  return r.pid;
}

describe('cassandraNodeStatus', () => {
  it('says not running on an empty cache dir', async () => {
    const cacheDir = tempCache();
    await expect(cassandraNodeStatus({ cacheDir })).resolves.toEqual({
      running: false,
      host: '127.0.0.1',
      cqlPort: 9042,
      version: '5.0.9',
      cacheDir,
      logFile: join(cacheDir, 'logs', 'system.log'),
      cqlReady: false,
    });
  });

  it('treats a pid file of a dead process as not running', async () => {
    const cacheDir = tempCache();
    writeFileSync(join(cacheDir, 'cassandra.pid'), `${deadPid()}\n`);
    const status = await cassandraNodeStatus({ cacheDir, cqlPort: 19999 });
    expect(status.running).toBe(false);
    expect(status.pid).toBeUndefined();
    expect(status.cqlReady).toBe(false);
    expect(status.cqlPort).toBe(19999);
  });

  it('treats a live pid that is not Cassandra (recycled pid) as not running', async () => {
    const cacheDir = tempCache();
    writeFileSync(join(cacheDir, 'cassandra.pid'), `${process.pid}\n`);
    expect(isCassandraProcess(process.pid)).toBe(false);
    expect((await cassandraNodeStatus({ cacheDir })).running).toBe(false);
  });
});

describe('stopCassandraNode', () => {
  it('reports nothing stopped and removes a stale pid file', async () => {
    const cacheDir = tempCache();
    const pidFile = join(cacheDir, 'cassandra.pid');
    writeFileSync(pidFile, `${deadPid()}\n`);
    await expect(stopCassandraNode({ cacheDir })).resolves.toEqual({ stopped: false });
    expect(existsSync(pidFile)).toBe(false);
  });
});

describe('startCassandraNode port conflicts', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((socket) => socket.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('refuses clearly when the CQL port belongs to something else, before downloading anything', async () => {
    const cacheDir = tempCache();
    const lines: string[] = [];
    const attempt = startCassandraNode({
      cacheDir,
      cqlPort: port,
      storagePort: port + 1,
      onProgress: (l) => lines.push(l),
    });
    await expect(attempt).rejects.toBeInstanceOf(CassandraNodeError);
    await expect(attempt).rejects.toThrow(
      `CQL port 127.0.0.1:${port} is already in use by another process, not by the node of ${cacheDir} ` +
        `(no live pid in ${join(cacheDir, 'cassandra.pid')}; it is not a Cassandra node we manage).`,
    );
    expect(existsSync(join(cacheDir, '5.0.9'))).toBe(false);
    expect(existsSync(join(cacheDir, 'start.lock'))).toBe(false);
    expect(lines).toEqual([]);
  });
});

describe('process helpers', () => {
  it('reads only positive integer pids', async () => {
    const dir = tempCache();
    const file = join(dir, 'p');
    writeFileSync(file, 'garbage');
    await expect(readPidFile(file)).resolves.toBeUndefined();
    writeFileSync(file, '1234\n');
    await expect(readPidFile(file)).resolves.toBe(1234);
    await expect(readPidFile(join(dir, 'missing'))).resolves.toBeUndefined();
  });

  it('tells live from dead processes', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(deadPid())).toBe(false);
  });

  it('counts an exited but unreaped (zombie) process as dead', async () => {
    // The forked child exits at once and its parent never reaps it. (A shell parent is no good
    // here: dash may reap a finished background job before it execs, depending on timing.)
    const parent = spawn(
      'python3',
      [
        '-c',
        // WNOWAIT: wait until the child has exited, but leave it unreaped.
        'import os, time\npid = os.fork()\nif pid == 0: os._exit(0)\n' +
          'os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)\nprint(pid, flush=True)\ntime.sleep(5)',
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const zombie = Number(String(await new Promise((r) => parent.stdout.once('data', r))).trim());
    let signalable = true;
    try {
      process.kill(zombie, 0);
    } catch {
      signalable = false;
    }
    expect(signalable).toBe(true); // kill(0) alone would call it alive…
    expect(isProcessAlive(zombie)).toBe(false); // …but it is a zombie
    parent.kill('SIGKILL');
  });

  it('SIGKILLs a process that ignores SIGTERM after the timeout, and it is really gone', async () => {
    const child = spawn(
      process.execPath,
      ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('up')"],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    await new Promise((r) => child.stdout.once('data', r));
    const pid = child.pid!;
    await expect(terminate(pid, 300)).resolves.toEqual({ killed: true });
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('stops a well-behaved process with SIGTERM alone', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      stdio: 'ignore',
    });
    await expect(terminate(child.pid!, 5000)).resolves.toEqual({ killed: false });
  });
});

describe('waitForCql', () => {
  it('fails with the last lines of the log when the JVM dies while starting', async () => {
    const layout = nodeLayout(tempCache(), '5.0.9');
    mkdirSync(layout.logsDir, { recursive: true });
    const out = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');
    writeFileSync(layout.stdoutFile, `${out}\nError: Could not find or load main class\n`);
    const pid = deadPid();
    const settings = { host: '127.0.0.1', cqlPort: 1, storagePort: 2, heap: '1g' };
    const attempt = waitForCql(pid, layout, settings, Date.now() + 5000);
    await expect(attempt).rejects.toThrow(
      `Cassandra (pid ${pid}) exited while starting. Last lines of ${layout.stdoutFile}:\nline 12\n`,
    );
    await expect(attempt).rejects.toThrow(/line 30\nError: Could not find or load main class$/);
  });
});

describe('acquireLock', () => {
  it('is exclusive while held and free again after release', async () => {
    const lock = join(tempCache(), 'start.lock');
    const release = await acquireLock(lock, 1000);
    await expect(acquireLock(lock, 300)).rejects.toThrow(
      `another process (pid ${process.pid}) is starting the Cassandra node`,
    );
    await release();
    const again = await acquireLock(lock, 300);
    await again();
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock left by a dead process', async () => {
    const lock = join(tempCache(), 'start.lock');
    writeFileSync(lock, `${deadPid()}\n`);
    const release = await acquireLock(lock, 300);
    await release();
  });
});
