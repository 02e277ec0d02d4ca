/**
 * Latency of a classifier on a batch of texts, as serving runs it: the model call alone
 * (`predictProba` on precomputed features) and text → features → probability. Each is timed
 * `repeats` times after `warmUp` untimed runs, the two alternately; the card reports the median
 * and the p99.
 */
import { execSync } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Classifier } from '../../models';
import { percentile } from '../stats/percentile';

/** Median and 99th percentile of a series of timings, in ms. */
export interface Timing {
  medianMs: number;
  p99Ms: number;
}

/** What the card shows of one version's latency. */
export interface LatencyFigures {
  /** Texts per batch. */
  batch: number;
  /** `predictProba` on the batch's precomputed features. */
  modelCall: Timing;
  /** `textToFeatures` of each text, then `predictProba` of the batch. */
  textToProbability: Timing;
}

/** How often to time each call. */
export interface LatencyPlan {
  warmUp: number;
  repeats: number;
}

/** The card's default: enough runs for a p99 that is not the single worst one. */
export const DEFAULT_LATENCY_PLAN: LatencyPlan = { warmUp: 20, repeats: 200 };

/** Median and p99 of timings. */
export function timingOf(samples: readonly number[]): Timing {
  if (samples.length === 0) throw new RangeError('no samples');
  return { medianMs: percentile(samples, 50), p99Ms: percentile(samples, 99) };
}

/**
 * Times two calls alternately, so that whatever else the machine runs meanwhile (a shared
 * 2-core box) weighs on both alike instead of on whichever loop ran during the disturbance.
 */
async function timeAlternately(
  runs: readonly [() => Promise<unknown>, () => Promise<unknown>],
  plan: LatencyPlan,
): Promise<[Timing, Timing]> {
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < plan.warmUp + plan.repeats; i++) {
    for (const k of [0, 1] as const) {
      const started = performance.now();
      await runs[k]();
      if (i >= plan.warmUp) samples[k].push(performance.now() - started);
    }
  }
  return [timingOf(samples[0]), timingOf(samples[1])];
}

/** Times `classifier` on `texts` (one batch). */
export async function measureLatency(
  classifier: Classifier,
  texts: readonly string[],
  plan: LatencyPlan = DEFAULT_LATENCY_PLAN,
): Promise<LatencyFigures> {
  const features = texts.map((t) => classifier.textToFeatures(t));
  const [modelCall, textToProbability] = await timeAlternately(
    [
      () => classifier.predictProba(features),
      () => classifier.predictProba(texts.map((t) => classifier.textToFeatures(t))),
    ],
    plan,
  );
  return { batch: texts.length, modelCall, textToProbability };
}

/** The machine and the code measured. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  node: string;
  /** Short hash, `+dirty` with uncommitted changes to tracked files; `unknown` outside git. */
  commit: string;
}

/** This machine and the checked-out commit. */
export function machineInfo(): MachineInfo {
  let commit = 'unknown';
  try {
    const git = (args: string) =>
      execSync(`git ${args}`, { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    commit = git('rev-parse --short HEAD');
    if (git('status --porcelain --untracked-files=no')) commit += '+dirty';
  } catch {
    // not a git checkout: the commit stays unknown
  }
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    node: process.version,
    commit,
  };
}
