/**
 * The model card's Markdown: one table of every version on the same test split (model,
 * features, training data, test metrics, ECE, latency), the per-part figures of the records that
 * have them, and the notes under them. Everything but the latency comes from the training
 * records and the reliability blocks, so `--check` can rebuild it and compare.
 */
import type { Metrics, ModelMetadata, ModelVersion } from '../../models';
import type { LatencyFigures, MachineInfo } from './latency';
import { markdownTable, withoutColumns } from './markdown';
import type { ReliabilitySource } from './reliability';

/** One version's row of the card. */
export interface CardEntry {
  metadata: ModelMetadata;
  /** Its reliability block's ECE and where the block came from, when the card has one. */
  calibration?: { ece: number; source: ReliabilitySource };
  /** Measured by the card's run (absent in `--check`, which does not compare it). */
  latency?: LatencyFigures;
}

/** How the latency was measured, for the note under the table. */
export interface LatencyNote {
  machine: MachineInfo;
  warmUp: number;
  repeats: number;
}

/** Headers of the columns measured at each run: `--check` ignores them. */
export const LATENCY_HEADERS = [
  'model call / 50: median · p99',
  'text → probability / 50: median · p99 (per message)',
] as const;

/** The note line that changes with each run (`--check` ignores it too). */
export const LATENCY_NOTE_PREFIX = 'Latency: ';

const HEADERS = [
  'version',
  'model',
  'features',
  'training data as of',
  'test accuracy',
  'precision',
  'recall',
  'F1 (spam)',
  'ECE',
  ...LATENCY_HEADERS,
];

/**
 * A few words on each feature service's features. A feature service never changes what it
 * serves (new features get a new service), so these stay true.
 */
const FEATURE_WORDS: Readonly<Record<string, string>> = {
  labeled_sms_1: 'v1: 2 character ratios, 7 cue words',
  labeled_sms_2: 'v2: 30 token ids, Keras tokenizer of 180 words',
  labeled_sms_3: 'v3: hashed word 1–2-grams and character 2–5-grams, length, patterns',
};

const f3 = (x: number) => x.toFixed(3);
const int = (x: number) => x.toLocaleString('en-US');
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** The record's description, with the settings that tell versions of one kind apart. */
export function modelCell(m: ModelMetadata): string {
  const h = m.hyperparameters;
  const details: string[] = [];
  if (num(h.nTrees) !== undefined) details.push(`${h.nTrees} trees, depth ${h.maxDepth}`);
  const params = num(m.extra.parameters);
  if (params !== undefined) details.push(`${int(params)} params`);
  const epochs = num((m.extra.refit as { epochs?: unknown } | undefined)?.epochs);
  if (epochs !== undefined) details.push(`${epochs} epochs`);
  if (typeof h.loss === 'string' && num(h.l2) !== undefined && h.plattA !== undefined) {
    details.push(`picked ${h.loss}, L2 ${h.l2}, Platt-scaled`);
  }
  return details.length > 0 ? `${m.description}; ${details.join(', ')}` : m.description;
}

/** The feature service and a few words on its features. */
export function featuresCell(m: ModelMetadata): string {
  const service = m.data.featureService;
  const words = FEATURE_WORDS[service];
  return words ? `${words} (\`${service}\`)` : `\`${service}\``;
}

/** The feature service, the time freeze (a date when at midnight) and users' labels if known. */
export function trainingDataCell(m: ModelMetadata): string {
  const at = m.data.timeFreeze.replace(/T00:00:00(\.000)?Z$/, '');
  const labels = m.extra.labels as { fromUsers?: unknown } | undefined;
  const fromUsers = num(labels?.fromUsers);
  const users = fromUsers === undefined ? '' : `; labels from users: ${int(fromUsers)}`;
  return `\`${m.data.featureService}\` as of ${at}${users}`;
}

/** A duration in ms with two significant decimals below 10 ms. */
export const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

/** Median per message, in µs below a millisecond. */
function perMessage(t: LatencyFigures): string {
  const each = t.textToProbability.medianMs / t.batch;
  return each < 1 ? `${Math.round(each * 1000)} µs` : `${each.toFixed(2)} ms`;
}

function latencyCells(t: LatencyFigures | undefined): [string, string] {
  if (!t) return ['not measured', 'not measured'];
  return [
    `${ms(t.modelCall.medianMs)} · ${ms(t.modelCall.p99Ms)} ms`,
    `${ms(t.textToProbability.medianMs)} · ${ms(t.textToProbability.p99Ms)} ms (${perMessage(t)})`,
  ];
}

const metricCells = (m: Metrics) => [f3(m.accuracy), f3(m.precision), f3(m.recall), f3(m.f1)];

/** The main table: one row per version. */
export function cardTable(entries: readonly CardEntry[]): string {
  const rows = entries.map(({ metadata: m, calibration, latency }) => [
    m.version,
    modelCell(m),
    featuresCell(m),
    trainingDataCell(m),
    ...metricCells(m.metrics),
    calibration ? f3(calibration.ece) : 'n/a',
    ...latencyCells(latency),
  ]);
  return markdownTable(HEADERS, rows);
}

/** Per-part test figures (`extra.testByPart`) of the records that have them, or null. */
export function partsTable(entries: readonly CardEntry[]): string | null {
  const rows: string[][] = [];
  for (const { metadata: m } of entries) {
    const parts = (m.extra.testByPart ?? {}) as Record<string, Metrics>;
    for (const [part, pm] of Object.entries(parts)) {
      rows.push([m.version, part, int(pm.n), ...metricCells(pm)]);
    }
  }
  if (rows.length === 0) return null;
  const header = ['version', 'test rows from', 'n', 'accuracy', 'precision', 'recall', 'F1 (spam)'];
  return markdownTable(header, rows);
}

const list = (vs: readonly ModelVersion[]) =>
  vs.length <= 1 ? vs.join('') : `${vs.slice(0, -1).join(', ')} and ${vs.at(-1)}`;

/** What the ECE column is and where each version's block came from. */
function eceNote(entries: readonly CardEntry[]): string {
  const from = (source: ReliabilitySource) =>
    entries.filter((e) => e.calibration?.source === source).map((e) => e.metadata.version);
  const [record, recomputed] = [from('training record'), from('recomputed on the test split')];
  const plural = (vs: readonly ModelVersion[]) => (vs.length > 1 ? 's' : '');
  return [
    'ECE: expected calibration error of the spam probability, over 10 equal-width bins weighted',
    'by their rows (the bins: `card/reliability.json`, drawn below).',
    record.length > 0 ? `${list(record)}: from the training record${plural(record)}.` : '',
    recomputed.length > 0
      ? `${list(recomputed)}: recomputed on the test split with the committed artifact${plural(recomputed)}, ` +
        `whose recomputed confusion ${recomputed.length > 1 ? "matrices equal the records'" : "matrix equals the record's"}.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The line on how latency was measured, on which machine and commit. */
export function latencyNote(note: LatencyNote | undefined): string {
  if (!note) return `${LATENCY_NOTE_PREFIX}not measured.`;
  const { machine: m } = note;
  return (
    `${LATENCY_NOTE_PREFIX}50 texts written for the card, as one batch; median · p99 of ` +
    `${note.repeats} runs after ${note.warmUp} warm-up runs, in one process. Model call: ` +
    '`predictProba` on the precomputed features; text → probability: `textToFeatures` of each ' +
    `text, then \`predictProba\`. ${m.cpu}, ${m.cores} cores, Node ${m.node}, commit ${m.commit}.`
  );
}

/** Everything between the card's markers in models/README.md. */
export function cardBlock(entries: readonly CardEntry[], note?: LatencyNote): string {
  const first = entries[0]?.metadata;
  if (!first) throw new RangeError('no versions to put on the card');
  const parts = partsTable(entries);
  const { nTest } = first.split;
  return [
    '<!-- Generated by `npm run models:card` from the training records (artifacts/*/metadata.json) and card/reliability.json: edit the script, not this block. -->',
    '',
    `Every quality figure is on the same ${int(nTest)} test rows; spam is the positive class.`,
    '',
    cardTable(entries),
    '',
    eceNote(entries),
    ...(parts ? ['', 'By the part of the dataset a test row comes from:', '', parts] : []),
    '',
    latencyNote(note),
    '',
    '![reliability](card/reliability.png)',
  ].join('\n');
}

/** The block with what changes at each run (latency) taken out: what `--check` compares. */
export const withoutLatency = (block: string): string =>
  withoutColumns(block, LATENCY_HEADERS, [LATENCY_NOTE_PREFIX]);
