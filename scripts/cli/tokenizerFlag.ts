/** `--tokenizer` of the `models` commands: the v2 tokenizer file, for versions with features v2. */
import path from 'node:path';
import type { ModelEntry } from '../../models';
import { BadUserInputError } from '../../platform/errors';

/**
 * `--tokenizer`, resolved; undefined when absent.
 *
 * @throws BadUserInputError when none of `entries` uses features v2.
 */
export function tokenizerFlag(
  entries: readonly Pick<ModelEntry, 'version' | 'usesTokenizer'>[],
  file: string | undefined,
): string | undefined {
  if (file === undefined) return undefined;
  if (!entries.some((e) => e.usesTokenizer)) {
    const versions = [...new Set(entries.map((e) => e.version.toLowerCase()))].join(' and ');
    throw new BadUserInputError(`--tokenizer applies to v2 and v3, not ${versions}`);
  }
  return path.resolve(file);
}
