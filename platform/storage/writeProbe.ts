/**
 * The write probe behind a service's `/ready`: one tiny row rewritten in place, so "storage
 * answers" also means "storage takes writes" (a locked or read-only SQLite file, a Cassandra
 * cluster short of replicas for a write).
 */
import type { Client } from 'cassandra-driver';
import { cassandraCall } from './cassandra';
import { concernOptions } from './consistency';
import { sqliteCall, sqliteWrite, type SqliteDatabase } from './sqlite';

/** The probe writes at the inbox's level: readiness means "messages can be stored". */
const PROBE = concernOptions('inbox');

/** The probe of one backend. */
export interface WriteProbe {
  init(): Promise<void>;
  /** Writes the probe row; throws STORAGE_UNAVAILABLE when storage does not take writes. */
  write(): Promise<void>;
}

/** {@link WriteProbe} on SQLite: `storage_probe`, one row. */
export class SqliteWriteProbe implements WriteProbe {
  constructor(private readonly db: SqliteDatabase) {}

  async init(): Promise<void> {
    sqliteCall(this.db, 'create the storage probe table', () =>
      this.db.exec(
        'CREATE TABLE IF NOT EXISTS storage_probe (id INTEGER PRIMARY KEY, written_at INTEGER NOT NULL)',
      ),
    );
  }

  async write(): Promise<void> {
    await sqliteWrite(this.db, 'write the storage probe', () =>
      this.db
        .prepare('INSERT OR REPLACE INTO storage_probe (id, written_at) VALUES (1, ?)')
        .run(Date.now()),
    );
  }
}

/** {@link WriteProbe} on Cassandra: `storage_probe`, one row that expires after a minute. */
export class CassandraWriteProbe implements WriteProbe {
  constructor(
    private readonly client: Client,
    private readonly keyspace: string,
  ) {}

  async init(): Promise<void> {
    await cassandraCall('create the storage probe table', () =>
      this.client.execute(
        `CREATE TABLE IF NOT EXISTS ${this.keyspace}.storage_probe (id text PRIMARY KEY, written_at timestamp)`,
      ),
    );
  }

  async write(): Promise<void> {
    await cassandraCall('write the storage probe', () =>
      this.client.execute(
        `INSERT INTO ${this.keyspace}.storage_probe (id, written_at) VALUES ('probe', ?) USING TTL 60`,
        [new Date()],
        PROBE.write,
      ),
    );
  }
}
