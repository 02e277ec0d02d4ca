/**
 * The reliability blocks of the model card: per version, a table of predicted spam probability
 * (10 equal-width bins) against the share of spam observed, with ECE, Brier score and log loss —
 * either the one the training record holds (`extra.reliability`, V4) or one recomputed on the
 * test split for versions trained before records had it.
 *
 * @remarks The card's run recomputes V4's block too and checks it equals V4's training record.
 */
import { z } from 'zod';
import {
  reliabilityTable,
  roundedReliability,
  type ModelMetadata,
  type ModelVersion,
  type Reliability,
  type ReliabilityBin,
} from '../../models';

/** Bins of every reliability table of the card (the training records use 10). */
export const RELIABILITY_BINS = 10;

export type { Reliability, ReliabilityBin };

/** Where a version's block comes from. */
export type ReliabilitySource = 'training record' | 'recomputed on the test split';

/** One version's block, as the card keeps it. */
export interface VersionReliability extends Reliability {
  version: ModelVersion;
  /** The artifact the probabilities came from (a retrained model makes the block stale). */
  artifactDigest: string;
  source: ReliabilitySource;
}

/** The block with every figure rounded to 6 decimals, as training records round them. */
export const roundReliability = roundedReliability;

/** The reliability table of probabilities `p` against labels `y` (the models library's). */
export function reliabilityOf(
  p: readonly number[],
  y: readonly number[],
  nBins = RELIABILITY_BINS,
): Reliability {
  const { bins, expectedCalibrationError, brier, logLoss } = reliabilityTable(p, y, nBins);
  return { expectedCalibrationError, brier, logLoss, bins };
}

const binSchema = z.strictObject({
  from: z.number().min(0).max(1),
  to: z.number().min(0).max(1),
  count: z.number().int().min(0),
  meanPredicted: z.number().min(0).max(1).nullable(),
  observedSpam: z.number().min(0).max(1).nullable(),
});

/** A reliability block as training records and the card's file hold it. */
export const reliabilitySchema = z.strictObject({
  expectedCalibrationError: z.number().min(0),
  brier: z.number().min(0),
  logLoss: z.number().min(0),
  bins: z.array(binSchema).min(1),
});

/**
 * The record's own reliability block (`extra.reliability`), or null when it has none.
 *
 * @throws Error when the block is there but malformed.
 */
export function recordReliability(metadata: ModelMetadata): Reliability | null {
  const block = metadata.extra.reliability;
  if (block === undefined) return null;
  const parsed = reliabilitySchema.safeParse(block);
  if (!parsed.success) {
    throw new Error(
      `${metadata.version}: extra.reliability of the training record is malformed: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data;
}

/**
 * The largest difference between two blocks' figures (counts must be equal), or Infinity when
 * their bins do not line up.
 */
export function reliabilityDistance(a: Reliability, b: Reliability): number {
  if (a.bins.length !== b.bins.length) return Infinity;
  let worst = Math.max(
    Math.abs(a.expectedCalibrationError - b.expectedCalibrationError),
    Math.abs(a.brier - b.brier),
    Math.abs(a.logLoss - b.logLoss),
  );
  for (const [i, x] of a.bins.entries()) {
    const yb = b.bins[i]!;
    if (x.count !== yb.count) return Infinity;
    for (const key of ['meanPredicted', 'observedSpam'] as const) {
      const [u, v] = [x[key], yb[key]];
      if ((u === null) !== (v === null)) return Infinity;
      if (u !== null && v !== null) worst = Math.max(worst, Math.abs(u - v));
    }
  }
  return worst;
}
