/**
 * A local multi-node Cassandra cluster (node n on 127.0.0.n, one seed, one data centre) for
 * failure tests: start it, stop or kill one node, bring it back, read the ring.
 *
 * @example
 * ```ts
 * await startCassandraCluster({ nodes: 3 });        // ~1 min from nothing on 2 cores
 * await stopCassandraCluster({ node: 3, kill: true });
 * await startCassandraCluster({ node: 3 });         // rejoins, waits until peers see it
 * await stopCassandraCluster();
 * ```
 */
import { mkdir } from 'node:fs/promises';

import { assembleCassandra } from './assemble';
import { clusterMember, nodeAddress } from './cluster-layout';
import {
  resolveCluster,
  writeClusterState,
  type CassandraClusterOptions,
  type ClusterNodeStatus,
  type ClusterState,
  type ResolvedCluster,
} from './cluster-options';
import { connectTo, gossipByAddress, queryRing } from './cluster-status';
import { probeCql } from './cql';
import { acquireLock } from './lock';
import { CassandraNodeError } from './node-error';
import { DEFAULT_CQL_PORT, type NodeLayout } from './paths';
import { isCassandraProcess, readPidFile, removeFiles, sleep, terminate } from './process';
import { assertPortsFree, spawnAndWait, waitForCql } from './start';
import { requireSupportedJava } from './tools';

export {
  DEFAULT_CLUSTER_HEAP,
  type CassandraClusterOptions,
  type ClusterNodeStatus,
} from './cluster-options';

async function livePid(layout: NodeLayout): Promise<number | undefined> {
  const pid = await readPidFile(layout.pidFile);
  return pid !== undefined && isCassandraProcess(pid) ? pid : undefined;
}

const secs = (ms: number): string => `${Math.round(ms / 1000)} s`;

/**
 * Waits until every other live node gossips node `n` with its current generation and STATUS
 * NORMAL, i.e. the peers took in this (re)start, not a memory of the previous one.
 *
 * @throws CassandraNodeError when that does not happen before `deadline`
 */
async function waitUntilPeersSee(r: ResolvedCluster, n: number, deadline: number): Promise<void> {
  const port = DEFAULT_CQL_PORT;
  const self = await connectTo(nodeAddress(n), port);
  if (!self) throw new CassandraNodeError('STORAGE_UNAVAILABLE', `node ${n} stopped answering CQL`);
  let generation: number | undefined;
  try {
    generation = (await gossipByAddress(self)).get(nodeAddress(n))?.generation;
  } finally {
    await self.shutdown().catch(() => undefined);
  }
  for (;;) {
    const lagging: number[] = [];
    for (let m = 1; m <= r.count; m++) {
      if (m === n || (await livePid(r.layout.nodes[m - 1]!)) === undefined) continue;
      const peer = await connectTo(nodeAddress(m), port);
      const seen = peer
        ? await gossipByAddress(peer)
            .then((g) => g.get(nodeAddress(n)))
            .finally(() => peer.shutdown().catch(() => undefined))
        : undefined;
      if (seen?.status !== 'NORMAL' || seen.generation !== generation) lagging.push(m);
    }
    if (lagging.length === 0) return;
    if (Date.now() >= deadline)
      throw new CassandraNodeError(
        'STORAGE_UNAVAILABLE',
        `node ${n} answers CQL but node(s) ${lagging.join(', ')} do not gossip it as NORMAL yet`,
      );
    await sleep(500);
  }
}

/** Starts node `n` unless it runs; waits for CQL and for its peers' gossip. */
async function startOne(
  r: ResolvedCluster,
  java: string,
  n: number,
  fresh: boolean,
): Promise<{ pid: number; ms: number }> {
  const layout = r.layout.nodes[n - 1]!;
  const s = r.settings(n);
  const started = Date.now();
  const running = await livePid(layout);
  if (running !== undefined) {
    await waitForCql(running, layout, s, started + r.startTimeoutMs);
    return { pid: running, ms: 0 };
  }
  await removeFiles(layout.pidFile, layout.stateFile);
  await assertPortsFree(layout, s);
  r.progress.line(`cassandra: node ${n}/${r.count} starting on ${s.host} (heap ${s.heap})`);
  const { pid } = await spawnAndWait(java, layout, s, r.startTimeoutMs, r.progress, {
    member: clusterMember(n, r.count, s.storagePort, fresh),
    onWaitTick: (ms) => r.progress.line(`cassandra: node ${n}/${r.count} joining … (${secs(ms)})`),
  });
  await waitUntilPeersSee(r, n, started + r.startTimeoutMs);
  const ms = Date.now() - started;
  r.progress.line(
    `cassandra: node ${n}/${r.count} UP in gossip and answering CQL after ${(ms / 1000).toFixed(1)} s`,
  );
  return { pid, ms };
}

/**
 * Starts the cluster one node after another (Cassandra lets only one node join at a time),
 * seed first, or only `opts.node`. Assembles the jars first if needed. Nodes already running
 * are left alone.
 *
 * @returns the status of every node once all are up
 * @throws CassandraNodeError when a node dies, a port is taken, or a node does not join in time
 */
export async function startCassandraCluster(
  opts: CassandraClusterOptions = {},
): Promise<ClusterNodeStatus[]> {
  const r = await resolveCluster(opts);
  if (r.existing && opts.nodes !== undefined && opts.nodes !== r.existing.nodes)
    throw new CassandraNodeError(
      'CONFIG_INVALID',
      `a ${r.existing.nodes}-node cluster already exists in ${r.layout.clusterDir}; stop it and delete that folder to make a ${opts.nodes}-node one`,
    );
  await mkdir(r.layout.clusterDir, { recursive: true });
  const release = await acquireLock(r.layout.lockFile, r.startTimeoutMs);
  try {
    // Until the cluster has formed once it holds no user data: joiners skip bootstrap
    // (streaming nothing, and bootstrap needs the full 30 s ring delay to see the seed).
    const fresh = r.existing?.formedAt === undefined;
    const state: ClusterState = r.existing ?? {
      nodes: r.count,
      createdAt: new Date().toISOString(),
    };
    await writeClusterState(r.layout.stateFile, state);
    const { java } = requireSupportedJava();
    await assembleCassandra(r.layout.nodes[0]!, r.progress);
    const started = Date.now();
    const which = opts.node !== undefined ? [opts.node] : r.layout.nodes.map((_, i) => i + 1);
    for (const n of which) await startOne(r, java, n, fresh);
    if (fresh && (await Promise.all(r.layout.nodes.map(livePid))).every((p) => p !== undefined))
      await writeClusterState(r.layout.stateFile, { ...state, formedAt: new Date().toISOString() });
    if (which.length > 1)
      r.progress.line(
        `cassandra: ${r.count}-node cluster up in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    return await clusterStatusOf(r);
  } finally {
    r.progress.done();
    await release();
  }
}

/** Sends SIGKILL and waits until the process is gone. */
async function killNow(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return; // already gone
  }
  while (isCassandraProcess(pid)) await sleep(50);
}

/**
 * Stops every node (in parallel) or only `opts.node`: SIGTERM, SIGKILL after
 * `stopTimeoutMs`; with `kill`, SIGKILL at once. Stopping a stopped node is not an error.
 *
 * @returns the nodes that were running and their pids
 */
export async function stopCassandraCluster(
  opts: CassandraClusterOptions = {},
): Promise<Array<{ node: number; pid: number }>> {
  const r = await resolveCluster(opts);
  const which = opts.node !== undefined ? [opts.node] : r.layout.nodes.map((_, i) => i + 1);
  const stopped = await Promise.all(
    which.map(async (n) => {
      const layout = r.layout.nodes[n - 1]!;
      const pid = await livePid(layout);
      if (pid !== undefined) {
        const t = Date.now();
        if (opts.kill) await killNow(pid);
        else await terminate(pid, r.stopTimeoutMs);
        r.progress.line(
          `cassandra: node ${n} (pid ${pid}) ${opts.kill ? 'killed' : 'stopped'} in ${((Date.now() - t) / 1000).toFixed(1)} s`,
        );
      }
      await removeFiles(layout.pidFile, layout.stateFile);
      return pid === undefined ? undefined : { node: n, pid };
    }),
  );
  return stopped.filter((s): s is { node: number; pid: number } => s !== undefined);
}

async function clusterStatusOf(r: ResolvedCluster): Promise<ClusterNodeStatus[]> {
  const addresses = r.layout.nodes.map((_, i) => nodeAddress(i + 1));
  const pids = await Promise.all(r.layout.nodes.map((l) => livePid(l)));
  const answers = await Promise.all(
    addresses.map(
      async (a, i) =>
        pids[i] !== undefined && (await probeCql(a, DEFAULT_CQL_PORT, 3000)) !== undefined,
    ),
  );
  const up = new Map(addresses.map((a, i) => [a, answers[i] ?? false]));
  const ring =
    (await queryRing(addresses, DEFAULT_CQL_PORT, (a) => up.get(a) ?? false)) ??
    addresses.map((a) => ({ address: a, up: false, tokens: [] }));
  return ring.map((node) => {
    const i = addresses.indexOf(node.address);
    const pid = i >= 0 ? pids[i] : undefined;
    return { ...node, node: i + 1, ...(pid !== undefined ? { pid } : {}) };
  });
}

/**
 * Every node of the cluster: local pid, whether it answers CQL, and the ring as a live node
 * sees it (gossip status, load, tokens, host id). Reads only.
 *
 * @returns `undefined` when no cluster was ever created in `cacheDir`
 */
export async function cassandraClusterStatus(
  opts: CassandraClusterOptions = {},
): Promise<ClusterNodeStatus[] | undefined> {
  const r = await resolveCluster(opts);
  if (!r.existing) return undefined;
  return clusterStatusOf(r);
}
