/** Registry on SQLite. */
import type { SqliteDatabase } from '../../platform/storage/sqlite';
import { sqliteCall, sqliteWrite } from '../../platform/storage/sqlite';
import type { FeatureRepo } from '../types';
import type { MaterializationInterval, RegistryStore } from './registryStore';

export class SqliteRegistryStore implements RegistryStore {
  constructor(private readonly db: SqliteDatabase) {}

  async init(): Promise<void> {
    sqliteCall(this.db, 'create the registry tables', () =>
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS fs_registry (
          project TEXT PRIMARY KEY, repo_json TEXT NOT NULL, applied_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS fs_materializations (
          project TEXT NOT NULL, view TEXT NOT NULL, start_ts INTEGER NOT NULL,
          end_ts INTEGER NOT NULL, done_at INTEGER NOT NULL,
          PRIMARY KEY (project, view, end_ts, start_ts)
        );`),
    );
  }

  async getRepo(project: string) {
    const row = sqliteCall(this.db, 'read the registry', () =>
      this.db
        .prepare<[string], { repo_json: string; applied_at: number }>(
          'SELECT repo_json, applied_at FROM fs_registry WHERE project = ?',
        )
        .get(project),
    );
    return row
      ? { repo: JSON.parse(row.repo_json) as FeatureRepo, appliedAt: new Date(row.applied_at) }
      : null;
  }

  async saveRepo(project: string, repo: FeatureRepo, appliedAt: Date): Promise<void> {
    await sqliteWrite(this.db, 'write the registry', () =>
      this.db
        .prepare(
          `INSERT INTO fs_registry (project, repo_json, applied_at) VALUES (?, ?, ?)
           ON CONFLICT (project) DO UPDATE SET repo_json = excluded.repo_json, applied_at = excluded.applied_at`,
        )
        .run(project, JSON.stringify(repo), appliedAt.getTime()),
    );
  }

  async addInterval(project: string, view: string, i: MaterializationInterval): Promise<void> {
    await sqliteWrite(this.db, 'record a materialization', () =>
      this.db
        .prepare(
          `INSERT OR REPLACE INTO fs_materializations (project, view, start_ts, end_ts, done_at) VALUES (?, ?, ?, ?, ?)`,
        )
        .run(project, view, i.start.getTime(), i.end.getTime(), i.doneAt.getTime()),
    );
  }

  async intervals(project: string, view: string): Promise<MaterializationInterval[]> {
    const rows = sqliteCall(this.db, 'read materializations', () =>
      this.db
        .prepare<[string, string], { start_ts: number; end_ts: number; done_at: number }>(
          `SELECT start_ts, end_ts, done_at FROM fs_materializations WHERE project = ? AND view = ?
           ORDER BY end_ts DESC, start_ts DESC`,
        )
        .all(project, view),
    );
    return rows.map((r) => ({
      start: new Date(r.start_ts),
      end: new Date(r.end_ts),
      doneAt: new Date(r.done_at),
    }));
  }

  async clearIntervals(project: string, view: string): Promise<void> {
    await sqliteWrite(this.db, 'clear materializations', () =>
      this.db
        .prepare('DELETE FROM fs_materializations WHERE project = ? AND view = ?')
        .run(project, view),
    );
  }
}
