/**
 * Runs once before all test files: finds out whether a Cassandra node answers, so the
 * Cassandra halves of the contract suites run, or (outside CI only) are skipped with a note.
 * Under CI=true or REQUIRE_CASSANDRA=1 a missing node fails the run: never a silent skip.
 */
import net from 'node:net';

function reachable(host: string, port: number, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export default async function globalSetup(): Promise<void> {
  const point = (process.env.TEST_CASSANDRA_CONTACT_POINT ?? '127.0.0.1:9042').trim();
  const [host = '127.0.0.1', port = '9042'] = point.split(':');
  const required = process.env.CI === 'true' || process.env.REQUIRE_CASSANDRA === '1';
  const ok = await reachable(host, Number(port));
  if (!ok && required) {
    throw new Error(
      `Cassandra is required (CI=true or REQUIRE_CASSANDRA=1) but nothing answers at ${point}. ` +
        'Start it with `npx spamgraph cassandra start`.',
    );
  }
  if (!ok) {
    process.stdout.write(
      `\nNote: no Cassandra at ${point}; Cassandra suites are skipped. ` +
        'Run `npx spamgraph cassandra start` to include them.\n',
    );
  }
  process.env.SPAMGRAPH_TEST_CASSANDRA = ok ? point : '';
}
