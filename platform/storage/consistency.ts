/**
 * Consistency per concern on Cassandra: each store names what it reads or writes (its
 * *concern*) and whether the statement is idempotent; the levels come from configuration
 * (`CASSANDRA_CONSISTENCY_*`) as driver execution profiles, so no store hard-codes one.
 *
 * @remarks
 * Defaults are the ones right for RF 3 in one data centre (platform/storage/SCALING.md):
 * - inbox and ingestion log: `LOCAL_QUORUM` both ways (a reader sees every acknowledged
 *   message; the ingestion claim is a lightweight transaction at `LOCAL_SERIAL`);
 * - online features: `LOCAL_QUORUM` both ways. Measured on the 3-node cluster: after a
 *   node was killed mid-load, a `LOCAL_ONE` read answered NOT_FOUND for a feature row whose
 *   write had been acknowledged (the dying replica never applied it and no hint was kept,
 *   since the quorum had answered); a `LOCAL_ONE` read neither sees the other replicas nor
 *   repairs, so the row stays missing on that replica until a repair. A Feast client would
 *   read "no such entity". `LOCAL_QUORUM` reads cost no measurable throughput here
 *   (bench:online-features, cluster: 115–165 req/s at 1 entity against 76–116 at LOCAL_ONE,
 *   within the noise of three JVMs on two cores) and repair what they find stale;
 * - prediction cache: `LOCAL_ONE` reads, `LOCAL_QUORUM` writes — a stale or missing entry is
 *   a cache miss (recomputed), never a wrong answer: the key digests the artifact and input;
 * - call log: `LOCAL_ONE` (an audit trail written on every call: losing the odd row to a
 *   dying node beats adding a replica's latency to every prediction);
 * - accounts, registry, promotions (`metadata`): `LOCAL_QUORUM` (a session made on log-in is
 *   read on the next request, maybe by another process).
 * Astra DB refuses `ONE`, `LOCAL_ONE` and `ANY` for writes, so there every write defaults to
 * `LOCAL_QUORUM` and a weaker one configured is a configuration error.
 *
 * Speculative execution and the retry policy act on statements marked idempotent only
 * ({@link statementOptions}): plain reads and upserts. Lightweight transactions (`IF [NOT]
 * EXISTS`) are not idempotent for the driver: a retried claim could answer "not applied" to
 * its own first attempt. Whole operations built on them (receiveSms with an idempotency key)
 * are retried by the application instead.
 */
import { ExecutionProfile, policies, types, type QueryOptions } from 'cassandra-driver';
import {
  CONCERNS,
  type CassandraConsistency,
  type Concern,
  type ConsistencyLevel,
  type SerialLevel,
} from './consistencyConfig';

/** The execution profile name of a concern's reads or writes. */
export const profileName = (concern: Concern, direction: 'read' | 'write'): string =>
  `${concern}.${direction}`;

/**
 * Retries idempotent statements on the *next* replica: a read or write that timed out or met
 * an unavailable or dead coordinator is tried once more elsewhere (the driver only asks
 * this policy about write timeouts and request errors of idempotent statements).
 */
export class NextReplicaRetryPolicy extends policies.retry.RetryPolicy {
  private nextReplica(
    info: policies.retry.OperationInfo,
    consistency: types.consistencies,
    times: number,
  ): policies.retry.DecisionInfo {
    return info.nbRetry < times ? this.retryResult(consistency, false) : this.rethrowResult();
  }

  override onReadTimeout(
    info: policies.retry.OperationInfo,
    consistency: types.consistencies,
  ): policies.retry.DecisionInfo {
    return this.nextReplica(info, consistency, 1);
  }

  override onWriteTimeout(
    info: policies.retry.OperationInfo,
    consistency: types.consistencies,
  ): policies.retry.DecisionInfo {
    return this.nextReplica(info, consistency, 1);
  }

  override onUnavailable(
    info: policies.retry.OperationInfo,
    consistency: types.consistencies,
  ): policies.retry.DecisionInfo {
    return this.nextReplica(info, consistency, 1);
  }

  override onRequestError(
    info: policies.retry.OperationInfo,
    consistency: types.consistencies,
  ): policies.retry.DecisionInfo {
    return this.nextReplica(info, consistency, 2);
  }
}

/** The driver's enum value of a level named as in CQL (`LOCAL_QUORUM` → `localQuorum`). */
export const driverLevel = (name: ConsistencyLevel | SerialLevel): types.consistencies =>
  types.consistencies[camel(name)];
function camel(name: string): keyof typeof types.consistencies {
  return name
    .toLowerCase()
    .replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof typeof types.consistencies;
}

/** The driver's execution profiles for `c`: one per concern and direction, plus the default. */
export function executionProfiles(c: CassandraConsistency): ExecutionProfile[] {
  const retry = new NextReplicaRetryPolicy();
  const serialConsistency = driverLevel(c.serial);
  const profiles = [
    // DDL and anything unmarked: LOCAL_QUORUM.
    new ExecutionProfile('default', {
      consistency: driverLevel('LOCAL_QUORUM'),
      serialConsistency,
      retry,
    }),
  ];
  for (const concern of CONCERNS) {
    for (const direction of ['read', 'write'] as const) {
      profiles.push(
        new ExecutionProfile(profileName(concern, direction), {
          consistency: driverLevel(c.levels[concern][direction]),
          serialConsistency,
          retry,
        }),
      );
    }
  }
  return profiles;
}

/** The driver's speculative execution policy for `c` (none when the delay is 0). */
export function speculativeExecutionPolicy(
  c: CassandraConsistency,
): policies.speculativeExecution.SpeculativeExecutionPolicy {
  return c.speculativeDelayMs > 0 && c.speculativeExecutions > 0
    ? new policies.speculativeExecution.ConstantSpeculativeExecutionPolicy(
        c.speculativeDelayMs,
        c.speculativeExecutions,
      )
    : new policies.speculativeExecution.NoSpeculativeExecutionPolicy();
}

/**
 * The options of one statement: prepared, run with its concern's profile, and marked
 * idempotent unless it is a lightweight transaction (`kind: 'lwt'`, run with the write
 * profile and its serial level).
 */
export function statementOptions(concern: Concern, kind: 'read' | 'write' | 'lwt'): QueryOptions {
  return {
    prepare: true,
    executionProfile: profileName(concern, kind === 'read' ? 'read' : 'write'),
    isIdempotent: kind !== 'lwt',
  };
}

/** The three statement kinds of one concern, built once per store. */
export function concernOptions(concern: Concern): Record<'read' | 'write' | 'lwt', QueryOptions> {
  return {
    read: statementOptions(concern, 'read'),
    write: statementOptions(concern, 'write'),
    lwt: statementOptions(concern, 'lwt'),
  };
}

/**
 * The kind of a CQL data statement: a `SELECT` reads; an `INSERT`/`UPDATE`/`DELETE` with an
 * `IF` condition is a lightweight transaction; any other is a plain (idempotent) write.
 * Counter updates and list appends are not idempotent either: none exists here, and
 * {@link statementOptions} should be given `'lwt'` if one is ever added.
 */
export function statementKind(cql: string): 'read' | 'write' | 'lwt' {
  if (/^\s*SELECT\b/i.test(cql)) return 'read';
  return /\bIF\s+(NOT\s+EXISTS|EXISTS)\s*(USING\b.*)?$|\bIF\s+\w+\s*(=|!=|<|>|IN\b)/is.test(cql)
    ? 'lwt'
    : 'write';
}
