/**
 * `fs create-sources`: turns the imported labeled CSV into the four offline sources (labels,
 * features v1, v2 and v3), stamped with the story's event times. Pushed parts are kept; the
 * previous initial parts are replaced only after the new ones are complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BadUserInputError, NotFoundError } from '../../platform/errors';
import { validateLabeledCsv } from '../dataset/labeledCsv';
import type { Progress } from '../../platform/progress';
import type { Tokenizer } from '../features';
import {
  type FeatureRow,
  type OfflineStore,
  batchSourceOf,
  type FeatureView,
} from '../../feature-store';
import {
  SOURCE_TIMESTAMPS,
  labeledSms1,
  labeledSms2,
  labeledSms3,
  sms,
  smsLabels,
} from './definitions';
import { FeatureExtractors, messageRows, textFeatureView } from './messageRows';

/** Messages per progress report while features are computed. */
const PROGRESS_EVERY = 500;

/** The features computed from text, with the event time the story gives each source. */
const TEXT_SOURCES = [
  { service: labeledSms1.name, eventTimestamp: SOURCE_TIMESTAMPS.features1 },
  { service: labeledSms2.name, eventTimestamp: SOURCE_TIMESTAMPS.features2 },
  { service: labeledSms3.name, eventTimestamp: SOURCE_TIMESTAMPS.features3 },
];

export interface CreatedSources {
  rows: number;
  files: string[];
}

/** Writes the sources from `csvPath` with the v2 `tokenizer`. */
export async function createSources(opts: {
  csvPath: string;
  tokenizer: Tokenizer;
  offline: OfflineStore;
  progress?: Progress;
  now?: Date;
}): Promise<CreatedSources> {
  if (!fs.existsSync(opts.csvPath)) {
    throw new NotFoundError(
      `no dataset at ${opts.csvPath}: run \`npx spamgraph data import --from <csv>\` first`,
    );
  }
  const { rows, problems } = validateLabeledCsv(fs.readFileSync(opts.csvPath));
  if (problems.length > 0) {
    throw new BadUserInputError(
      `${opts.csvPath}: ${problems.length} problem(s), first at line ${problems[0]?.line}: ${problems[0]?.message}`,
    );
  }
  const created = opts.now ?? new Date();
  const labels: FeatureRow[] = rows.map((r) => ({
    entityKey: r.smsId,
    eventTimestamp: SOURCE_TIMESTAMPS.labels,
    created,
    values: { label: r.label === 'spam' ? 1 : 0 },
  }));
  const extractors = new FeatureExtractors(opts.tokenizer);
  const features = TEXT_SOURCES.map((source) => ({
    ...source,
    view: textFeatureView(source.service).view,
    rows: [] as FeatureRow[],
  }));
  // In chunks, so that progress moves while features are computed.
  for (let i = 0; i < rows.length; i += PROGRESS_EVERY) {
    const chunk = rows.slice(i, i + PROGRESS_EVERY);
    for (const f of features) {
      const texts = chunk.map((r) => ({
        smsId: r.smsId,
        text: r.text,
        eventTimestamp: f.eventTimestamp,
        created,
      }));
      f.rows.push(...messageRows(f.service, texts, extractors).rows);
    }
    opts.progress?.count(i + chunk.length, rows.length, 'computing features of', 'messages');
  }
  opts.progress?.done();
  const files: string[] = [];
  const write = async (view: FeatureView, data: FeatureRow[]) => {
    const file = await opts.offline.append(view, sms, data, 'initial');
    // Drop earlier initial parts only now that the new one is complete.
    const dir = opts.offline.dir(batchSourceOf(view));
    for (const f of fs.readdirSync(dir)) {
      if (f.endsWith('-initial.parquet') && path.join(dir, f) !== file)
        fs.rmSync(path.join(dir, f));
    }
    files.push(file);
    opts.progress?.line(`fs: wrote ${data.length} rows to ${path.relative(process.cwd(), file)}`);
  };
  await write(smsLabels, labels);
  for (const f of features) await write(f.view, f.rows);
  return { rows: rows.length, files };
}
