/**
 * `models/card/reliability.json`: the committed reliability blocks the card's plot and ECE
 * column are drawn from, so the card can be regenerated without the dataset.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../../platform/config';
import { MODEL_VERSIONS } from '../../models';
import { reliabilitySchema, type VersionReliability } from './reliability';

/** Where the card's files live. */
export const CARD_DIR = path.join(REPO_ROOT, 'models', 'card');

/** The committed reliability blocks. */
export const RELIABILITY_FILE = path.join(CARD_DIR, 'reliability.json');

/** The `format` tag of the file. */
export const RELIABILITY_FORMAT = 'spamgraph.model-card-reliability';

/** Contents of the file. */
export interface ReliabilityFile {
  format: typeof RELIABILITY_FORMAT;
  formatVersion: 1;
  /** Rows of the test split every block is measured on. */
  nTest: number;
  versions: VersionReliability[];
}

const fileSchema = z.strictObject({
  format: z.literal(RELIABILITY_FORMAT),
  formatVersion: z.literal(1),
  nTest: z.number().int().min(1),
  versions: z.array(
    reliabilitySchema.extend({
      version: z.enum(MODEL_VERSIONS),
      artifactDigest: z.string().regex(/^[0-9a-f]{64}$/),
      source: z.enum(['training record', 'recomputed on the test split']),
    }),
  ),
});

/**
 * Reads the file, or null when there is none.
 *
 * @throws Error when it is there but invalid.
 */
export function readReliabilityFile(file = RELIABILITY_FILE): ReliabilityFile | null {
  if (!fs.existsSync(file)) return null;
  const parsed = fileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: invalid: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * The file's text: keys in a fixed order, one per line, so it is stable under Prettier and a
 * rerun on the same artifacts rewrites it byte for byte.
 */
export function renderReliabilityFile(contents: ReliabilityFile): string {
  const ordered: ReliabilityFile = {
    format: contents.format,
    formatVersion: contents.formatVersion,
    nTest: contents.nTest,
    versions: contents.versions.map((v) => ({
      version: v.version,
      artifactDigest: v.artifactDigest,
      source: v.source,
      expectedCalibrationError: v.expectedCalibrationError,
      brier: v.brier,
      logLoss: v.logLoss,
      bins: v.bins.map((b) => ({
        from: b.from,
        to: b.to,
        count: b.count,
        meanPredicted: b.meanPredicted,
        observedSpam: b.observedSpam,
      })),
    })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
