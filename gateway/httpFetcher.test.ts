import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../platform/http/listen';
import { ResponseTooLargeError } from '../platform/errors';
import { createHttpFetch, httpFetch } from './httpFetcher';

let server: http.Server;
let base: string;
const peers: number[] = [];
/** Resolvers waiting for a `/hang` request's connection to close. */
const hangClosed: (() => void)[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    peers.push(req.socket.remotePort ?? 0);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/echo') {
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-seen', 'a');
        res.appendHeader('x-seen', 'b');
        res.end(
          JSON.stringify({ method: req.method, body, header: req.headers['x-forwarded-for'] }),
        );
      } else if (req.url === '/hang') {
        // never answers; tells the test when the caller gives up
        res.on('close', () => hangClosed.splice(0).forEach((f) => f()));
      } else if (req.url === '/cut') {
        // headers and part of the body, then the connection dies
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data": ');
        setTimeout(() => req.socket.destroy(), 20);
      } else if (req.url === '/big') {
        // Several chunks on the wire: the body must come back whole.
        for (let i = 0; i < 64; i++) res.write('é'.repeat(8_192));
        res.end();
      } else {
        res.statusCode = 503;
        res.statusMessage = 'Busy';
        res.end('not now');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('httpFetch', () => {
  it('sends method, headers and body, and answers like fetch (status, headers, json)', async () => {
    const res = await httpFetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.1' },
      body: JSON.stringify({ query: '{ ping }', text: 'héllo 👋' }),
    });
    expect(res.ok).toBe(true);
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${base}/echo`);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(res.headers.get('x-seen')).toBe('a, b');
    expect(await res.json()).toEqual({
      method: 'POST',
      body: JSON.stringify({ query: '{ ping }', text: 'héllo 👋' }),
      header: '10.0.0.1',
    });
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow('body already used');
  });

  it('reads a body that arrives in many chunks, multi-byte characters intact', async () => {
    const text = await (await httpFetch(`${base}/big`)).text();
    expect(text).toBe('é'.repeat(8_192 * 64));
  });

  it('hands back error statuses as responses, not rejections', async () => {
    const res = await httpFetch(`${base}/nope`, { method: 'POST', body: '' });
    expect(res.ok).toBe(false);
    expect([res.status, res.statusText]).toEqual([503, 'Busy']);
    const copy = res.clone();
    expect(await copy.text()).toBe('not now');
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('not now');
  });

  it('reuses one kept-alive socket for calls in sequence', async () => {
    peers.length = 0;
    for (let i = 0; i < 5; i++) await (await httpFetch(`${base}/echo`)).text();
    expect(new Set(peers).size).toBe(1);
  });

  it('rejects like fetch when nothing answers: TypeError with the socket error as cause', async () => {
    const port = await freePort();
    const err = (await httpFetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e)) as Error & {
      cause?: { code?: string };
    };
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe('fetch failed');
    expect(err.cause?.code).toBe('ECONNREFUSED');
  });

  it('gives up on a subgraph that stays silent: cause ETIMEDOUT', async () => {
    const started = Date.now();
    const err = (await createHttpFetch({ timeoutMs: 100 })(`${base}/hang`).catch(
      (e: unknown) => e,
    )) as Error & { cause?: { code?: string } };
    expect(err).toBeInstanceOf(TypeError);
    expect(err.cause?.code).toBe('ETIMEDOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails, not hangs, when the connection dies halfway through the body', async () => {
    const err = (await httpFetch(`${base}/cut`).catch((e: unknown) => e)) as Error & {
      cause?: { code?: string };
    };
    expect(err).toBeInstanceOf(TypeError);
    expect(err.cause?.code).toBe('ECONNRESET');
  });

  it('cuts off an answer over maxBytes with RESPONSE_TOO_LARGE, before reading the rest', async () => {
    const err = (await httpFetch(`${base}/big`, { maxBytes: 10_000 }).catch(
      (e: unknown) => e,
    )) as ResponseTooLargeError;
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect([err.code, err.details]).toEqual(['RESPONSE_TOO_LARGE', { maxBytes: 10_000 }]);
    // within the budget the same answer is whole
    const text = await (await httpFetch(`${base}/big`, { maxBytes: 2 * 8_192 * 64 })).text();
    expect(text.length).toBe(8_192 * 64);
  });

  it('an aborted signal cancels the call: it rejects, and the server sees the connection close', async () => {
    const closed = new Promise<void>((resolve) => hangClosed.push(resolve));
    const controller = new AbortController();
    const call = httpFetch(`${base}/hang`, {
      method: 'POST',
      body: '{}',
      signal: controller.signal,
    });
    setImmediate(() => controller.abort(new Error('client gone')));
    const err = (await call.catch((e: unknown) => e)) as Error & { cause?: { name?: string } };
    expect(err).toBeInstanceOf(TypeError);
    expect(err.cause?.name).toBe('AbortError');
    await closed;
  });

  it('refuses a protocol it does not speak', async () => {
    await expect(httpFetch('ftp://127.0.0.1/')).rejects.toThrow('unsupported protocol ftp:');
  });
});
