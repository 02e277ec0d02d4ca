/** Draining a server: requests in flight finish, new connections are refused, a grace bounds it. */
import http from 'node:http';
import { listen } from './listen';

/** A GET over a fresh connection; resolves with status and body, or the error code. */
function get(url: string): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
  });
}

describe('listen(…).drain', () => {
  it('lets a request in flight finish and refuses new connections', async () => {
    let arrived!: () => void;
    const inFlight = new Promise<void>((r) => (arrived = r));
    const server = await listen((req, res) => {
      if (req.url === '/slow') {
        arrived();
        setTimeout(() => res.end('slow done'), 200);
      } else res.end('fast');
    }, 0);
    const slow = get(`${server.url}/slow`);
    await inFlight;
    const drained = server.drain(5000);
    expect(await get(`${server.url}/fast`)).toEqual({ error: 'ECONNREFUSED' });
    expect(await slow).toEqual({ status: 200, body: 'slow done' });
    expect(await drained).toEqual({ cut: false });
  });

  it('cuts what is still running after the grace period', async () => {
    let arrived!: () => void;
    const inFlight = new Promise<void>((r) => (arrived = r));
    const server = await listen(() => arrived(), 0); // never answers
    const hung = get(`${server.url}/`);
    await inFlight;
    const t0 = Date.now();
    expect(await server.drain(100)).toEqual({ cut: true });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await hung).toEqual({ error: 'ECONNRESET' });
  });
});
