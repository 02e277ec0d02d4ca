/**
 * The call log in Cassandra: `call_log`, one partition per (caller, version), clustered by a
 * TIMEUUID made from the call time, newest first → "recent calls" is one sequential slice of
 * one partition. Rows are written `USING TTL` (the table also defaults to one hour), so
 * Cassandra expires them itself.
 */
import { types, type Client } from 'cassandra-driver';
import { cassandraCall } from '../cassandra';
import { concernOptions } from '../consistency';
import { CALL_LOG_TTL_SECONDS, type CallLogEntry, type CallLogStore } from './callLog';

/** Call log statements: `callLog` levels (the calledAt TIMEUUID is made once, so a retry is idempotent). */
const CALL_LOG = concernOptions('callLog');

/** Rows per page when reading (the driver's default fetch size). */
const MAX_PAGE_ROWS = 5000;

/** {@link CallLogStore} on Apache Cassandra / Astra DB. */
export class CassandraCallLogStore implements CallLogStore {
  private readonly q: Record<'insert' | 'recent', string>;
  private readonly ttlSeconds: number;

  /** @param opts.ttlSeconds - how long an entry lives (default {@link CALL_LOG_TTL_SECONDS}). */
  constructor(
    private readonly client: Client,
    private readonly keyspace: string,
    { ttlSeconds = CALL_LOG_TTL_SECONDS }: { ttlSeconds?: number } = {},
  ) {
    const ks = keyspace;
    this.ttlSeconds = ttlSeconds;
    this.q = {
      insert: `INSERT INTO ${ks}.call_log (caller, version, called_at, operation, input) VALUES (?, ?, ?, ?, ?) USING TTL ?`,
      // minTimeuuid takes a timestamp: the smallest TIMEUUID of that millisecond, so a call
      // made exactly at `since` is included.
      recent: `SELECT caller, version, called_at, operation, input FROM ${ks}.call_log WHERE caller = ? AND version = ? AND called_at >= minTimeuuid(?) LIMIT ?`,
    };
  }

  async init(): Promise<void> {
    await cassandraCall('create the call log table', () =>
      this.client.execute(
        `CREATE TABLE IF NOT EXISTS ${this.keyspace}.call_log (
           caller text, version text, called_at timeuuid, operation text, input text,
           PRIMARY KEY ((caller, version), called_at)
         ) WITH CLUSTERING ORDER BY (called_at DESC)
           AND default_time_to_live = ${CALL_LOG_TTL_SECONDS}`,
      ),
    );
  }

  async append(entry: CallLogEntry): Promise<void> {
    // Random node and clock parts plus the driver's tick counter: unique per call even when
    // two calls share a millisecond, and ordered by `calledAt`.
    const calledAt = types.TimeUuid.fromDate(entry.calledAt);
    await cassandraCall('append to the call log', () =>
      this.client.execute(
        this.q.insert,
        [entry.caller, entry.version, calledAt, entry.operation, entry.input, this.ttlSeconds],
        CALL_LOG.write,
      ),
    );
  }

  async recent(
    caller: string,
    version: string,
    since: Date,
    limit: number,
  ): Promise<CallLogEntry[]> {
    if (limit <= 0) return []; // CQL rejects LIMIT 0
    const entries: CallLogEntry[] = [];
    // The driver returns one page (fetchSize rows) per request: follow the pages for a large
    // limit.
    let pageState: string | undefined;
    do {
      const rs = await cassandraCall('read the call log', () =>
        this.client.execute(this.q.recent, [caller, version, since, limit], {
          ...CALL_LOG.read,
          fetchSize: Math.min(limit, MAX_PAGE_ROWS),
          pageState,
        }),
      );
      for (const r of rs.rows) {
        entries.push({
          caller: r.get('caller') as string,
          version: r.get('version') as string,
          calledAt: (r.get('called_at') as types.TimeUuid).getDate(),
          operation: r.get('operation') as string,
          input: r.get('input') as string,
        });
      }
      pageState = rs.pageState ?? undefined;
    } while (pageState && entries.length < limit);
    return entries;
  }
}
