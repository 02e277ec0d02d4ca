/**
 * The model generations and the verdict labels: the vocabulary every part of `models/` (and the
 * GraphQL enums `ModelVersion`, `SpamLabel`) shares. It imports nothing of the library, so any
 * module can use it without forming a cycle.
 */
import type { Config } from '../platform/config';
import { BadUserInputError, ConfigError } from '../platform/errors';

/** The model generations (GraphQL enum `ModelVersion`), in version order. */
export const MODEL_VERSIONS = ['V1', 'V2', 'V3', 'V4'] as const;

/** One model generation. */
export type ModelVersion = (typeof MODEL_VERSIONS)[number];

/** A verdict (GraphQL `SpamLabel` is its upper-case form). */
export type SpamLabel = 'spam' | 'ham';

/** A message is spam when its spam probability is strictly above this. */
export const SPAM_THRESHOLD = 0.5;

/** The verdict for a spam probability (ties at exactly 0.5 are ham, as scikit-learn's argmax). */
export const labelOf = (spamProbability: number): SpamLabel =>
  spamProbability > SPAM_THRESHOLD ? 'spam' : 'ham';

/** True when `name` is a model version (exact, upper-case). */
export const isModelVersion = (name: string): name is ModelVersion =>
  (MODEL_VERSIONS as readonly string[]).includes(name);

/**
 * A version from user input: `v1`, `V1` → `V1`.
 *
 * @throws BadUserInputError when it names no version.
 */
export function parseModelVersion(input: string): ModelVersion {
  const v = input.trim().toUpperCase();
  if (!isModelVersion(v)) {
    throw new BadUserInputError(
      `unknown model version "${input}": expected one of ${MODEL_VERSIONS.map((m) => m.toLowerCase()).join(', ')}`,
    );
  }
  return v;
}

/**
 * The versions a deployment serves (`SPAM_MODEL_VERSIONS`), in version order, each once; every
 * version when the setting is absent.
 *
 * @throws ConfigError naming the unknown versions.
 */
export function enabledModelVersions(config: Pick<Config, 'enabledModelVersions'>): ModelVersion[] {
  const list = config.enabledModelVersions;
  if (list === undefined) return [...MODEL_VERSIONS];
  const bad = list.filter((v) => !isModelVersion(v));
  if (bad.length > 0) {
    throw new ConfigError(
      `invalid configuration — SPAM_MODEL_VERSIONS: unknown version(s) ${bad.join(', ')}: expected a list of ${MODEL_VERSIONS.join(', ')}`,
    );
  }
  return MODEL_VERSIONS.filter((v) => list.includes(v));
}
