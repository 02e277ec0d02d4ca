/**
 * Reading and writing model artifact files: atomic writes (a reader sees the old file or the
 * new one, never half of one), reads that turn a missing or unparseable file into one clear
 * error, and content digests.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { BadUserInputError, NotFoundError } from '../../platform/errors';

/** sha256 (hex) of a string. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export { writeFileAtomic } from '../../platform/atomicWrite';

/**
 * Reads and parses a JSON file.
 *
 * @param hint - what to do when it is missing, e.g. "run `npx spamgraph models train v1`"
 * @throws NotFoundError when the file does not exist; BadUserInputError when it is not JSON.
 */
export async function readJsonFile(file: string, hint: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(`${file} not found: ${hint}`, { path: file });
    }
    throw e;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new BadUserInputError(`${file}: not valid JSON (${(e as Error).message})`, {
      path: file,
    });
  }
}
