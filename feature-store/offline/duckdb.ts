/**
 * One in-process DuckDB per process for the offline store: it reads and writes the Parquet
 * files directly (no import step) and does point-in-time joins with ASOF JOIN.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

let instance: Promise<DuckDBInstance> | undefined;

/** A new connection on the shared in-memory DuckDB instance. */
export async function duckdb(): Promise<DuckDBConnection> {
  instance ??= DuckDBInstance.create(':memory:', { threads: '2' });
  return (await instance).connect();
}

/** SQL string literal (DuckDB has no bind parameters for file names in table functions). */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** SQL identifier. */
export function sqlIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
