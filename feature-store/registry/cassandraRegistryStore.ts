/** Registry on Cassandra: one row per project; intervals clustered by end, latest first. */
import type { Client } from 'cassandra-driver';
import { cassandraCall } from '../../platform/storage/cassandra';
import { concernOptions } from '../../platform/storage/consistency';
import type { FeatureRepo } from '../types';
import type { MaterializationInterval, RegistryStore } from './registryStore';

/** Registry statements: `metadata` levels; reads and upserts are idempotent. */
const REGISTRY = concernOptions('metadata');

export class CassandraRegistryStore implements RegistryStore {
  constructor(
    private readonly client: Client,
    private readonly keyspace: string,
  ) {}

  async init(): Promise<void> {
    const ks = this.keyspace;
    await cassandraCall('create the registry tables', async () => {
      await this.client.execute(
        `CREATE TABLE IF NOT EXISTS ${ks}.fs_registry (project text PRIMARY KEY, repo_json text, applied_at timestamp)`,
      );
      await this.client.execute(
        `CREATE TABLE IF NOT EXISTS ${ks}.fs_materializations (
           project text, view_name text, end_ts timestamp, start_ts timestamp, done_at timestamp,
           PRIMARY KEY ((project, view_name), end_ts, start_ts)
         ) WITH CLUSTERING ORDER BY (end_ts DESC, start_ts DESC)`,
      );
    });
  }

  async getRepo(project: string) {
    const rs = await cassandraCall('read the registry', () =>
      this.client.execute(
        `SELECT repo_json, applied_at FROM ${this.keyspace}.fs_registry WHERE project = ?`,
        [project],
        REGISTRY.read,
      ),
    );
    const row = rs.first();
    return row
      ? {
          repo: JSON.parse(row.get('repo_json') as string) as FeatureRepo,
          appliedAt: row.get('applied_at') as Date,
        }
      : null;
  }

  async saveRepo(project: string, repo: FeatureRepo, appliedAt: Date): Promise<void> {
    await cassandraCall('write the registry', () =>
      this.client.execute(
        `INSERT INTO ${this.keyspace}.fs_registry (project, repo_json, applied_at) VALUES (?, ?, ?)`,
        [project, JSON.stringify(repo), appliedAt],
        REGISTRY.write,
      ),
    );
  }

  async addInterval(project: string, view: string, i: MaterializationInterval): Promise<void> {
    await cassandraCall('record a materialization', () =>
      this.client.execute(
        `INSERT INTO ${this.keyspace}.fs_materializations (project, view_name, end_ts, start_ts, done_at) VALUES (?, ?, ?, ?, ?)`,
        [project, view, i.end, i.start, i.doneAt],
        REGISTRY.write,
      ),
    );
  }

  async intervals(project: string, view: string): Promise<MaterializationInterval[]> {
    const rs = await cassandraCall('read materializations', () =>
      this.client.execute(
        `SELECT start_ts, end_ts, done_at FROM ${this.keyspace}.fs_materializations WHERE project = ? AND view_name = ?`,
        [project, view],
        REGISTRY.read,
      ),
    );
    return rs.rows.map((r) => ({
      start: r.get('start_ts') as Date,
      end: r.get('end_ts') as Date,
      doneAt: r.get('done_at') as Date,
    }));
  }

  async clearIntervals(project: string, view: string): Promise<void> {
    await cassandraCall('clear materializations', () =>
      this.client.execute(
        `DELETE FROM ${this.keyspace}.fs_materializations WHERE project = ? AND view_name = ?`,
        [project, view],
        REGISTRY.write,
      ),
    );
  }
}
