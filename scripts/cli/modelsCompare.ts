/**
 * `spamgraph models compare <a> <b> --data <csv>` — two model versions on one labeled CSV:
 * each one's metrics, where their verdicts agree, McNemar's test on the messages only one of
 * them gets right, and those messages.
 */
import path from 'node:path';
import type { Command } from 'commander';
import {
  formatMetrics,
  loadTraining,
  modelEntry,
  parseModelVersion,
  readLabeledCsvFile,
  type Classifier,
  type ComparedModel,
  type ComparisonReport,
  type LabeledSms,
  type ModelEntry,
} from '../../models';
import { BadUserInputError } from '../../platform/errors';
import { createProgress } from '../../platform/progress';
import type { CliIo } from './io';
import { tokenizerFlag } from './tokenizerFlag';

interface CompareFlags {
  data: string;
  modelA?: string;
  modelB?: string;
  tokenizer?: string;
  show: string;
  json?: boolean;
}

const DEFAULT_SHOW = 20;
/** Longest text shown per disagreement, in characters (code points), ellipsis included. */
const TEXT_WIDTH = 80;

/** `--show`: how many disagreements the human output lists. */
function showFlag(text: string): number {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t)) {
    throw new BadUserInputError(`--show must be a non-negative integer, got "${text}"`);
  }
  return Number(t);
}

function loadModel(entry: ModelEntry, dir: string | undefined, tokenizerPath?: string) {
  return entry.load(
    dir !== undefined ? path.resolve(dir) : undefined,
    entry.usesTokenizer && tokenizerPath !== undefined ? { tokenizerPath } : {},
  );
}

/** Scores with both models; a progress count on stderr when there is more than one batch. */
async function scoreBoth(io: CliIo, a: Classifier, b: Classifier, rows: LabeledSms[]) {
  const training = loadTraining();
  if (rows.length <= training.COMPARE_BATCH) return training.compareModels(a, b, rows);
  const progress = createProgress('models', process.stderr.isTTY ? undefined : (l) => io.err(l));
  const report = await training.compareModels(a, b, rows, {
    onProgress: (done, total) => progress.count(done, total, 'scoring', 'messages'),
  });
  progress.done();
  return report;
}

/** One line for a table: whitespace (newlines too) as single spaces, at most TEXT_WIDTH long. */
function oneLine(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= TEXT_WIDTH
    ? chars.join('')
    : chars.slice(0, TEXT_WIDTH - 1).join('') + '…';
}

function printModel(io: CliIo, name: string, m: ComparedModel): void {
  const c = m.confusion;
  io.out(`models: ${name} ${formatMetrics(m)}`);
  io.out(`models: ${name} confusion tp ${c.tp}, fp ${c.fp}, tn ${c.tn}, fn ${c.fn}`);
}

/** The first `show` disagreements as an indented table. */
function printDisagreements(io: CliIo, r: ComparisonReport, names: string[], show: number) {
  const all = r.disagreements;
  if (all.length === 0) {
    io.out('models: the two give the same verdict on every message');
    return;
  }
  const listed = all.slice(0, show);
  const what = `${all.length} message${all.length === 1 ? '' : 's'}`;
  const which = listed.length === all.length ? '' : ` (the first ${listed.length}; --show <n>)`;
  io.out(`models: they disagree on ${what}${which}${listed.length > 0 ? ':' : ''}`);
  if (listed.length === 0) return;
  const idWidth = Math.max('sms_id'.length, ...listed.map((d) => d.smsId.length));
  const pWidth = Math.max(6, ...names.map((n) => n.length));
  const row = (id: string, label: string, pa: string, pb: string, text: string) =>
    `  ${id.padEnd(idWidth)}  ${label.padEnd(5)}  ${pa.padEnd(pWidth)}  ${pb.padEnd(pWidth)}  ${text}`;
  io.out(row('sms_id', 'label', names[0]!, names[1]!, 'text'));
  for (const d of listed) {
    const p = (x: number) => x.toFixed(4);
    io.out(row(d.smsId, d.label, p(d.spamProbabilityA), p(d.spamProbabilityB), oneLine(d.text)));
  }
}

/** The human report: both models, the agreement table, McNemar, the verdict, disagreements. */
function printReport(io: CliIo, r: ComparisonReport, file: string, show: number): void {
  const { sideNames, formatPValue } = loadTraining();
  const [nameA, nameB] = sideNames(r.a.version, r.b.version);
  const sha = (m: ComparedModel) => `sha256 ${m.artifactDigest.slice(0, 12)}`;
  io.out(`models: ${nameA} (${sha(r.a)}) vs ${nameB} (${sha(r.b)}) on ${file}: ${r.n} messages`);
  printModel(io, nameA, r.a);
  printModel(io, nameB, r.b);
  const g = r.agreement;
  io.out(
    `models: both right ${g.bothRight}, only ${nameA} right ${g.onlyARight}, only ${nameB} right ${g.onlyBRight}, both wrong ${g.bothWrong}; same verdict on ${g.agree} of ${r.n} (${g.rate.toFixed(4)})`,
  );
  const m = r.mcnemar;
  io.out(
    `models: McNemar on b = ${m.b}, c = ${m.c}: exact binomial ${formatPValue(m.exactP)} (reported); chi-square ${m.chiSquare.toFixed(4)} with continuity correction, ${formatPValue(m.chiSquareP)}`,
  );
  io.out(`models: ${r.conclusion}`);
  printDisagreements(io, r, [nameA, nameB], show);
}

/** `models compare <a> <b>`. */
async function compare(io: CliIo, versionA: string, versionB: string, flags: CompareFlags) {
  // Both names are checked before anything is read or loaded.
  const versions = [parseModelVersion(versionA), parseModelVersion(versionB)];
  const [entryA, entryB] = versions.map(modelEntry) as [ModelEntry, ModelEntry];
  const show = showFlag(flags.show);
  const tokenizerPath = tokenizerFlag([entryA, entryB], flags.tokenizer);
  // The file before the models: a bad CSV fails fast, before TensorFlow.js loads.
  const rows = await readLabeledCsvFile(flags.data);
  const a = await loadModel(entryA, flags.modelA, tokenizerPath);
  const b = await loadModel(entryB, flags.modelB, tokenizerPath);
  const report = await scoreBoth(io, a, b, rows);
  if (flags.json) io.out(JSON.stringify(report));
  else printReport(io, report, flags.data, show);
}

/** Registers `models compare` on the `models` command group. */
export function registerModelsCompare(cmd: Command, io: CliIo): void {
  cmd
    .command('compare <a> <b>')
    .description(
      "compare two model versions on a labeled CSV: metrics, agreement, McNemar's test, disagreements",
    )
    .requiredOption('--data <csv>', 'the labeled CSV (sms_id,text,label)')
    .option('--model-a <dir>', "artifact directory of <a> (default: the version's committed one)")
    .option('--model-b <dir>', "artifact directory of <b> (default: the version's committed one)")
    .option('--tokenizer <file>', 'the v2 tokenizer (v2, v3; default: the committed one)')
    .option('--show <n>', 'disagreements listed', String(DEFAULT_SHOW))
    .option('--json', 'print the whole comparison (every disagreement) as one JSON object')
    .action((a: string, b: string, flags: CompareFlags) => compare(io, a, b, flags));
}
