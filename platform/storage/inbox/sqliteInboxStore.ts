/** Inboxes in SQLite: one table keyed by id, indexed by (recipient, time) for inbox pages. */
import type { SqliteDatabase } from '../sqlite';
import { sqliteCall, sqliteWrite } from '../sqlite';
import type { InboxPage, InboxStore, NewSms, ScanPage, StoredSms } from './inboxStore';
import { smsIdDate, smsIdSortKey } from './smsId';

interface SmsRow {
  sms_id: string;
  recipient_id: string;
  sender_id: string;
  text: string;
}

const toSms = (r: SmsRow): StoredSms => ({
  smsId: r.sms_id,
  recipientId: r.recipient_id,
  senderId: r.sender_id,
  text: r.text,
  receivedAt: smsIdDate(r.sms_id),
});

/** {@link InboxStore} on an embedded SQLite file. */
export class SqliteInboxStore implements InboxStore {
  constructor(private readonly db: SqliteDatabase) {}

  async init(): Promise<void> {
    sqliteCall(this.db, 'create the inbox tables', () =>
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS sms (
          sms_id TEXT PRIMARY KEY,
          recipient_id TEXT NOT NULL,
          sender_id TEXT NOT NULL,
          text TEXT NOT NULL,
          sort_key TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS sms_by_recipient ON sms (recipient_id, sort_key DESC);
      `),
    );
  }

  // Statements are prepared lazily: init() must have created the table first.
  private stmts?: ReturnType<SqliteInboxStore['prepare']>;
  private get q() {
    return (this.stmts ??= this.prepare());
  }
  private prepare() {
    const cols = 'sms_id, recipient_id, sender_id, text';
    return {
      insert: this.db.prepare(
        `INSERT OR REPLACE INTO sms (sms_id, recipient_id, sender_id, text, sort_key) VALUES (?, ?, ?, ?, ?)`,
      ),
      first: this.db.prepare<[string, number], SmsRow>(
        `SELECT ${cols} FROM sms WHERE recipient_id = ? ORDER BY sort_key DESC LIMIT ?`,
      ),
      after: this.db.prepare<[string, string, number], SmsRow>(
        `SELECT ${cols} FROM sms WHERE recipient_id = ? AND sort_key < ? ORDER BY sort_key DESC LIMIT ?`,
      ),
      get: this.db.prepare<[string, string], SmsRow>(
        `SELECT ${cols} FROM sms WHERE sms_id = ? AND recipient_id = ?`,
      ),
      byId: this.db.prepare<[string], SmsRow>(`SELECT ${cols} FROM sms WHERE sms_id = ?`),
      // The primary key's order: each page is one range read of the table.
      scan: this.db.prepare<[string, number], SmsRow>(
        `SELECT ${cols} FROM sms WHERE sms_id > ? ORDER BY sms_id LIMIT ?`,
      ),
    };
  }

  async insert(sms: NewSms): Promise<StoredSms> {
    await sqliteWrite(this.db, 'store an sms', () =>
      this.q.insert.run(
        sms.smsId,
        sms.recipientId,
        sms.senderId,
        sms.text,
        smsIdSortKey(sms.smsId),
      ),
    );
    return { ...sms, receivedAt: smsIdDate(sms.smsId) };
  }

  async listInbox(
    userId: string,
    opts: { limit: number; beforeSmsId?: string },
  ): Promise<InboxPage> {
    const n = opts.limit + 1; // one more tells whether a next page exists
    const rows = sqliteCall(this.db, 'read an inbox', () =>
      opts.beforeSmsId
        ? this.q.after.all(userId, smsIdSortKey(opts.beforeSmsId), n)
        : this.q.first.all(userId, n),
    );
    return { items: rows.slice(0, opts.limit).map(toSms), hasMore: rows.length > opts.limit };
  }

  async get(userId: string, smsId: string): Promise<StoredSms | null> {
    const row = sqliteCall(this.db, 'read an sms', () => this.q.get.get(smsId, userId));
    return row ? toSms(row) : null;
  }

  async getMany(smsIds: readonly string[]): Promise<(StoredSms | null)[]> {
    return sqliteCall(this.db, 'read sms by id', () =>
      smsIds.map((id) => {
        const row = this.q.byId.get(id);
        return row ? toSms(row) : null;
      }),
    );
  }

  async scan(opts: { limit: number; after?: string }): Promise<ScanPage> {
    const rows = sqliteCall(this.db, 'scan the inboxes', () =>
      this.q.scan.all(opts.after ?? '', opts.limit),
    );
    const last = rows.length === opts.limit ? rows[rows.length - 1] : undefined;
    return { items: rows.map(toSms), next: last ? last.sms_id : null };
  }
}
