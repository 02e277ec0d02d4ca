/** Structured logs (pino): one JSON line per event, with the service name on each. */
import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Creates the logger of one service or command.
 *
 * @param service - name put on every line (`gateway`, `user-data`, `cli`…)
 * @param level - pino level; `silent` in tests
 */
export function createLogger(
  service: string,
  level: string = process.env.LOG_LEVEL ?? 'info',
): Logger {
  return pino({ level, base: { service } });
}
