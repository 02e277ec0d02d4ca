/** `spamgraph features fit-tokenizer`: fits and saves the v2 tokenizer. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../platform/config';
import { NotFoundError } from '../../platform/errors';
import {
  importedPaths,
  DEFAULT_TOKENIZER_PATH,
  fitTokenizerFromCsv,
  saveTokenizer,
  tokenizerDigest,
} from '../../models';
import type { CliIo } from './io';

/** Reads a file of ids, one per line (blank lines ignored). */
export function readIdFile(file: string): Set<string> {
  if (!fs.existsSync(file)) throw new NotFoundError(`no such file: ${file}`);
  return new Set(
    fs
      .readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

export function registerFeatures(program: Command, io: CliIo): void {
  const features = program.command('features').description('feature extraction (v1, v2)');
  features
    .command('fit-tokenizer')
    .description(
      'fit the v2 tokenizer (Keras semantics, 180 words, length 30) on the training texts',
    )
    .option('--data <csv>', 'labeled CSV (default: the imported dataset)')
    .option('--ids <file>', 'only these sms ids (one per line), e.g. the training ids')
    .option('--out <file>', 'where to save it', DEFAULT_TOKENIZER_PATH)
    .action(async (opts: { data?: string; ids?: string; out: string }) => {
      const csv = opts.data ?? importedPaths(loadConfig().dataDir).csv;
      if (!fs.existsSync(csv)) {
        throw new NotFoundError(
          `no dataset at ${csv}: run \`npx spamgraph data import --from <csv>\` first`,
        );
      }
      const { tokenizer, texts } = await fitTokenizerFromCsv(csv, {
        ids: opts.ids ? readIdFile(opts.ids) : undefined,
      });
      await saveTokenizer(opts.out, tokenizer);
      io.out(
        `features: tokenizer fitted on ${texts} texts (${tokenizer.vocabularySize} distinct words; ids 1–${(tokenizer.settings.numWords ?? 1) - 1} kept) → ${path.relative(process.cwd(), opts.out)} (sha256 ${tokenizerDigest(tokenizer).slice(0, 12)})`,
      );
    });
}
