/**
 * `npm run models:card` — writes the model card of models/README.md (between its
 * `model-card` markers) from the committed artifacts' training records, with each version's
 * latency measured on this machine, `models/card/reliability.json` and the reliability plot
 * `models/card/reliability.png`.
 *
 * Versions whose record has no reliability block get one recomputed on the test split when
 * DATA_DIR holds the imported dataset (its feature store gives the training rows); otherwise,
 * or with `--no-recompute`, the committed reliability.json is used as it is.
 *
 * `--check` changes nothing: it exits 1 when the README's card (latency aside) differs from one
 * rebuilt from the records and reliability.json.
 *
 * Options: `--check`, `--no-recompute`, `--repeats <n>` (200), `--warm-up <n>` (20).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, loadConfig } from '../../platform/config';
import {
  importedPaths,
  readLabeledCsvFile,
  withSpamFeatureStore,
  type Classifier,
  type ModelMetadata,
  type ModelVersion,
} from '../../models';
import { committedBlocks, recomputedBlocks } from './blocks';
import { DEFAULT_LATENCY_PLAN, machineInfo, measureLatency, type LatencyPlan } from './latency';
import { cardBlockOf, replaceCardBlock } from './markdown';
import { reliabilitySvg, renderPng } from './plot';
import { loadClassifiers, loadRecords } from './records';
import type { VersionReliability } from './reliability';
import {
  CARD_DIR,
  RELIABILITY_FILE,
  readReliabilityFile,
  renderReliabilityFile,
} from './reliabilityFile';
import { cardBlock, withoutLatency, type CardEntry, type LatencyNote } from './table';
import { LATENCY_TEXTS } from './texts';

const README = path.join(REPO_ROOT, 'models', 'README.md');
const PLOT_FILE = path.join(CARD_DIR, 'reliability.png');

const say = (line: string) => console.log(`model card: ${line}`);
const shown = (p: string) => path.relative(process.cwd(), p) || '.';

interface Options {
  check: boolean;
  recompute: boolean;
  plan: LatencyPlan;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      check: { type: 'boolean', default: false },
      'no-recompute': { type: 'boolean', default: false },
      repeats: { type: 'string', default: String(DEFAULT_LATENCY_PLAN.repeats) },
      'warm-up': { type: 'string', default: String(DEFAULT_LATENCY_PLAN.warmUp) },
    },
  });
  const count = (name: string, raw: string, min: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
  return {
    check: values.check,
    recompute: !values['no-recompute'],
    plan: {
      repeats: count('repeats', values.repeats, 1),
      warmUp: count('warm-up', values['warm-up'], 0),
    },
  };
}

/** The entries of the card: records, their blocks' ECE, and latency when measured. */
function entriesOf(
  records: readonly ModelMetadata[],
  blocks: readonly VersionReliability[],
  latency?: ReadonlyMap<ModelVersion, CardEntry['latency']>,
): CardEntry[] {
  return records.map((metadata) => {
    const block = blocks.find((b) => b.version === metadata.version)!;
    const figures = latency?.get(metadata.version);
    return {
      metadata,
      calibration: { ece: block.expectedCalibrationError, source: block.source },
      ...(figures && { latency: figures }),
    };
  });
}

/** `--check`: the README's card against one rebuilt from the records. */
async function check(): Promise<number> {
  const records = await loadRecords();
  const blocks = committedBlocks(records, readReliabilityFile());
  const readme = cardBlockOf(fs.readFileSync(README, 'utf8'));
  if (readme === null) {
    console.error(`model card: no model-card markers in ${shown(README)}`);
    return 1;
  }
  const want = withoutLatency(cardBlock(entriesOf(records, blocks)));
  const got = withoutLatency(readme);
  if (want === got) {
    say(
      `${shown(README)} matches the training records of ${records.map((m) => m.version).join(', ')}`,
    );
    return 0;
  }
  const [w, g] = [want.split('\n'), got.split('\n')];
  const line = w.findIndex((l, i) => l !== g[i]);
  console.error(
    `model card: ${shown(README)} is stale (run \`npm run models:card\`); first difference:\n  README: ${g[line] ?? '(missing)'}\n  record: ${w[line] ?? '(missing)'}`,
  );
  return 1;
}

/** The sms ids training was given, when DATA_DIR holds the records' dataset; else null. */
async function datasetIds(
  dataDir: string,
  records: readonly ModelMetadata[],
): Promise<string[] | null> {
  const csv = importedPaths(dataDir).csv;
  if (!fs.existsSync(csv)) {
    say(`no imported dataset at ${csv}: using ${shown(RELIABILITY_FILE)} as committed`);
    return null;
  }
  const ids = (await readLabeledCsvFile(csv)).map((r) => r.smsId);
  const want = records[0]!.data.entityRows;
  if (ids.length !== want) {
    say(
      `${csv} holds ${ids.length} messages, the records ${want}: using ${shown(RELIABILITY_FILE)} as committed`,
    );
    return null;
  }
  return ids;
}

/** Every version's reliability block, recomputed when the store allows, and the file written. */
async function reliabilityBlocks(
  records: readonly ModelMetadata[],
  classifiers: ReadonlyMap<ModelVersion, Classifier>,
  recompute: boolean,
): Promise<VersionReliability[]> {
  const config = loadConfig();
  const ids = recompute ? await datasetIds(config.dataDir, records) : null;
  if (!ids) return committedBlocks(records, readReliabilityFile());
  say(`recomputing the test split from the feature store of ${config.dataDir}…`);
  const blocks = await withSpamFeatureStore(config, (store) =>
    recomputedBlocks(records, classifiers, store, ids, say),
  );
  const nTest = records[0]!.split.nTest;
  fs.mkdirSync(CARD_DIR, { recursive: true });
  fs.writeFileSync(
    RELIABILITY_FILE,
    renderReliabilityFile({
      format: 'spamgraph.model-card-reliability',
      formatVersion: 1,
      nTest,
      versions: blocks,
    }),
  );
  say(`wrote ${shown(RELIABILITY_FILE)}`);
  return blocks;
}

/** Times every version on the card's texts. */
async function latencies(
  classifiers: ReadonlyMap<ModelVersion, Classifier>,
  plan: LatencyPlan,
): Promise<Map<ModelVersion, CardEntry['latency']>> {
  const out = new Map<ModelVersion, CardEntry['latency']>();
  for (const [v, classifier] of classifiers) {
    const t = await measureLatency(classifier, LATENCY_TEXTS, plan);
    out.set(v, t);
    say(
      `${v} (${classifier.runtime}), ${t.batch} texts: model call median ${t.modelCall.medianMs.toFixed(3)} ms, p99 ${t.modelCall.p99Ms.toFixed(3)} ms; text → probability median ${t.textToProbability.medianMs.toFixed(3)} ms, p99 ${t.textToProbability.p99Ms.toFixed(3)} ms`,
    );
  }
  return out;
}

/** Writes the card: blocks, latency, README table, plot. */
async function write(options: Options): Promise<number> {
  const machine = machineInfo();
  say(
    `machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, commit ${machine.commit}`,
  );
  const records = await loadRecords();
  const classifiers = await loadClassifiers(records.map((m) => m.version));
  const blocks = await reliabilityBlocks(records, classifiers, options.recompute);
  const latency = await latencies(classifiers, options.plan);
  const note: LatencyNote = { machine, ...options.plan };
  const block = cardBlock(entriesOf(records, blocks, latency), note);
  fs.writeFileSync(README, replaceCardBlock(fs.readFileSync(README, 'utf8'), block));
  say(`wrote the card into ${shown(README)}:\n\n${block}\n`);
  const nTest = records[0]!.split.nTest;
  fs.writeFileSync(PLOT_FILE, renderPng(reliabilitySvg(blocks, nTest)));
  say(`wrote ${shown(PLOT_FILE)}`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  return options.check ? check() : write(options);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`model card: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
