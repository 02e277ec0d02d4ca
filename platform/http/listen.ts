/** Starting and stopping HTTP servers (port 0 picks a free port: what tests use). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';

/** A listening server and how to reach and stop it. */
export interface Listening {
  server: http.Server;
  port: number;
  /** Base URL, e.g. `http://127.0.0.1:4001`. */
  url: string;
  close(): Promise<void>;
}

/** Listens on `host:port` and resolves once the socket is bound. */
export function listen(
  handler: RequestListener,
  port: number,
  host = '127.0.0.1',
): Promise<Listening> {
  const server = http.createServer(handler);
  // Idle keep-alive sockets must outlive the gateway's pool idle time, or a request races the
  // server's close of its socket (ECONNRESET); close() still ends them at once.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      resolve({
        server,
        port: bound,
        url: `http://${shownHost}:${bound}`,
        close: () =>
          new Promise<void>((res, rej) => {
            server.close((err) => (err ? rej(err) : res()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** A port that was free a moment ago (for child processes that need a number up front). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const l = await listen((_req, res) => res.end(), 0, host);
  await l.close();
  return l.port;
}
