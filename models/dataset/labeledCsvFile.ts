/** Reading a labeled CSV file (`sms_id,text,label`) whole, or failing with one clear error. */
import { promises as fs } from 'node:fs';
import { validateLabeledCsv, type LabeledSms } from './labeledCsv';
import { BadUserInputError, NotFoundError } from '../../platform/errors';

/**
 * Every row of a labeled CSV, validated by the dataset rules.
 *
 * @throws NotFoundError when the file does not exist; BadUserInputError listing (up to 5 of)
 *   its problems when any row is invalid.
 */
export async function readLabeledCsvFile(file: string): Promise<LabeledSms[]> {
  let content: Buffer;
  try {
    content = await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError(`no such file: ${file}`, { path: file });
    if (code === 'EISDIR') throw new BadUserInputError(`${file} is a directory, not a CSV file`);
    throw e;
  }
  const { rows, problems } = validateLabeledCsv(content);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).map((p) => `line ${p.line}: ${p.message}`);
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    throw new BadUserInputError(`${file}: ${shown.join('; ')}${more}`, {
      problems: problems.slice(0, 100),
    });
  }
  return rows;
}
