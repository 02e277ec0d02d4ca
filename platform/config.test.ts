import { loadConfig, parseReplication } from './config';
import { ConfigError } from './errors';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.storageBackend).toBe('sqlite');
    expect(c.sqlitePath).toMatch(/\.data\/spamgraph\.db$/);
    expect(c.cassandra).toMatchObject({
      contactPoints: ['127.0.0.1:9042'],
      localDataCenter: 'datacenter1',
      keyspace: 'spamgraph',
      replication: { class: 'SimpleStrategy', replication_factor: 1 },
    });
    expect(c.ports).toEqual({
      gateway: 4000,
      userData: 4001,
      model: 4002,
      inbox: 4003,
      featureStore: 4004,
      featureServer: 6566,
    });
  });

  it('lists every bad variable at once', () => {
    expect(() =>
      loadConfig({ STORAGE_BACKEND: 'mongo', GATEWAY_PORT: 'x', CASSANDRA_KEYSPACE: 'bad-name' }),
    ).toThrow(/STORAGE_BACKEND.*CASSANDRA_KEYSPACE.*GATEWAY_PORT/);
    expect(() => loadConfig({ USER_DATA_PORT: '70000' })).toThrow(ConfigError);
  });

  it('needs a token with an Astra bundle', () => {
    expect(() => loadConfig({ ASTRA_DB_SECURE_BUNDLE_PATH: '/b.zip' })).toThrow(
      /ASTRA_DB_APPLICATION_TOKEN/,
    );
    expect(
      loadConfig({ ASTRA_DB_SECURE_BUNDLE_PATH: '/b.zip', ASTRA_DB_APPLICATION_TOKEN: 'AstraCS:t' })
        .cassandra.astra,
    ).toEqual({
      secureBundlePath: '/b.zip',
      token: 'AstraCS:t',
    });
  });
});

describe('parseReplication', () => {
  it.each([
    ['3', { class: 'SimpleStrategy', replication_factor: 3 }],
    ['dc1:3,dc2:2', { class: 'NetworkTopologyStrategy', dc1: 3, dc2: 2 }],
    ['{"class":"NetworkTopologyStrategy","eu":3}', { class: 'NetworkTopologyStrategy', eu: 3 }],
  ])('%s', (raw, expected) => expect(parseReplication(raw)).toEqual(expected));

  it.each(['0', 'dc1', '{"eu":3}', '{nope', 'dc1:x'])('rejects %s', (raw) => {
    expect(() => parseReplication(raw)).toThrow(ConfigError);
  });

  it('parses the model settings', () => {
    const d = loadConfig({});
    expect(d.enabledModelVersions).toBeUndefined();
    expect(d.trustProxy).toBe(false);
    expect(d.predictionCacheTtlSeconds).toBe(30 * 86_400);
    const c = loadConfig({
      SPAM_MODEL_VERSIONS: ' v3, V1 ,v3',
      TRUST_PROXY: 'true',
      PREDICTION_CACHE_TTL_SECONDS: '60',
    });
    expect(c.enabledModelVersions).toEqual(['V3', 'V1', 'V3']);
    expect(c.trustProxy).toBe(true);
    expect(c.predictionCacheTtlSeconds).toBe(60);
    expect(loadConfig({ SPAM_MODEL_VERSIONS: '' }).enabledModelVersions).toEqual([]);
  });

  it('rejects bad flags', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ PREDICTION_CACHE_TTL_SECONDS: '0' })).toThrow(
      /PREDICTION_CACHE_TTL_SECONDS/,
    );
  });
});
