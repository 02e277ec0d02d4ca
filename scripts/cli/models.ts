/**
 * `spamgraph models …` — train a model version from the feature store, score a labeled CSV
 * with a trained artifact, or score one text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { loadConfig } from '../../platform/config';
import {
  importedPaths,
  withSpamFeatureStore,
  labelOf,
  MAX_SEED,
  modelEntry,
  parseModelVersion,
  evaluateCsv,
  readLabeledCsvFile,
  validationRecordOf,
  type TrainLstmOptions,
  formatMetrics,
  DEFAULT_SEED,
} from '../../models';
import { BadUserInputError, NotFoundError } from '../../platform/errors';
import { openStorage } from '../../platform/storage';
import { parseSmsText } from '../../platform/storage/inbox/smsInput';
import type { CliIo } from './io';
import { readIdFile } from './features';

/** `--seed` as an unsigned 32-bit integer. */
export function parseSeed(text: string): number {
  const n = /^\d{1,10}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(n <= MAX_SEED)) {
    throw new BadUserInputError(`--seed must be an integer in [0, ${MAX_SEED}], got "${text}"`);
  }
  return n;
}

/** Every sms id of the imported dataset (ids only: training reads the feature store). */
async function importedIds(dataDir: string): Promise<string[]> {
  const csv = importedPaths(dataDir).csv;
  if (!fs.existsSync(csv)) {
    throw new NotFoundError(
      `no dataset at ${csv}: run \`npx spamgraph data import --from <csv>\` first, or give --ids`,
    );
  }
  return (await readLabeledCsvFile(csv)).map((r) => r.smsId);
}

/** An optional positive integer flag. */
function parsePositive(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(n >= 1)) throw new BadUserInputError(`${flag} must be a positive integer, got "${text}"`);
  return n;
}

/** An optional fraction in [0, 1) (`--validation`). */
function parseFraction(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^(0|0?\.\d{1,6})$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(n >= 0 && n < 1)) {
    throw new BadUserInputError(`${flag} must be a fraction in [0, 1), got "${text}"`);
  }
  return n;
}

/** An optional positive number (`--learning-rate`). */
function parseRate(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^(\d+(\.\d*)?|\.\d+)(e-?\d+)?$/i.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(n > 0 && Number.isFinite(n))) {
    throw new BadUserInputError(`${flag} must be a positive number, got "${text}"`);
  }
  return n;
}

interface TrainFlags {
  ids?: string;
  seed: string;
  out?: string;
  epochs?: string;
  batchSize?: string;
  learningRate?: string;
  validation?: string;
  patience?: string;
  refit: boolean;
  tokenizer?: string;
}

interface EvaluateFlags {
  data: string;
  model?: string;
  json?: boolean;
  tokenizer?: string;
}

/** `--tokenizer`, resolved; refused for versions without features v2. */
function tokenizerFlag(uses: boolean, version: string, file: string | undefined) {
  if (file === undefined) return undefined;
  if (!uses) {
    throw new BadUserInputError(`--tokenizer applies to v2 and v3, not ${version.toLowerCase()}`);
  }
  return path.resolve(file);
}

const shown = (p: string) => path.relative(process.cwd(), p) || '.';

export function registerModels(program: Command, io: CliIo): void {
  const cmd = program.command('models').description('spam models: train and evaluate');

  cmd
    .command('train <version>')
    .description(
      'train a model (v1, v2, v3) from the feature store as of its time freeze; save its artifact',
    )
    .option(
      '--ids <file>',
      'sms ids to train and test on, one per line (default: the imported dataset)',
    )
    .option('--seed <n>', 'seed of the split and the model', String(DEFAULT_SEED))
    .option('--out <dir>', "artifact directory (default: the version's committed one)")
    .option('--epochs <n>', 'passes over the training split (v2, v3; default per version)')
    .option('--batch-size <n>', 'rows per gradient step (v2, v3; default per version)')
    .option('--learning-rate <x>', "Adam's learning rate (v2, v3; default per version)")
    .option(
      '--validation <fraction>',
      'share of the training split held out to pick the best epoch (v2, v3; default 0.15; 0: none, keep the last epoch)',
    )
    .option(
      '--patience <n>',
      'stop after n epochs without a better validation accuracy (v2, v3; default: run every epoch)',
    )
    .option(
      '--no-refit',
      "keep the best epoch's weights instead of retraining on the whole training split for that many epochs (v2, v3)",
    )
    .option(
      '--tokenizer <file>',
      'the tokenizer the v2 features were created with (v2, v3; default: the committed one)',
    )
    .action(async (version: string, opts: TrainFlags) => {
      const entry = modelEntry(parseModelVersion(version));
      const seed = parseSeed(opts.seed);
      const epochs = parsePositive('--epochs', opts.epochs);
      const batchSize = parsePositive('--batch-size', opts.batchSize);
      if (!entry.epochs && (epochs !== undefined || batchSize !== undefined)) {
        throw new BadUserInputError(
          `--epochs and --batch-size apply to v2 and v3, not ${entry.version.toLowerCase()}`,
        );
      }
      const learningRate = parseRate('--learning-rate', opts.learningRate);
      const validationFraction = parseFraction('--validation', opts.validation);
      const patience = parsePositive('--patience', opts.patience);
      if (
        !entry.epochs &&
        (learningRate !== undefined ||
          validationFraction !== undefined ||
          patience !== undefined ||
          !opts.refit)
      ) {
        throw new BadUserInputError(
          `--learning-rate, --validation, --patience and --no-refit apply to v2 and v3, not ${entry.version.toLowerCase()}`,
        );
      }
      if (patience !== undefined && validationFraction === 0) {
        throw new BadUserInputError('--patience needs validation rows: not with --validation 0');
      }
      const tokenizerPath = tokenizerFlag(entry.usesTokenizer, entry.version, opts.tokenizer);
      const config = loadConfig();
      const ids = opts.ids ? [...readIdFile(opts.ids)] : await importedIds(config.dataDir);
      const outDir = path.resolve(opts.out ?? entry.artifactDir);
      const started = performance.now();
      const r = await withSpamFeatureStore(config, (store) => {
        // The epoch-based options reach only the versions that take them (refused above).
        const options: TrainLstmOptions = {
          store,
          ids,
          seed,
          outDir,
          ...(epochs !== undefined && { epochs }),
          ...(batchSize !== undefined && { batchSize }),
          ...(learningRate !== undefined && { learningRate }),
          ...(validationFraction !== undefined && { validationFraction }),
          ...(patience !== undefined && { patience }),
          // Refit needs validation rows: with --validation 0 there is no epoch to refit to.
          refit: opts.refit && validationFraction !== 0,
          ...(tokenizerPath !== undefined && { tokenizerPath }),
          onProgress: (line) => io.err(line),
        };
        return entry.train(options);
      });
      const { split, metrics: m } = r.metadata;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const v = validationRecordOf(r.metadata);
      const picked =
        v && `epoch ${v.bestEpoch} of ${v.epochsRun}, val accuracy ${v.accuracy.toFixed(4)}`;
      const rows = !v
        ? `${split.nTrain} rows`
        : r.metadata.extra.refit
          ? `${split.nTrain} rows for ${v.bestEpoch} epoch(s), the best on ${v.nValidation} validation rows held out of a first run (${picked})`
          : `${v.nFit} rows (${v.nValidation} more held out for validation: kept ${picked})`;
      io.out(
        `models: trained ${r.version} on ${rows}, tested on ${split.nTest} (seed ${seed}) in ${seconds} s`,
      );
      io.out(`models: ${r.version} test ${formatMetrics(m)}`);
      io.out(
        `models: ${r.version} test confusion tp ${m.confusion.tp}, fp ${m.confusion.fp}, tn ${m.confusion.tn}, fn ${m.confusion.fn}`,
      );
      io.out(`models: saved ${shown(outDir)} (sha256 ${r.artifactDigest.slice(0, 12)})`);
    });

  cmd
    .command('evaluate <version>')
    .description('score a labeled CSV (sms_id,text,label) with a trained artifact')
    .requiredOption('--data <csv>', 'the labeled CSV')
    .option('--model <dir>', "artifact directory (default: the version's committed one)")
    .option('--json', 'print {version, n, accuracy, precision, recall, f1, confusion} as JSON')
    .option('--tokenizer <file>', 'the v2 tokenizer (v2, v3; default: the committed one)')
    .action(async (version: string, opts: EvaluateFlags) => {
      const entry = modelEntry(parseModelVersion(version));
      const tokenizerPath = tokenizerFlag(entry.usesTokenizer, entry.version, opts.tokenizer);
      const classifier = await entry.load(
        opts.model ? path.resolve(opts.model) : undefined,
        tokenizerPath !== undefined ? { tokenizerPath } : {},
      );
      const r = await evaluateCsv(classifier, opts.data);
      if (opts.json) {
        io.out(JSON.stringify(r));
        return;
      }
      const c = r.confusion;
      io.out(
        `models: ${r.version} (sha256 ${classifier.artifactDigest.slice(0, 12)}) on ${opts.data}: ${r.n} messages`,
      );
      io.out(`models: ${formatMetrics(r)}`);
      io.out(`models: confusion tp ${c.tp}, fp ${c.fp}, tn ${c.tn}, fn ${c.fn}`);
    });

  cmd
    .command('predict <version> <text...>')
    .description('score one text with the committed artifact (no cache, no storage)')
    .option('--json', 'print {version, label, spamProbability, features} as JSON')
    .action(async (version: string, words: string[], opts: { json?: boolean }) => {
      const entry = modelEntry(parseModelVersion(version));
      const classifier = await entry.load();
      const text = parseSmsText(words.join(' '));
      const features = classifier.textToFeatures(text);
      const [p] = await classifier.predictProba([features]);
      const spamProbability = p as number;
      const label = labelOf(spamProbability);
      if (opts.json) {
        io.out(JSON.stringify({ version: entry.version, label, spamProbability, features }));
        return;
      }
      io.out(
        `models: ${entry.version} says ${label.toUpperCase()} (spam probability ${spamProbability.toFixed(4)})`,
      );
    });

  cmd
    .command('clear-cache')
    .description('forget every cached prediction (entries of retrained models are dead weight)')
    .action(async () => {
      const storage = await openStorage(loadConfig());
      try {
        await storage.predictions.clear();
      } finally {
        await storage.close();
      }
      io.out('models: prediction cache cleared');
    });
}
