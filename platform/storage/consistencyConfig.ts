/**
 * The consistency settings of Cassandra storage, per concern, as configuration
 * (`CASSANDRA_CONSISTENCY_*`); why the defaults are what they are: platform/storage/consistency.ts.
 * No driver import here, so configuration loads without it.
 */
import { ConfigError } from '../errors';

/** Consistency levels a read or write may be given. */
export const CONSISTENCY_LEVELS = [
  'ANY',
  'ONE',
  'TWO',
  'THREE',
  'QUORUM',
  'ALL',
  'LOCAL_QUORUM',
  'EACH_QUORUM',
  'LOCAL_ONE',
] as const;
export type ConsistencyLevel = (typeof CONSISTENCY_LEVELS)[number];
/** Serial levels of lightweight transactions. */
export const SERIAL_LEVELS = ['SERIAL', 'LOCAL_SERIAL'] as const;
export type SerialLevel = (typeof SERIAL_LEVELS)[number];

/** What a statement reads or writes; one execution profile per concern and direction. */
export const CONCERNS = [
  'inbox',
  'ingestion',
  'features',
  'predictionCache',
  'callLog',
  'metadata',
] as const;
export type Concern = (typeof CONCERNS)[number];

/** The levels of one concern. */
export interface ReadWriteLevels {
  read: ConsistencyLevel;
  write: ConsistencyLevel;
}

/** Every concern's levels, the serial level of LWTs, and speculative execution. */
export interface CassandraConsistency {
  levels: Record<Concern, ReadWriteLevels>;
  serial: SerialLevel;
  /**
   * After this long without an answer an idempotent statement is also sent to the next
   * replica (at most `speculativeExecutions` more); 0 turns speculative execution off.
   */
  speculativeDelayMs: number;
  speculativeExecutions: number;
}

/** Write levels Astra DB refuses. */
export const ASTRA_REFUSED_WRITE_LEVELS: readonly ConsistencyLevel[] = ['ANY', 'ONE', 'LOCAL_ONE'];

/** The documented defaults (see the module remarks); `astra` raises every write to LOCAL_QUORUM. */
export function defaultConsistency(astra = false): CassandraConsistency {
  const q: ConsistencyLevel = 'LOCAL_QUORUM';
  const weakWrite: ConsistencyLevel = astra ? q : 'LOCAL_ONE';
  return {
    levels: {
      inbox: { read: q, write: q },
      ingestion: { read: q, write: q },
      features: { read: q, write: q },
      predictionCache: { read: 'LOCAL_ONE', write: q },
      callLog: { read: 'LOCAL_ONE', write: weakWrite },
      metadata: { read: q, write: q },
    },
    serial: 'LOCAL_SERIAL',
    speculativeDelayMs: 250,
    speculativeExecutions: 1,
  };
}

/** Environment names of each concern: `CASSANDRA_CONSISTENCY_<NAME>[_READ|_WRITE]`. */
export const CONCERN_ENV_NAMES: Record<Concern, string> = {
  inbox: 'INBOX',
  ingestion: 'INGESTION',
  features: 'FEATURES',
  predictionCache: 'PREDICTION_CACHE',
  callLog: 'CALL_LOG',
  metadata: 'METADATA',
};

/** The variables {@link parseConsistency} reads, for the config schema and the docs. */
export function consistencyEnvNames(): string[] {
  return Object.values(CONCERN_ENV_NAMES).flatMap((n) => [
    `CASSANDRA_CONSISTENCY_${n}`,
    `CASSANDRA_CONSISTENCY_${n}_READ`,
    `CASSANDRA_CONSISTENCY_${n}_WRITE`,
  ]);
}

function parseLevel<T extends string>(
  name: string,
  raw: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const v = raw.trim().toUpperCase();
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(`${name}: "${raw}" is not one of ${allowed.join(', ')}`);
  }
  return v as T;
}

function parseCount(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new ConfigError(`${name}: "${raw}" is not a whole number from 0 to ${max}`);
  }
  return n;
}

/**
 * Reads the consistency settings from `env` over the defaults: `CASSANDRA_CONSISTENCY_<C>`
 * sets both directions of a concern, `…_READ` / `…_WRITE` one of them;
 * `CASSANDRA_SERIAL_CONSISTENCY`; `CASSANDRA_SPECULATIVE_DELAY_MS` (0 = off) and
 * `CASSANDRA_SPECULATIVE_EXECUTIONS`.
 *
 * @throws ConfigError for an unknown level, or a write level Astra DB refuses when `astra`.
 */
export function parseConsistency(
  env: Record<string, string | undefined>,
  astra: boolean,
): CassandraConsistency {
  const c = defaultConsistency(astra);
  for (const concern of CONCERNS) {
    const base = `CASSANDRA_CONSISTENCY_${CONCERN_ENV_NAMES[concern]}`;
    const both = parseLevel(base, env[base], CONSISTENCY_LEVELS);
    const read = parseLevel(`${base}_READ`, env[`${base}_READ`], CONSISTENCY_LEVELS);
    const write = parseLevel(`${base}_WRITE`, env[`${base}_WRITE`], CONSISTENCY_LEVELS);
    c.levels[concern] = {
      read: read ?? both ?? c.levels[concern].read,
      write: write ?? both ?? c.levels[concern].write,
    };
    if (astra && ASTRA_REFUSED_WRITE_LEVELS.includes(c.levels[concern].write)) {
      throw new ConfigError(
        `${base}: Astra DB refuses ${c.levels[concern].write} for writes (use LOCAL_QUORUM)`,
      );
    }
  }
  c.serial =
    parseLevel('CASSANDRA_SERIAL_CONSISTENCY', env.CASSANDRA_SERIAL_CONSISTENCY, SERIAL_LEVELS) ??
    c.serial;
  c.speculativeDelayMs = parseCount(
    'CASSANDRA_SPECULATIVE_DELAY_MS',
    env.CASSANDRA_SPECULATIVE_DELAY_MS,
    c.speculativeDelayMs,
    60_000,
  );
  c.speculativeExecutions = parseCount(
    'CASSANDRA_SPECULATIVE_EXECUTIONS',
    env.CASSANDRA_SPECULATIVE_EXECUTIONS,
    c.speculativeExecutions,
    4,
  );
  return c;
}
