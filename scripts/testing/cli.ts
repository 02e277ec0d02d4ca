/** Running the CLI in-process in tests, with some environment variables set for the call. */
import type { Config } from '../../platform/config';
import { runCli } from '../cli/main';

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

/** Runs `spamgraph <argv>` with `env` over the process environment, restored afterwards. */
export async function runCliWithEnv(argv: string[], env: Record<string, string>): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  } finally {
    process.env = saved;
  }
}

/** The environment that points the CLI at a test config's storage and data dir. */
export function cliEnvOf(config: Config): Record<string, string> {
  return {
    STORAGE_BACKEND: config.storageBackend,
    SQLITE_PATH: config.sqlitePath,
    CASSANDRA_KEYSPACE: config.cassandra.keyspace,
    CASSANDRA_CONTACT_POINTS: config.cassandra.contactPoints.join(','),
    DATA_DIR: config.dataDir,
  };
}
