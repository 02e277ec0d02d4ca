/**
 * Consistency per concern: the documented defaults, overrides from the environment, what
 * Astra DB refuses, the driver profiles built from them, and which statements are marked
 * idempotent (only those get speculative execution and retries).
 */
import { types } from 'cassandra-driver';
import { loadConfig } from '../config';
import { isSpamgraphError } from '../errors';
import {
  executionProfiles,
  NextReplicaRetryPolicy,
  speculativeExecutionPolicy,
  statementKind,
  statementOptions,
} from './consistency';
import { defaultConsistency, parseConsistency } from './consistencyConfig';

const configError = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (isSpamgraphError(e) && e.code === 'CONFIG_INVALID') return e.message;
    throw e;
  }
  throw new Error('no error');
};

describe('consistency levels per concern', () => {
  it('defaults to the levels right for RF 3 in one data centre', () => {
    expect(loadConfig({}).cassandra.consistency).toEqual({
      levels: {
        inbox: { read: 'LOCAL_QUORUM', write: 'LOCAL_QUORUM' },
        ingestion: { read: 'LOCAL_QUORUM', write: 'LOCAL_QUORUM' },
        features: { read: 'LOCAL_QUORUM', write: 'LOCAL_QUORUM' },
        predictionCache: { read: 'LOCAL_ONE', write: 'LOCAL_QUORUM' },
        callLog: { read: 'LOCAL_ONE', write: 'LOCAL_ONE' },
        metadata: { read: 'LOCAL_QUORUM', write: 'LOCAL_QUORUM' },
      },
      serial: 'LOCAL_SERIAL',
      speculativeDelayMs: 250,
      speculativeExecutions: 1,
    });
  });

  it('takes a level for both directions, or one, case-insensitively', () => {
    const c = parseConsistency(
      {
        CASSANDRA_CONSISTENCY_FEATURES: 'quorum',
        CASSANDRA_CONSISTENCY_FEATURES_READ: 'LOCAL_ONE',
        CASSANDRA_CONSISTENCY_CALL_LOG_WRITE: ' LOCAL_QUORUM ',
        CASSANDRA_SERIAL_CONSISTENCY: 'serial',
        CASSANDRA_SPECULATIVE_DELAY_MS: '0',
      },
      false,
    );
    expect(c.levels.features).toEqual({ read: 'LOCAL_ONE', write: 'QUORUM' });
    expect(c.levels.callLog).toEqual({ read: 'LOCAL_ONE', write: 'LOCAL_QUORUM' });
    expect(c.serial).toBe('SERIAL');
    expect(c.speculativeDelayMs).toBe(0);
  });

  it('refuses unknown levels, a serial level as a level, and bad counts, naming the variable', () => {
    expect(
      configError(() => parseConsistency({ CASSANDRA_CONSISTENCY_INBOX: 'MOST' }, false)),
    ).toBe(
      'CASSANDRA_CONSISTENCY_INBOX: "MOST" is not one of ANY, ONE, TWO, THREE, QUORUM, ALL, LOCAL_QUORUM, EACH_QUORUM, LOCAL_ONE',
    );
    expect(
      configError(() => parseConsistency({ CASSANDRA_CONSISTENCY_METADATA_READ: 'SERIAL' }, false)),
    ).toMatch(/^CASSANDRA_CONSISTENCY_METADATA_READ: "SERIAL" is not one of/);
    expect(
      configError(() => parseConsistency({ CASSANDRA_SERIAL_CONSISTENCY: 'LOCAL_QUORUM' }, false)),
    ).toBe('CASSANDRA_SERIAL_CONSISTENCY: "LOCAL_QUORUM" is not one of SERIAL, LOCAL_SERIAL');
    expect(
      configError(() => parseConsistency({ CASSANDRA_SPECULATIVE_EXECUTIONS: '1.5' }, false)),
    ).toBe('CASSANDRA_SPECULATIVE_EXECUTIONS: "1.5" is not a whole number from 0 to 4');
    expect(
      configError(() => parseConsistency({ CASSANDRA_SPECULATIVE_DELAY_MS: '-1' }, false)),
    ).toMatch(/^CASSANDRA_SPECULATIVE_DELAY_MS: "-1"/);
  });

  it('on Astra DB: every write defaults to LOCAL_QUORUM and a weaker one is refused', () => {
    const astra = defaultConsistency(true);
    expect(Object.values(astra.levels).map((l) => l.write)).toEqual(Array(6).fill('LOCAL_QUORUM'));
    expect(astra.levels.predictionCache.read).toBe('LOCAL_ONE'); // reads may stay weak
    expect(
      configError(() => parseConsistency({ CASSANDRA_CONSISTENCY_CALL_LOG: 'LOCAL_ONE' }, true)),
    ).toBe(
      'CASSANDRA_CONSISTENCY_CALL_LOG: Astra DB refuses LOCAL_ONE for writes (use LOCAL_QUORUM)',
    );
    expect(
      parseConsistency({ CASSANDRA_CONSISTENCY_CALL_LOG: 'LOCAL_ONE' }, false).levels.callLog,
    ).toEqual({ read: 'LOCAL_ONE', write: 'LOCAL_ONE' });
  });
});

describe('driver execution profiles', () => {
  it('gives each concern and direction its configured level and the serial level', () => {
    const c = parseConsistency({ CASSANDRA_CONSISTENCY_INBOX_READ: 'ONE' }, false);
    const byName = new Map(executionProfiles(c).map((p) => [p.name, p]));
    expect([...byName.keys()]).toEqual([
      'default',
      'inbox.read',
      'inbox.write',
      'ingestion.read',
      'ingestion.write',
      'features.read',
      'features.write',
      'predictionCache.read',
      'predictionCache.write',
      'callLog.read',
      'callLog.write',
      'metadata.read',
      'metadata.write',
    ]);
    const lv = types.consistencies;
    expect(byName.get('inbox.read')?.consistency).toBe(lv.one);
    expect(byName.get('inbox.write')?.consistency).toBe(lv.localQuorum);
    expect(byName.get('features.read')?.consistency).toBe(lv.localQuorum);
    expect(byName.get('predictionCache.read')?.consistency).toBe(lv.localOne);
    expect(byName.get('callLog.write')?.consistency).toBe(lv.localOne);
    expect(byName.get('ingestion.write')?.serialConsistency).toBe(lv.localSerial);
    expect(byName.get('default')?.retry).toBeInstanceOf(NextReplicaRetryPolicy);
  });

  it('speculates only when a delay is set', () => {
    const on = speculativeExecutionPolicy(defaultConsistency());
    const off = speculativeExecutionPolicy({ ...defaultConsistency(), speculativeDelayMs: 0 });
    expect(on.constructor.name).toBe('ConstantSpeculativeExecutionPolicy');
    expect(off.constructor.name).toBe('NoSpeculativeExecutionPolicy');
  });

  it('retries on the next replica, once for timeouts and unavailable, twice for a dead connection', () => {
    const p = new NextReplicaRetryPolicy();
    const info = (nbRetry: number) => ({ nbRetry }) as never;
    const lq = types.consistencies.localQuorum;
    expect(p.onReadTimeout(info(0), lq)).toMatchObject({ decision: 1, useCurrentHost: false });
    expect(p.onReadTimeout(info(1), lq)).toEqual({ decision: 0 });
    expect(p.onWriteTimeout(info(0), lq)).toMatchObject({ decision: 1, useCurrentHost: false });
    expect(p.onUnavailable(info(1), lq)).toEqual({ decision: 0 });
    expect(p.onRequestError(info(1), lq)).toMatchObject({ decision: 1, useCurrentHost: false });
    expect(p.onRequestError(info(2), lq)).toEqual({ decision: 0 });
  });
});

describe('statement kinds', () => {
  it.each([
    ['SELECT * FROM ks.t WHERE k = ?', 'read'],
    ['  select k from ks.t', 'read'],
    ['INSERT INTO ks.t (k, v) VALUES (?, ?)', 'write'],
    ['INSERT INTO ks.t (k, v) VALUES (?, ?) USING TTL ?', 'write'],
    ['DELETE FROM ks.t WHERE k = ?', 'write'],
    ['INSERT INTO ks.t (k) VALUES (?) IF NOT EXISTS', 'lwt'],
    ['INSERT INTO ks.t (k) VALUES (?) IF NOT EXISTS USING TTL ?', 'lwt'],
    ['UPDATE ks.t SET revoked = true WHERE id = ? IF EXISTS', 'lwt'],
    ['UPDATE ks.t SET v = ? WHERE k = ? IF v = ?', 'lwt'],
    ["INSERT INTO ks.t (k, v) VALUES ('IF NOT EXISTS', ?)", 'write'],
  ] as const)('%s → %s', (cql, kind) => {
    expect(statementKind(cql)).toBe(kind);
  });

  it('marks reads and writes idempotent and lightweight transactions not', () => {
    expect(statementOptions('inbox', 'read')).toEqual({
      prepare: true,
      executionProfile: 'inbox.read',
      isIdempotent: true,
    });
    expect(statementOptions('features', 'write')).toMatchObject({ isIdempotent: true });
    expect(statementOptions('ingestion', 'lwt')).toEqual({
      prepare: true,
      executionProfile: 'ingestion.write',
      isIdempotent: false,
    });
  });
});
