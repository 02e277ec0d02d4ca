import { ConfigError } from '../../platform/errors';
import {
  CASSANDRA_MAIN_CLASS,
  buildJvmArgs,
  renderCassandraYaml,
  renderLogbackXml,
  validateSettings,
  type NodeSettings,
} from './config';
import { nodeLayout } from './paths';

const layout = nodeLayout('/tmp/cn-cache', '5.0.9');
const settings: NodeSettings = { host: '127.0.0.1', cqlPort: 9042, storagePort: 7000, heap: '1g' };

/** Top-level `key: value` pairs of the rendered yaml (our yaml has no multi-line scalars). */
function topLevel(yaml: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const line of yaml.split('\n')) {
    const m = /^([a-z_]+):\s*(.*)$/.exec(line);
    if (!m?.[1]) continue;
    if (keys.has(m[1])) throw new Error(`duplicate yaml key ${m[1]}`);
    keys.set(m[1], m[2] ?? '');
  }
  return keys;
}

describe('renderCassandraYaml', () => {
  const yaml = renderCassandraYaml(layout, settings);
  const keys = topLevel(yaml);

  it('sets every key a single node needs, with the exact values', () => {
    expect(keys.get('partitioner')).toBe('org.apache.cassandra.dht.Murmur3Partitioner');
    expect(keys.get('endpoint_snitch')).toBe('SimpleSnitch');
    expect(keys.get('commitlog_sync')).toBe('periodic');
    expect(keys.get('commitlog_sync_period')).toBe('10000ms');
    expect(keys.get('listen_address')).toBe('127.0.0.1');
    expect(keys.get('rpc_address')).toBe('127.0.0.1');
    expect(keys.get('native_transport_port')).toBe('9042');
    expect(keys.get('storage_port')).toBe('7000');
    expect(keys.get('commitlog_directory')).toBe('"/tmp/cn-cache/data/commitlog"');
    expect(keys.get('saved_caches_directory')).toBe('"/tmp/cn-cache/data/saved_caches"');
    expect(keys.get('hints_directory')).toBe('"/tmp/cn-cache/data/hints"');
    expect(yaml).toContain('data_file_directories:\n  - "/tmp/cn-cache/data/data"\n');
    expect(yaml).toContain(
      '  - class_name: org.apache.cassandra.locator.SimpleSeedProvider\n    parameters:\n      - seeds: "127.0.0.1:7000"\n',
    );
  });

  it('uses the small, fast test-node settings', () => {
    expect(keys.get('num_tokens')).toBe('1');
    expect(keys.get('initial_token')).toBe('0');
    expect(keys.get('auto_snapshot')).toBe('false');
    expect(keys.get('concurrent_compactors')).toBe('1');
    expect(keys.get('commitlog_segment_size')).toBe('8MiB');
  });

  it('never sets allocate_tokens_for_local_replication_factor (it makes a fresh node wait ~30 s)', () => {
    expect(yaml).not.toContain('allocate_tokens_for_local_replication_factor');
    expect(keys.has('allocate_tokens_for_keyspace')).toBe(false);
  });

  it('follows custom ports and host', () => {
    const custom = topLevel(
      renderCassandraYaml(layout, {
        host: '127.0.0.2',
        cqlPort: 19042,
        storagePort: 17000,
        heap: '512m',
      }),
    );
    expect(custom.get('native_transport_port')).toBe('19042');
    expect(custom.get('storage_port')).toBe('17000');
    expect(custom.get('listen_address')).toBe('127.0.0.2');
  });
});

describe('renderLogbackXml', () => {
  it('logs to <cacheDir>/logs/system.log and keeps the console at WARN', () => {
    const xml = renderLogbackXml(layout);
    expect(xml).toContain('<file>/tmp/cn-cache/logs/system.log</file>');
    expect(xml).toMatch(/<appender name="STDOUT"[\s\S]*<level>WARN<\/level>[\s\S]*<\/appender>/);
    expect(xml).toContain('<root level="INFO">');
  });

  it('escapes XML special characters in paths', () => {
    expect(renderLogbackXml(nodeLayout('/tmp/a&b', '5.0.9'))).toContain(
      '<file>/tmp/a&amp;b/logs/system.log</file>',
    );
  });
});

describe('buildJvmArgs', () => {
  const args = buildJvmArgs(layout, settings, '/tmp/cn-cache/5.0.9/lib/jamm-0.4.0.jar');
  const valueAfter = (flag: string, value: string): boolean =>
    args.some((a, i) => a === flag && args[i + 1] === value);

  it('opens java.io and the other modules Java 17 needs', () => {
    expect(valueAfter('--add-opens', 'java.base/java.io=ALL-UNNAMED')).toBe(true);
    expect(
      valueAfter('--add-opens', 'jdk.management/com.sun.management.internal=ALL-UNNAMED'),
    ).toBe(true);
    expect(valueAfter('--add-exports', 'jdk.unsupported/sun.misc=ALL-UNNAMED')).toBe(true);
    expect(args.filter((a) => a === '--add-opens')).toHaveLength(14);
    expect(args.filter((a) => a === '--add-exports')).toHaveLength(8);
  });

  it('sizes the heap from settings and adds the jamm agent', () => {
    expect(args.slice(0, 2)).toEqual(['-Xms1g', '-Xmx1g']);
    expect(args).toContain('-javaagent:/tmp/cn-cache/5.0.9/lib/jamm-0.4.0.jar');
    expect(buildJvmArgs(layout, settings).some((a) => a.startsWith('-javaagent:'))).toBe(false);
  });

  it('points at the rendered config as a file URL and runs the daemon last', () => {
    expect(args).toContain('-Dcassandra.config=file:///tmp/cn-cache/conf/cassandra.yaml');
    expect(args).toContain('-Dlogback.configurationFile=/tmp/cn-cache/conf/logback.xml');
    expect(args).toContain('-Dcassandra-foreground=yes');
    expect(args).toContain('-Dcassandra.skip_wait_for_gossip_to_settle=0');
    expect(args).toContain('-Dcassandra.ring_delay_ms=1000');
    expect(args.slice(-3)).toEqual([
      '-cp',
      '/tmp/cn-cache/conf:/tmp/cn-cache/5.0.9/lib/*',
      CASSANDRA_MAIN_CLASS,
    ]);
  });

  it('encodes spaces in the config URL', () => {
    const spaced = buildJvmArgs(nodeLayout('/tmp/my cache', '5.0.9'), settings);
    expect(spaced).toContain('-Dcassandra.config=file:///tmp/my%20cache/conf/cassandra.yaml');
  });
});

describe('validateSettings', () => {
  it('accepts the defaults', () => {
    expect(() => validateSettings(settings)).not.toThrow();
  });

  it.each<[Partial<NodeSettings>, string]>([
    [{ heap: '1gb' }, 'cassandra heap "1gb" is not a JVM size like 1g or 768m'],
    [{ cqlPort: 70000 }, 'cassandra cqlPort 70000 is not a TCP port'],
    [{ storagePort: 9042 }, 'cassandra cqlPort and storagePort are both 9042'],
    [{ host: 'a b' }, 'cassandra host "a b" is not an address'],
  ])('rejects %o', (patch, message) => {
    const attempt = (): void => validateSettings({ ...settings, ...patch });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });
});
