/**
 * `spamgraph cassandra … --nodes/--node/--kill` without a real cluster: flag parsing, and
 * what the commands say for a cache dir that holds no cluster.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../platform/errors';
import { runCliWithEnv } from '../testing/cli';
import { clusterOptions, parseCount } from './cassandra';

const io = { out: () => undefined, err: () => undefined };
const run = (...argv: string[]) => runCliWithEnv(['cassandra', ...argv], {});

describe('parseCount', () => {
  it('reads digits and leaves an absent flag undefined', () => {
    expect(parseCount('--nodes', '3')).toBe(3);
    expect(parseCount('--nodes', undefined)).toBeUndefined();
  });
  it.each(['three', '-1', '2.5', ''])('rejects %p', (v) =>
    expect(() => parseCount('--nodes', v)).toThrow(ConfigError),
  );
});

describe('clusterOptions', () => {
  it('is undefined without --nodes, --node or --kill (the single node)', () => {
    expect(clusterOptions({ heap: '1g' }, io)).toBeUndefined();
  });
  it('maps the cluster flags', () => {
    expect(clusterOptions({ node: '3', kill: true, cacheDir: '/x' }, io)).toMatchObject({
      node: 3,
      kill: true,
      cacheDir: '/x',
    });
    expect(clusterOptions({ nodes: '3', heap: '1g' }, io)).toMatchObject({
      nodes: 3,
      kill: false,
      heap: '1g',
    });
  });
  it('refuses --port or --host with a cluster flag (every node uses 9042 on 127.0.0.n)', () => {
    expect(() => clusterOptions({ nodes: '3', port: '9999' }, io)).toThrow(ConfigError);
    expect(() => clusterOptions({ node: '2', host: '127.0.0.9' }, io)).toThrow(
      'cassandra --port and --host apply to the single node; cluster nodes use 9042 on 127.0.0.n',
    );
  });
});

describe('spamgraph cassandra with cluster flags, no cluster', () => {
  let cacheDir: string;
  beforeEach(() => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassandra-cluster-cli-'));
  });
  afterEach(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it('start --nodes 1 fails before spawning anything', async () => {
    const r = await run('start', '--nodes', '1', '--cache-dir', cacheDir);
    expect(r.code).not.toBe(0);
    expect(r.err.join('\n')).toContain('--nodes 1 is not a node count between 2 and 9');
    expect(fs.existsSync(path.join(cacheDir, 'cluster'))).toBe(false);
  });

  it('stop --node 3 --kill says no cluster node was running', async () => {
    const r = await run('stop', '--node', '3', '--kill', '--cache-dir', cacheDir);
    expect(r).toEqual({ code: 0, out: ['cassandra: no cluster node was running'], err: [] });
  });

  it('status of a cluster whose nodes are all stopped lists every node as DN', async () => {
    fs.mkdirSync(path.join(cacheDir, 'cluster'));
    fs.writeFileSync(path.join(cacheDir, 'cluster', 'cluster.json'), '{"nodes": 3}');
    const r = await run('status', '--cache-dir', cacheDir);
    expect(r).toEqual({
      code: 0,
      out: [
        'cassandra: 3-node cluster, 0/3 nodes answer CQL',
        '--  Address    Load  Tokens  Host ID  Gossip',
        'DN  127.0.0.1  ?     0       ?        ?',
        'DN  127.0.0.2  ?     0       ?        ?',
        'DN  127.0.0.3  ?     0       ?        ?',
      ],
      err: [],
    });
  });

  it('stop --node 4 of a 3-node cluster is refused', async () => {
    const r = await run('stop', '--node', '4', '--cache-dir', cacheDir);
    expect(r.code).not.toBe(0);
    expect(r.err.join('\n')).toContain('--node 4 is not a node of this 3-node cluster');
  });
});
