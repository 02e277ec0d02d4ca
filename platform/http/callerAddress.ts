/**
 * Where a request comes from, as the gateway sees it: the address anonymous callers are
 * rate-limited by and log-in failures are counted per (it reaches subgraphs only inside the
 * gateway's signature).
 */
import type { IncomingMessage } from 'node:http';

/**
 * The caller's address: the first `X-Forwarded-For` hop when `trustProxy` is set (the
 * gateway runs behind a proxy of its own that sets it), else the socket's peer.
 * IPv4-mapped IPv6 addresses are shown as IPv4.
 */
export function callerAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
    if (first) return normalize(first);
  }
  return normalize(req.socket.remoteAddress ?? 'unknown');
}

const normalize = (address: string): string =>
  address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
