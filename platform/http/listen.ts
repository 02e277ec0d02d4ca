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
  /** Stops at once: open connections are cut, requests in flight included. */
  close(): Promise<void>;
  /**
   * Stops gracefully: no new connections, idle keep-alive ones closed, requests in flight
   * finish (their connections close after the response) — for at most `graceMs`, then the
   * rest are cut.
   *
   * @returns whether requests had to be cut.
   */
  drain(graceMs: number): Promise<{ cut: boolean }>;
}

/** Listens on `host:port` and resolves once the socket is bound. */
export function listen(
  handler: RequestListener,
  port: number,
  host = '127.0.0.1',
): Promise<Listening> {
  let draining = false;
  const server = http.createServer((req, res) => {
    // A request that arrives on a kept-alive connection while draining is served, but its
    // connection closes after it; once it is done, idle connections may go.
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
    handler(req, res);
  });
  // Idle keep-alive sockets must outlive the gateway's pool idle time, or a request races the
  // server's close of its socket (ECONNRESET); close() still ends them at once.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const closed = () =>
    new Promise<void>((res, rej) => {
      if (!server.listening) return res();
      server.close((err) => (err ? rej(err) : res()));
    });
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
        close: () => {
          const done = closed();
          server.closeAllConnections();
          return done;
        },
        drain: async (graceMs) => {
          draining = true;
          const done = closed();
          server.closeIdleConnections();
          let timer: NodeJS.Timeout | undefined;
          const cut = await Promise.race([
            done.then(() => false),
            new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs))),
          ]);
          clearTimeout(timer);
          if (cut) {
            server.closeAllConnections();
            await done;
          }
          return { cut };
        },
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
