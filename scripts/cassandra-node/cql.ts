/**
 * Readiness probes: is the port open, and does a real CQL query answer?
 *
 * @remarks
 * "Port open" is not "ready": Cassandra binds 9042 a moment before it serves queries, so
 * readiness means `SELECT release_version FROM system.local` returned a row.
 */
import { connect } from 'node:net';

import { Client } from 'cassandra-driver';

/**
 * True when something accepts TCP connections on host:port.
 *
 * @param timeoutMs - connect timeout
 */
export function isPortOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Asks the node for its release version over CQL.
 *
 * @returns e.g. `5.0.9`, or undefined when nothing answers CQL there
 */
export async function cqlReleaseVersion(
  host: string,
  port: number,
  timeoutMs = 5000,
): Promise<string | undefined> {
  const client = new Client({
    contactPoints: [`${host}:${port}`],
    localDataCenter: 'datacenter1',
    socketOptions: { connectTimeout: timeoutMs, readTimeout: timeoutMs },
    // A probe lives for one query. The driver (4.10) also leaks a 30 s heartbeat timer when a
    // non-CQL server closes the socket mid-handshake, keeping the CLI alive for a minute.
    pooling: { heartBeatInterval: 0 },
  });
  try {
    await client.connect();
    const rs = await client.execute('SELECT release_version FROM system.local');
    const v: unknown = rs.first()?.get('release_version');
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  } finally {
    await client.shutdown().catch(() => undefined);
  }
}

/**
 * Probes cheaply first (TCP), then with a real query, so polling a booting node does not
 * build a driver client every 500 ms.
 */
export async function probeCql(
  host: string,
  port: number,
  timeoutMs = 5000,
): Promise<string | undefined> {
  if (!(await isPortOpen(host, port))) return undefined;
  return cqlReleaseVersion(host, port, timeoutMs);
}
