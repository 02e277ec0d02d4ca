import { ConfigError } from '../../platform/errors';
import {
  buildJvmArgs,
  clusterJvmFlags,
  FAST_GOSSIP_ENV,
  renderCassandraYaml,
  type NodeSettings,
} from './config';
import {
  clusterLayout,
  clusterMember,
  clusterNodeLayout,
  nodeAddress,
  nodeToken,
  validateNodeCount,
} from './cluster-layout';
import { nodeLayout } from './paths';

const settings = (n: number): NodeSettings => ({
  host: nodeAddress(n),
  cqlPort: 9042,
  storagePort: 7000,
  heap: '768m',
});

describe('clusterNodeLayout', () => {
  it('puts every folder of node n under cluster/node<n> and shares the jars', () => {
    const l = clusterNodeLayout('/tmp/cc', '5.0.9', 2);
    expect(l).toEqual({
      cacheDir: '/tmp/cc/cluster/node2',
      version: '5.0.9',
      versionDir: '/tmp/cc/5.0.9',
      libDir: '/tmp/cc/5.0.9/lib',
      pomFile: '/tmp/cc/5.0.9/pom.xml',
      assembledMarker: '/tmp/cc/5.0.9/.assembled',
      confDir: '/tmp/cc/cluster/node2/conf',
      yamlFile: '/tmp/cc/cluster/node2/conf/cassandra.yaml',
      logbackFile: '/tmp/cc/cluster/node2/conf/logback.xml',
      dataDir: '/tmp/cc/cluster/node2',
      logsDir: '/tmp/cc/cluster/node2/logs',
      logFile: '/tmp/cc/cluster/node2/logs/system.log',
      stdoutFile: '/tmp/cc/cluster/node2/logs/stdout.log',
      pidFile: '/tmp/cc/cluster/node2/cassandra.pid',
      stateFile: '/tmp/cc/cluster/node2/node.json',
      lockFile: '/tmp/cc/cluster/node2/start.lock',
    });
  });

  it('lays out one node per count, numbered from 1, beside cluster.json', () => {
    const c = clusterLayout('/tmp/cc', '5.0.9', 3);
    expect(c.stateFile).toBe('/tmp/cc/cluster/cluster.json');
    expect(c.nodes.map((n) => n.cacheDir)).toEqual([
      '/tmp/cc/cluster/node1',
      '/tmp/cc/cluster/node2',
      '/tmp/cc/cluster/node3',
    ]);
  });
});

describe('validateNodeCount', () => {
  it.each([2, 3, 9])('accepts %d', (n) => expect(() => validateNodeCount(n)).not.toThrow());
  it.each([0, 1, 10, 2.5, NaN])('rejects %d', (n) =>
    expect(() => validateNodeCount(n)).toThrow(ConfigError),
  );
});

describe('nodeToken', () => {
  it('cuts the Murmur3 ring in equal parts, node 1 at the minimum', () => {
    expect([1, 2, 3].map((n) => nodeToken(n, 3))).toEqual([
      '-9223372036854775808',
      '-3074457345618258603',
      '3074457345618258602',
    ]);
    expect(nodeToken(2, 2)).toBe('0');
  });
});

describe('cluster yaml', () => {
  const layout = clusterNodeLayout('/tmp/cc', '5.0.9', 3);
  const yaml = renderCassandraYaml(layout, settings(3), clusterMember(3, 3, 7000, true));

  it('binds node 3 to 127.0.0.3 with the usual ports and node 1 as the only seed', () => {
    expect(yaml).toContain('listen_address: 127.0.0.3\nrpc_address: 127.0.0.3\n');
    expect(yaml).toContain('storage_port: 7000\n');
    expect(yaml).toContain('native_transport_port: 9042\n');
    expect(yaml).toContain('- seeds: "127.0.0.1:7000"\n');
    expect(yaml).toContain('cluster_name: "spamgraph-cluster"\n');
  });

  it('gives the node its own token and folders, hints on, bootstrap off while fresh', () => {
    expect(yaml).toContain('initial_token: 3074457345618258602\nauto_bootstrap: false\n');
    expect(yaml).toContain('hinted_handoff_enabled: true\n');
    for (const d of ['data', 'commitlog', 'hints', 'saved_caches'])
      expect(yaml).toContain(`"/tmp/cc/cluster/node3/${d}"`);
    expect(yaml).toContain('endpoint_snitch: SimpleSnitch\n');
  });

  it('bootstraps a node that joins a formed cluster', () => {
    const later = renderCassandraYaml(layout, settings(3), clusterMember(3, 3, 7000, false));
    expect(later).toContain('auto_bootstrap: true\n');
  });

  it('leaves the single-node yaml without cluster keys', () => {
    const single = renderCassandraYaml(nodeLayout('/tmp/cn', '5.0.9'), settings(1));
    expect(single).not.toContain('auto_bootstrap');
    expect(single).toContain('initial_token: 0\n');
    expect(single).toContain('hinted_handoff_enabled: false\n');
    expect(single).toContain('cluster_name: "spamgraph-dev"\n');
  });
});

describe('clusterJvmFlags', () => {
  const fresh = clusterMember(2, 3, 7000, true);
  const joining = clusterMember(2, 3, 7000, false);

  it('sets the token and the fast gossip flags for a fresh cluster', () => {
    expect(clusterJvmFlags(fresh, {})).toEqual([
      '-Dcassandra.initial_token=-3074457345618258603',
      '-Dcassandra.skip_wait_for_gossip_to_settle=0',
      '-Dcassandra.ring_delay_ms=1000',
    ]);
  });

  it('keeps the 30 s ring delay for a bootstrapping node (it must hear the seed)', () => {
    expect(clusterJvmFlags(joining, {})).toEqual([
      '-Dcassandra.initial_token=-3074457345618258603',
      '-Dcassandra.skip_wait_for_gossip_to_settle=0',
    ]);
  });

  it(`drops the fast flags with ${FAST_GOSSIP_ENV}=0`, () => {
    expect(clusterJvmFlags(fresh, { [FAST_GOSSIP_ENV]: '0' })).toEqual([
      '-Dcassandra.initial_token=-3074457345618258603',
    ]);
  });

  it('replaces the single-node token and keeps the shutdown announce in the JVM args', () => {
    const args = buildJvmArgs(
      clusterNodeLayout('/tmp/cc', '5.0.9', 2),
      settings(2),
      undefined,
      fresh,
    );
    expect(args).not.toContain('-Dcassandra.initial_token=0');
    expect(args).not.toContain('-Dcassandra.shutdown_announce_in_ms=0');
    expect(args).toContain('-Xmx768m');
    expect(args).toContain('-Dcassandra.storagedir=/tmp/cc/cluster/node2');
  });
});
