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
  modelEntry,
  parseModelVersion,
  readLabeledCsvFile,
  formatMetrics,
  DEFAULT_SEED,
  loadTraining,
  smsLabels,
  type TrainResult,
} from '../../models';
import { NotFoundError } from '../../platform/errors';
import { openStorage } from '../../platform/storage';
import { parseSmsText } from '../../platform/storage/inbox/smsInput';
import type { CliIo } from './io';
import { readIdFile } from './features';
import { parseLabelsUntil, trainSettingsOf, type TrainFlags } from './modelsTrainFlags';
import { registerModelsCompare } from './modelsCompare';
import { tokenizerFlag } from './tokenizerFlag';
import { registerModelsPromote } from './modelsPromote';

/** The view whose offline history holds every label, users' verdicts included. */
const LABELS_VIEW = smsLabels.name;

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

interface EvaluateFlags {
  data: string;
  model?: string;
  json?: boolean;
  tokenizer?: string;
}

const shown = (p: string) => path.relative(process.cwd(), p) || '.';

/** What `models train` prints once the artifact is saved. */
function reportTraining(io: CliIo, r: TrainResult, seconds: string, outDir: string): void {
  const { split, metrics: m, seed } = r.metadata;
  const v = loadTraining().validationRecordOf(r.metadata);
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
  const labels = r.metadata.extra.labels as { fromDataset: number; fromUsers: number } | undefined;
  if (labels) {
    io.out(
      `models: ${r.version} labels: ${labels.fromDataset} from the dataset, ${labels.fromUsers} from users`,
    );
  }
  const parts = (r.metadata.extra.testByPart ?? {}) as Record<string, typeof m>;
  for (const [part, pm] of Object.entries(parts)) {
    io.out(`models: ${r.version} test (${part}) ${formatMetrics(pm)}`);
  }
  io.out(`models: saved ${shown(outDir)} (sha256 ${r.artifactDigest.slice(0, 12)})`);
}

/** `models train <version>`. */
async function train(io: CliIo, version: string, flags: TrainFlags): Promise<void> {
  const entry = modelEntry(parseModelVersion(version));
  const settings = trainSettingsOf(entry, flags);
  const tokenizerPath = tokenizerFlag([entry], flags.tokenizer);
  const labelsUntil = parseLabelsUntil(flags.labelsUntil);
  const config = loadConfig();
  const datasetIds = flags.ids ? [...readIdFile(flags.ids)] : await importedIds(config.dataDir);
  const outDir = path.resolve(flags.out ?? entry.artifactDir);
  const started = performance.now();
  const r = await withSpamFeatureStore(config, async (store) => {
    // As of --labels-until, every message labeled by then (users' verdicts included) joins.
    const labeled = labelsUntil ? await store.offlineEntityKeys(LABELS_VIEW, labelsUntil) : [];
    const ids = [...new Set([...datasetIds, ...labeled])];
    if (labelsUntil) {
      io.err(
        `models: ${entry.version}: labels as of ${labelsUntil.toISOString()}: ${ids.length - datasetIds.length} labeled message(s) beyond the dataset`,
      );
    }
    return loadTraining().trainModel(entry.version, {
      ...settings,
      store,
      ids,
      datasetIds,
      ...(labelsUntil && { asOf: labelsUntil }),
      outDir,
      ...(tokenizerPath !== undefined && { tokenizerPath }),
      onProgress: (line) => io.err(line),
    });
  });
  reportTraining(io, r, ((performance.now() - started) / 1000).toFixed(1), outDir);
}

function registerTrain(cmd: Command, io: CliIo): void {
  cmd
    .command('train <version>')
    .description(
      'train a model (v1–v4) from the feature store as of its time freeze (or --labels-until); save its artifact',
    )
    .option(
      '--ids <file>',
      'sms ids to train and test on, one per line (default: the imported dataset)',
    )
    .option(
      '--labels-until <time>',
      "train as of this ISO-8601 time instead of the version's time freeze: the dataset plus every label users reported by then (reportSpam)",
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
    .action((version: string, flags: TrainFlags) => train(io, version, flags));
}

/** `models evaluate <version>`. */
async function evaluate(io: CliIo, version: string, flags: EvaluateFlags): Promise<void> {
  const entry = modelEntry(parseModelVersion(version));
  const tokenizerPath = tokenizerFlag([entry], flags.tokenizer);
  const classifier = await entry.load(
    flags.model ? path.resolve(flags.model) : undefined,
    tokenizerPath !== undefined ? { tokenizerPath } : {},
  );
  const r = await loadTraining().evaluateCsv(classifier, flags.data);
  if (flags.json) {
    io.out(JSON.stringify(r));
    return;
  }
  const c = r.confusion;
  io.out(
    `models: ${r.version} (sha256 ${classifier.artifactDigest.slice(0, 12)}) on ${flags.data}: ${r.n} messages`,
  );
  io.out(`models: ${formatMetrics(r)}`);
  io.out(`models: confusion tp ${c.tp}, fp ${c.fp}, tn ${c.tn}, fn ${c.fn}`);
}

/** `models predict <version> <text...>`. */
async function predict(io: CliIo, version: string, words: string[], json?: boolean) {
  const entry = modelEntry(parseModelVersion(version));
  const classifier = await entry.load();
  const text = parseSmsText(words.join(' '));
  const features = classifier.textToFeatures(text);
  const [p] = await classifier.predictProba([features]);
  const spamProbability = p as number;
  const label = labelOf(spamProbability);
  if (json) {
    io.out(JSON.stringify({ version: entry.version, label, spamProbability, features }));
    return;
  }
  io.out(
    `models: ${entry.version} says ${label.toUpperCase()} (spam probability ${spamProbability.toFixed(4)})`,
  );
}

/** `models clear-cache`. */
async function clearCache(io: CliIo): Promise<void> {
  const storage = await openStorage(loadConfig());
  try {
    await storage.predictions.clear();
  } finally {
    await storage.close();
  }
  io.out('models: prediction cache cleared');
}

/** The `models` command group: train, evaluate, compare, promote, champion, predict, clear-cache. */
export function registerModels(program: Command, io: CliIo): void {
  const cmd = program.command('models').description('spam models: train and evaluate');
  registerTrain(cmd, io);
  registerModelsCompare(cmd, io);
  registerModelsPromote(cmd, io);

  cmd
    .command('evaluate <version>')
    .description('score a labeled CSV (sms_id,text,label) with a trained artifact')
    .requiredOption('--data <csv>', 'the labeled CSV')
    .option('--model <dir>', "artifact directory (default: the version's committed one)")
    .option('--json', 'print {version, n, accuracy, precision, recall, f1, confusion} as JSON')
    .option('--tokenizer <file>', 'the v2 tokenizer (v2, v3; default: the committed one)')
    .action((version: string, flags: EvaluateFlags) => evaluate(io, version, flags));

  cmd
    .command('predict <version> <text...>')
    .description('score one text with the committed artifact (no cache, no storage)')
    .option('--json', 'print {version, label, spamProbability, features} as JSON')
    .action((version: string, words: string[], flags: { json?: boolean }) =>
      predict(io, version, words, flags.json),
    );

  cmd
    .command('clear-cache')
    .description('forget every cached prediction (entries of retrained models are dead weight)')
    .action(() => clearCache(io));
}
