/**
 * The gateway's HTTP client for subgraph calls: `node:http` over a keep-alive agent, shaped as
 * the `Fetcher` Apollo's `RemoteGraphQLDataSource` takes.
 *
 * @remarks
 * Why not Node's own `fetch`: a CPU profile of the gateway under load showed about a quarter of
 * its busy time inside undici's fetch and the WHATWG streams it answers with (≈ 0.9 ms of CPU per
 * subgraph call on this machine), for bodies that are read whole and parsed at once anyway.
 * A plain request on a pooled socket does the same work without the streams.
 */
import http from 'node:http';
import https from 'node:https';
import type { FetcherHeaders, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { ResponseTooLargeError } from '../platform/errors';

/** Sockets kept open per subgraph: enough for the gateway's concurrency on a small machine. */
const MAX_SOCKETS = 64;

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
};

/** A response whose body has already been read in full. */
class BufferedResponse implements FetcherResponse {
  readonly redirected = false;
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: FetcherHeaders,
    private readonly body: Buffer,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** Size of the body in bytes. */
  get byteLength(): number {
    return this.body.length;
  }

  private consume(): Buffer {
    if (this.bodyUsed) throw new TypeError('body already used');
    this.bodyUsed = true;
    return this.body;
  }

  // async: a second read rejects, as fetch's does, instead of throwing.
  async text(): Promise<string> {
    return this.consume().toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.consume().toString('utf8')) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.consume();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  clone(): BufferedResponse {
    if (this.bodyUsed) throw new TypeError('body already used');
    return new BufferedResponse(this.url, this.status, this.statusText, this.headers, this.body);
  }

  /** The same response with another status (see the 400 rule in subgraphDataSource). */
  withStatus(status: number, statusText: string): BufferedResponse {
    return new BufferedResponse(this.url, status, statusText, this.headers, this.body);
  }
}

function headersOf(res: http.IncomingMessage): FetcherHeaders {
  const h = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) h.append(raw[i] as string, raw[i + 1] as string);
  // Node's Headers is iterable at runtime; its type here lacks the DOM iterable members.
  return h as unknown as FetcherHeaders;
}

/** Options of {@link createHttpFetch}. */
export interface HttpFetchOptions {
  /**
   * A call whose socket stays silent this long fails with cause code `ETIMEDOUT`, so a hung
   * subgraph cannot hold a gateway request for ever (default 30 s).
   */
  timeoutMs?: number;
}

/** The default silence limit of a subgraph call. */
export const SUBGRAPH_TIMEOUT_MS = 30_000;

/** What one call may add to `fetch`'s init. */
export interface HttpFetchInit extends FetcherRequestInit {
  /**
   * The answer may be at most this many bytes: past it the call is cut off (the subgraph sees
   * its connection close) and rejects with ResponseTooLargeError, before the rest is read.
   */
  maxBytes?: number;
}

/**
 * A fetch-shaped function that sends one request and reads its whole answer. It rejects like
 * `fetch` does when no answer comes back: a `TypeError('fetch failed')` whose `cause` is the
 * socket error (with its `code`).
 */
export function createHttpFetch(
  opts: HttpFetchOptions = {},
): (url: string, init?: HttpFetchInit) => Promise<BufferedResponse> {
  const timeoutMs = opts.timeoutMs ?? SUBGRAPH_TIMEOUT_MS;
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const client = target.protocol === 'https:' ? https : http;
      const agent = agents[target.protocol as keyof typeof agents];
      if (!agent) {
        reject(new TypeError(`unsupported protocol ${target.protocol}`));
        return;
      }
      const body = init.body;
      const headers: Record<string, string | number> = { ...init.headers };
      if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
      const failed = (cause: unknown) => reject(new TypeError('fetch failed', { cause }));
      const req = client.request(
        target,
        { method: init.method ?? 'GET', headers, agent, signal: init.signal as AbortSignal },
        (res) => {
          const chunks: Buffer[] = [];
          let bytes = 0;
          res.on('data', (c: Buffer) => {
            bytes += c.length;
            if (init.maxBytes !== undefined && bytes > init.maxBytes) {
              reject(
                new ResponseTooLargeError(
                  `the subgraph answer is larger than the ${init.maxBytes} bytes left for this response`,
                  { maxBytes: init.maxBytes },
                ),
              );
              req.destroy();
              return;
            }
            chunks.push(c);
          });
          res.on('error', failed);
          res.on('end', () =>
            resolve(
              new BufferedResponse(
                url,
                res.statusCode ?? 0,
                res.statusMessage ?? '',
                headersOf(res),
                chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
              ),
            ),
          );
        },
      );
      req.setTimeout(timeoutMs, () => {
        const err = Object.assign(new Error(`no answer for ${timeoutMs} ms`), {
          code: 'ETIMEDOUT',
        });
        req.destroy(err);
      });
      req.on('error', failed);
      req.end(body);
    });
}

/** {@link createHttpFetch} with the default timeout. */
export const httpFetch = createHttpFetch();

export type { BufferedResponse };
