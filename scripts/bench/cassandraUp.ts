/** Whether a Cassandra node answers on 127.0.0.1:9042 (benchmarks include it when it does). */
import net from 'node:net';

export function cassandraUp(host = '127.0.0.1', port = 9042): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.setTimeout(1000, () => (s.destroy(), resolve(false)));
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}
