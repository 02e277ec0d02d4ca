/** Online store on SQLite: one table per view, JSON payload, newest-event-wins upserts. */
import { decodeValues, encodeValues } from './payload';
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from '../../platform/storage/sqlite';
import { sqliteCall, sqliteWrite } from '../../platform/storage/sqlite';
import type { FeatureRow } from '../offline/offlineStore';
import type { FeatureView } from '../types';
import {
  onlineTable,
  type OnlineRow,
  type OnlineStore,
  type OnlineWriteResult,
} from './onlineStore';

const CHUNK = 500; // SQLite's default limit on bound parameters is far above this

export class SqliteOnlineStore implements OnlineStore {
  constructor(private readonly db: SqliteDatabase) {}

  async ensureTable(view: FeatureView): Promise<void> {
    sqliteCall(this.db, `create the online table of ${view.name}`, () =>
      this.db.exec(
        `CREATE TABLE IF NOT EXISTS ${onlineTable(view.name)} (
           entity_key TEXT PRIMARY KEY,
           event_ts INTEGER NOT NULL,
           created_ts INTEGER NOT NULL,
           payload TEXT NOT NULL
         ) WITHOUT ROWID`,
      ),
    );
  }

  async dropTable(viewName: string): Promise<void> {
    // Cached statements of a dropped table would fail: forget them.
    for (const k of [...this.reads.keys()]) if (k.startsWith(`${viewName}:`)) this.reads.delete(k);
    sqliteCall(this.db, `drop the online table of ${viewName}`, () =>
      this.db.exec(`DROP TABLE IF EXISTS ${onlineTable(viewName)}`),
    );
  }

  async write(view: FeatureView, rows: FeatureRow[]): Promise<OnlineWriteResult> {
    const t = onlineTable(view.name);
    const olderKeys = new Set<string>();
    let written = 0;
    // Retried while another process holds the file locked (platform/storage/sqlite.ts).
    await sqliteWrite(this.db, `write online features of ${view.name}`, () => {
      written = 0; // a retried attempt starts over: the failed one was rolled back
      olderKeys.clear();
      const upsert = this.db.prepare(
        `INSERT INTO ${t} (entity_key, event_ts, created_ts, payload) VALUES (?, ?, ?, ?)
         ON CONFLICT (entity_key) DO UPDATE SET
           event_ts = excluded.event_ts, created_ts = excluded.created_ts, payload = excluded.payload
         WHERE excluded.event_ts > ${t}.event_ts
            OR (excluded.event_ts = ${t}.event_ts AND excluded.created_ts >= ${t}.created_ts)`,
      );
      const now = Date.now();
      // One transaction per call: a crash leaves all or nothing of this batch.
      this.db.transaction(() => {
        for (const r of rows) {
          // The upsert's condition says whether the row landed: 0 changes = the stored row
          // is newer.
          const { changes } = upsert.run(
            r.entityKey,
            r.eventTimestamp.getTime(),
            r.created?.getTime() ?? now,
            encodeValues(r.values),
          );
          if (changes > 0) written++;
          else olderKeys.add(r.entityKey);
        }
      })();
    });
    return { written, older: rows.length - written, olderKeys: [...olderKeys] };
  }

  async delete(view: FeatureView, entityKeys: readonly string[]): Promise<string[]> {
    const deleted: string[] = [];
    await sqliteWrite(this.db, `delete online features of ${view.name}`, () => {
      deleted.length = 0;
      const del = this.db.prepare(`DELETE FROM ${onlineTable(view.name)} WHERE entity_key = ?`);
      this.db.transaction(() => {
        for (const k of new Set(entityKeys)) if (del.run(k).changes > 0) deleted.push(k);
      })();
    });
    return deleted;
  }

  // Preparing is a large share of a small read: statements are cached per (view, key count).
  private readonly reads = new Map<
    string,
    Database.Statement<string[], { entity_key: string; event_ts: number; payload: string }>
  >();
  private readStatement(view: string, n: number) {
    const key = `${view}:${n}`;
    let stmt = this.reads.get(key);
    if (!stmt) {
      stmt = this.db.prepare<string[], { entity_key: string; event_ts: number; payload: string }>(
        `SELECT entity_key, event_ts, payload FROM ${onlineTable(view)} WHERE entity_key IN (${Array(n).fill('?').join(',')})`,
      );
      if (this.reads.size > 2000) this.reads.clear();
      this.reads.set(key, stmt);
    }
    return stmt;
  }

  async read(view: FeatureView, entityKeys: readonly string[]): Promise<(OnlineRow | null)[]> {
    const found = new Map<string, OnlineRow>();
    sqliteCall(this.db, `read online features of ${view.name}`, () => {
      for (let i = 0; i < entityKeys.length; i += CHUNK) {
        const keys = entityKeys.slice(i, i + CHUNK);
        const rows = this.readStatement(view.name, keys.length).all(...keys);
        for (const r of rows) {
          found.set(r.entity_key, {
            eventTimestamp: new Date(r.event_ts),
            values: decodeValues(r.payload),
          });
        }
      }
    });
    return entityKeys.map((k) => found.get(k) ?? null);
  }
}
