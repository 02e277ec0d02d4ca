/**
 * `fs create-sources`: turns the imported labeled CSV into the three offline sources (labels,
 * features v1, features v2), stamped with the story's event times. Pushed parts are kept; the
 * previous initial parts are replaced only after the new ones are complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BadUserInputError, NotFoundError } from '../../platform/errors';
import { validateLabeledCsv } from '../dataset/labeledCsv';
import type { Progress } from '../../platform/progress';
import { extractV1, extractV2, FEATURES_V1_NAMES, type Tokenizer } from '../features';
import {
  type FeatureRow,
  type OfflineStore,
  batchSourceOf,
  type FeatureView,
} from '../../feature-store';
import { SOURCE_TIMESTAMPS, sms, smsFeatures1, smsFeatures2, smsLabels } from './definitions';

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
  const labels: FeatureRow[] = [];
  const f1: FeatureRow[] = [];
  const f2: FeatureRow[] = [];
  rows.forEach((r, i) => {
    labels.push({
      entityKey: r.smsId,
      eventTimestamp: SOURCE_TIMESTAMPS.labels,
      created,
      values: { label: r.label === 'spam' ? 1 : 0 },
    });
    const v1 = extractV1(r.text);
    f1.push({
      entityKey: r.smsId,
      eventTimestamp: SOURCE_TIMESTAMPS.features1,
      created,
      values: Object.fromEntries(FEATURES_V1_NAMES.map((n, j) => [n, v1[j] ?? 0])),
    });
    f2.push({
      entityKey: r.smsId,
      eventTimestamp: SOURCE_TIMESTAMPS.features2,
      created,
      values: { features: extractV2(opts.tokenizer, r.text) },
    });
    if (i % 500 === 0 || i === rows.length - 1)
      opts.progress?.count(i + 1, rows.length, 'computing features of', 'messages');
  });
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
  await write(smsFeatures1, f1);
  await write(smsFeatures2, f2);
  return { rows: rows.length, files };
}
