/**
 * The ring as the running cluster sees it, over CQL: `system.local` + `system.peers_v2` for
 * host ids and tokens, `system_views.gossip_info` for gossip status and load, and each node's
 * own answer to a query for "up".
 */
import { Client, policies, types } from 'cassandra-driver';

/** One row of {@link queryRing}: what `nodetool status` shows, from the cluster itself. */
export interface RingNode {
  address: string;
  /** Answers CQL itself right now. */
  up: boolean;
  /** Gossip application state STATUS as another node sees it, e.g. `NORMAL`, `shutdown`. */
  gossipStatus?: string;
  /** Bytes on disk as gossiped (LOAD), when known. */
  loadBytes?: number;
  tokens: string[];
  hostId?: string;
  datacenter?: string;
  rack?: string;
}

const str = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : String(v);

/**
 * A client whose every query goes to the node at `address`: system.local and the virtual
 * tables are per node, so round-robin would mix two nodes' views.
 */
export async function connectTo(address: string, port: number): Promise<Client | undefined> {
  const client = new Client({
    contactPoints: [`${address}:${port}`],
    localDataCenter: 'datacenter1',
    policies: {
      loadBalancing: new policies.loadBalancing.AllowListPolicy(
        new policies.loadBalancing.DCAwareRoundRobinPolicy('datacenter1'),
        [`${address}:${port}`],
      ),
    },
    socketOptions: { connectTimeout: 3000, readTimeout: 5000 },
    pooling: { heartBeatInterval: 0 },
  });
  try {
    await client.connect();
    return client;
  } catch {
    await client.shutdown().catch(() => undefined);
    return undefined;
  }
}

/** One node's gossip view of one endpoint. */
export interface GossipEntry {
  status?: string;
  load?: number;
  generation?: number;
}

/**
 * Gossip STATUS, LOAD and generation by address, as the node behind `client` sees them
 * (`system_views.gossip_info`, new in 4.1). A restarted node gossips a new generation, so
 * "peers see my generation with STATUS NORMAL" means they took in the restart.
 */
export async function gossipByAddress(client: Client): Promise<Map<string, GossipEntry>> {
  const out = new Map<string, GossipEntry>();
  const rs = await client.execute(
    'SELECT address, generation, status, status_with_port, load FROM system_views.gossip_info',
  );
  for (const row of rs.rows) {
    // A peer's legacy STATUS is null in 5.0 (only STATUS_WITH_PORT is gossiped); value "NORMAL,<token>".
    const status = (str(row.get('status_with_port')) ?? str(row.get('status')))?.split(',')[0];
    const load = Number(str(row.get('load')));
    const generation = Number(str(row.get('generation')));
    out.set(String(row.get('address')), {
      ...(status ? { status } : {}),
      ...(Number.isFinite(load) ? { load } : {}),
      ...(Number.isFinite(generation) ? { generation } : {}),
    });
  }
  return out;
}

/** Connects to the first of `addresses` that answers. */
async function connectAny(addresses: string[], port: number): Promise<Client | undefined> {
  for (const a of addresses) {
    const c = await connectTo(a, port);
    if (c) return c;
  }
  return undefined;
}

/**
 * Asks the cluster for its ring.
 *
 * @param addresses - every node's CQL address (one that answers is used as coordinator)
 * @param isUp - per-address liveness (each node's own CQL answer), computed by the caller
 * @returns one entry per address in `addresses` (plus any unknown peer the cluster knows of);
 *   `undefined` when no node answers CQL
 */
export async function queryRing(
  addresses: string[],
  port: number,
  isUp: (address: string) => boolean,
): Promise<RingNode[] | undefined> {
  const client = await connectAny(addresses.filter(isUp), port);
  if (!client) return undefined;
  try {
    const one = { consistency: types.consistencies.one };
    const local = await client.execute(
      'SELECT broadcast_address, host_id, tokens, data_center, rack FROM system.local',
      [],
      one,
    );
    const peers = await client.execute(
      'SELECT peer, host_id, tokens, data_center, rack FROM system.peers_v2',
      [],
      one,
    );
    const gossip = await gossipByAddress(client);
    const byAddress = new Map<string, RingNode>();
    const add = (address: string, row: types.Row): void => {
      const g = gossip.get(address);
      byAddress.set(address, {
        address,
        up: isUp(address),
        ...(g?.status ? { gossipStatus: g.status } : {}),
        ...(g?.load !== undefined ? { loadBytes: g.load } : {}),
        tokens: ((row.get('tokens') as string[] | null) ?? []).slice().sort(),
        hostId: str(row.get('host_id')),
        datacenter: str(row.get('data_center')),
        rack: str(row.get('rack')),
      });
    };
    for (const row of local.rows) add(String(row.get('broadcast_address')), row);
    for (const row of peers.rows) add(String(row.get('peer')), row);
    for (const a of addresses)
      if (!byAddress.has(a)) byAddress.set(a, { address: a, up: isUp(a), tokens: [] });
    return [...byAddress.values()].sort((x, y) => x.address.localeCompare(y.address));
  } finally {
    await client.shutdown().catch(() => undefined);
  }
}

/** `1.2 MiB`-style size for the status table. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** Renders the ring like `nodetool status` (UN/DN, address, load, tokens, host id). */
export function formatRing(ring: RingNode[]): string[] {
  const rows = ring.map((n) => [
    `${n.up ? 'U' : 'D'}${n.gossipStatus === 'BOOT' ? 'J' : n.gossipStatus === 'LEAVING' ? 'L' : 'N'}`,
    n.address,
    formatBytes(n.loadBytes),
    String(n.tokens.length),
    n.hostId ?? '?',
    n.gossipStatus ?? '?',
  ]);
  const header = ['--', 'Address', 'Load', 'Tokens', 'Host ID', 'Gossip'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  return [header, ...rows].map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}
