/**
 * `spamgraph data import`: validates a labeled CSV and keeps a verified copy under
 * DATA_DIR/imported/ with a manifest, for the feature store to read later.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BadUserInputError, NotFoundError } from '../../platform/errors';
import { validateLabeledCsv, type CsvProblem } from './labeledCsv';

/** What an import wrote. */
export interface ImportManifest {
  source: string;
  rows: number;
  spam: number;
  ham: number;
  sha256: string;
  importedAt: string;
}

/** Where imports go inside the data dir. */
export const importedPaths = (dataDir: string) => ({
  dir: path.join(dataDir, 'imported'),
  csv: path.join(dataDir, 'imported', 'sms.csv'),
  manifest: path.join(dataDir, 'imported', 'manifest.json'),
});

/** Import failed validation: carries every problem; nothing was written. */
export class DatasetInvalidError extends BadUserInputError {
  constructor(
    readonly file: string,
    readonly problems: CsvProblem[],
  ) {
    super(`${file}: ${problems.length} problem(s), nothing imported`, {
      problems: problems.slice(0, 100),
    });
  }
}

/**
 * Validates `from` and, only when every row is valid, writes it atomically (temp file +
 * rename) to DATA_DIR/imported/sms.csv with manifest.json beside it.
 *
 * @throws NotFoundError when `from` does not exist; DatasetInvalidError on any bad row.
 */
export function importDataset(from: string, dataDir: string, now = new Date()): ImportManifest {
  if (!fs.existsSync(from) || !fs.statSync(from).isFile()) {
    throw new NotFoundError(`no such file: ${from}`);
  }
  const content = fs.readFileSync(from);
  const { rows, problems } = validateLabeledCsv(content);
  if (problems.length > 0) throw new DatasetInvalidError(from, problems);
  const paths = importedPaths(dataDir);
  fs.mkdirSync(paths.dir, { recursive: true });
  const manifest: ImportManifest = {
    source: path.resolve(from),
    rows: rows.length,
    spam: rows.filter((r) => r.label === 'spam').length,
    ham: rows.filter((r) => r.label === 'ham').length,
    sha256: createHash('sha256').update(content).digest('hex'),
    importedAt: now.toISOString(),
  };
  const tmp = `${paths.csv}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, paths.csv);
  fs.writeFileSync(`${paths.manifest}.tmp`, JSON.stringify(manifest, null, 2) + '\n');
  fs.renameSync(`${paths.manifest}.tmp`, paths.manifest);
  return manifest;
}
