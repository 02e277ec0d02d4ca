/** Who is calling: the key of the per-caller call log. */
import type { IncomingMessage } from 'node:http';

/**
 * The caller's address: the first `X-Forwarded-For` hop when `trustProxy` is set (the
 * service runs behind a proxy that sets it, like our gateway), else the socket's peer.
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
