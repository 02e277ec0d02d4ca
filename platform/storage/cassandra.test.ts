// Astra DB's cloud endpoint cannot exist here: this checks only the driver options we build.
import { loadConfig } from '../config';
import { cassandraClientOptions } from './cassandra';

describe('cassandraClientOptions', () => {
  it('uses contact points and the local DC for a self-run cluster', () => {
    const o = cassandraClientOptions(
      loadConfig({
        CASSANDRA_CONTACT_POINTS: '10.0.0.1:9042, 10.0.0.2:9042',
        CASSANDRA_LOCAL_DC: 'eu-west',
      }).cassandra,
    );
    expect(o.contactPoints).toEqual(['10.0.0.1:9042', '10.0.0.2:9042']);
    expect(o.localDataCenter).toBe('eu-west');
    expect(o.cloud).toBeUndefined();
    expect(o.queryOptions?.prepare).toBe(true);
  });

  it('uses the secure connect bundle and token for Astra DB', () => {
    const o = cassandraClientOptions(
      loadConfig({
        ASTRA_DB_SECURE_BUNDLE_PATH: '/secrets/bundle.zip',
        ASTRA_DB_APPLICATION_TOKEN: 'AstraCS:abc',
      }).cassandra,
    );
    expect(o.cloud).toEqual({ secureConnectBundle: '/secrets/bundle.zip' });
    expect(o.credentials).toEqual({ username: 'token', password: 'AstraCS:abc' });
    expect(o.contactPoints).toBeUndefined();
  });
});
