/** Connecting to Apache Cassandra or Astra DB, and mapping driver failures to our errors. */
import { Client, auth, errors as driverErrors, type ClientOptions } from 'cassandra-driver';
import type { Config } from '../config';
import { StorageUnavailableError } from '../errors';
import { executionProfiles, speculativeExecutionPolicy } from './consistency';

/**
 * Driver options for the configured cluster: an Astra DB secure connect bundle with a token
 * when one is configured, else contact points in the local data center.
 *
 * @remarks The driver's default load balancing policy is token-aware over DC-aware
 * round robin, so reads and writes go straight to a replica.
 */
export function cassandraClientOptions(c: Config['cassandra']): ClientOptions {
  const base: ClientOptions = {
    queryOptions: { prepare: true },
    // Levels per concern; speculative execution and retries for idempotent statements only.
    profiles: executionProfiles(c.consistency),
    policies: { speculativeExecution: speculativeExecutionPolicy(c.consistency) },
    pooling: { coreConnectionsPerHost: { 0: 2, 1: 1, 2: 0 } },
    socketOptions: { connectTimeout: 5000, readTimeout: 12000 },
    // Tables are created at start: on a busy multi-node cluster agreement can take >10 s.
    protocolOptions: { maxSchemaAgreementWaitSeconds: 30 },
  };
  if (c.astra) {
    return {
      ...base,
      cloud: { secureConnectBundle: c.astra.secureBundlePath },
      credentials: { username: 'token', password: c.astra.token },
    };
  }
  return {
    ...base,
    contactPoints: c.contactPoints,
    localDataCenter: c.localDataCenter,
    authProvider:
      c.username !== undefined
        ? new auth.PlainTextAuthProvider(c.username, c.password ?? '')
        : undefined,
  };
}

/**
 * Connects and makes sure the keyspace exists (Astra DB keyspaces are made in its console,
 * so there the keyspace is only checked).
 */
export async function connectCassandra(c: Config['cassandra']): Promise<Client> {
  const client = new Client(cassandraClientOptions(c));
  try {
    await client.connect();
    if (!c.astra) {
      const replication = JSON.stringify(c.replication).replace(/"/g, "'");
      await client.execute(
        `CREATE KEYSPACE IF NOT EXISTS ${c.keyspace} WITH replication = ${replication}`,
      );
    }
    const ks = await client.execute(
      'SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?',
      [c.keyspace],
    );
    if (ks.rowLength === 0) {
      throw new StorageUnavailableError(`Cassandra keyspace "${c.keyspace}" does not exist`);
    }
    return client;
  } catch (e) {
    await client.shutdown().catch(() => undefined);
    throw toStorageError(e, 'connect to Cassandra');
  }
}

/**
 * Wraps driver errors (no host, timeouts, server errors, a connection closed under a request
 * — a node killed mid-request) as STORAGE_UNAVAILABLE; a bad argument stays a bug.
 */
export function toStorageError(e: unknown, what: string): unknown {
  if (e instanceof StorageUnavailableError) return e;
  if (
    e instanceof driverErrors.DriverError &&
    !(e instanceof driverErrors.ArgumentError) &&
    !(e instanceof driverErrors.NotSupportedError)
  ) {
    return new StorageUnavailableError(`Cassandra failed to ${what}: ${e.message}`, e);
  }
  return e;
}

/** Runs a driver call, turning its failures into STORAGE_UNAVAILABLE errors. */
export async function cassandraCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toStorageError(e, what);
  }
}

/**
 * Runs schema changes (`CREATE … IF NOT EXISTS`, idempotent) again when they fail while the
 * cluster's nodes disagree on the schema — seen on the 3-node cluster right after a node
 * rejoined ("Unknown CF <id>"): waits up to 30 s for agreement, at most `attempts` runs.
 */
export async function withSchemaAgreement(
  client: Client,
  ddl: () => Promise<void>,
  attempts = 3,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ddl();
    } catch (e) {
      if (attempt >= attempts || client.hosts.length <= 1) throw e;
      const deadline = Date.now() + 30_000;
      // In the driver since 4.0, missing from its typings.
      const metadata = client.metadata as unknown as { checkSchemaAgreement(): Promise<boolean> };
      while (!(await metadata.checkSchemaAgreement().catch(() => false))) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
}

/** Drops a whole keyspace (test and benchmark clean-up). */
export async function dropKeyspace(c: Config['cassandra']): Promise<void> {
  const client = await connectCassandra(c);
  try {
    await client.execute(`DROP KEYSPACE IF EXISTS ${c.keyspace}`);
  } finally {
    await client.shutdown();
  }
}
