/** Promotions in SQLite: one append-only table, read newest first. */
import type { SqliteDatabase } from '../sqlite';
import { sqliteCall, sqliteWrite } from '../sqlite';
import type { Promotion, PromotionStore } from './promotions';

interface PromotionRow {
  champion: string;
  challenger: string | null;
  promoted_at: number;
  promoted_by: string;
}

/** {@link PromotionStore} on an embedded SQLite file. */
export class SqlitePromotionStore implements PromotionStore {
  constructor(private readonly db: SqliteDatabase) {}

  async init(): Promise<void> {
    sqliteCall(this.db, 'create the promotions table', () =>
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS model_promotions (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          champion TEXT NOT NULL,
          challenger TEXT,
          promoted_at INTEGER NOT NULL, -- ms since the epoch
          promoted_by TEXT NOT NULL
        );`),
    );
  }

  async record(p: Promotion): Promise<void> {
    await sqliteWrite(this.db, 'record a promotion', () =>
      this.db
        .prepare(
          'INSERT INTO model_promotions (champion, challenger, promoted_at, promoted_by) VALUES (?, ?, ?, ?)',
        )
        .run(p.champion, p.challenger, p.promotedAt.getTime(), p.promotedBy),
    );
  }

  async history(limit: number): Promise<Promotion[]> {
    const rows = sqliteCall(this.db, 'read promotions', () =>
      this.db
        .prepare<[number], PromotionRow>(
          `SELECT champion, challenger, promoted_at, promoted_by FROM model_promotions
           ORDER BY promoted_at DESC, id DESC LIMIT ?`,
        )
        .all(limit),
    );
    return rows.map((r) => ({
      champion: r.champion,
      challenger: r.challenger,
      promotedAt: new Date(r.promoted_at),
      promotedBy: r.promoted_by,
    }));
  }
}
