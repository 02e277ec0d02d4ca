/**
 * Champion and challenger: which version answers when a caller names none, and which scores
 * the same traffic in the shadow. The deployment's configuration gives the starting choice
 * (`SPAM_MODEL_DEFAULT`, `SPAM_MODEL_CHALLENGER`); `npx spamgraph models promote` records a new
 * one in storage, which every model-subgraph process picks up within {@link CHOICE_TTL_MS}
 * without a restart.
 */
import type { Config } from '../../platform/config';
import { BadUserInputError, ConfigError } from '../../platform/errors';
import type { Promotion, PromotionStore } from '../../platform/storage';
import { MODEL_VERSIONS, isModelVersion, type ModelVersion } from '../versions';

/** How long a process trusts the choice it read before reading storage again. */
export const CHOICE_TTL_MS = 2_000;

/** Who answers and who shadows. */
export interface ServingChoice {
  champion: ModelVersion;
  /** null: no shadow scoring. */
  challenger: ModelVersion | null;
  /** Where the choice comes from. */
  source: 'configuration' | 'promotion';
  /** When it was promoted (a promotion only). */
  promotedAt?: Date;
}

/**
 * The configured choice among the `enabled` versions: `SPAM_MODEL_DEFAULT` (default: the newest
 * enabled version) and `SPAM_MODEL_CHALLENGER` (default: none).
 *
 * @throws ConfigError when either names an unknown or disabled version, or they are the same.
 */
export function configuredChoice(
  config: Pick<Config, 'defaultModelVersion' | 'challengerModelVersion'>,
  enabled: readonly ModelVersion[],
): ServingChoice {
  const check = (name: string, value: string | undefined): ModelVersion | null => {
    if (value === undefined) return null;
    if (!isModelVersion(value) || !enabled.includes(value)) {
      throw new ConfigError(
        `invalid configuration — ${name}: "${value}" is not an enabled version (enabled: ${enabled.join(', ')})`,
      );
    }
    return value;
  };
  const newest = enabled[enabled.length - 1];
  if (!newest) throw new ConfigError('invalid configuration — no model version is enabled');
  const champion = check('SPAM_MODEL_DEFAULT', config.defaultModelVersion) ?? newest;
  const challenger = check('SPAM_MODEL_CHALLENGER', config.challengerModelVersion);
  if (challenger === champion) {
    throw new ConfigError(
      `invalid configuration — SPAM_MODEL_CHALLENGER: ${challenger} is already the champion (SPAM_MODEL_DEFAULT)`,
    );
  }
  return { champion, challenger, source: 'configuration' };
}

/**
 * Checks a promotion before it is recorded.
 *
 * @throws BadUserInputError for an unknown version, or a challenger equal to the champion.
 */
export function checkPromotion(champion: string, challenger: string | null): void {
  const known = MODEL_VERSIONS.join(', ');
  for (const v of [champion, challenger]) {
    if (v !== null && !isModelVersion(v)) {
      throw new BadUserInputError(`unknown model version "${v}": expected one of ${known}`);
    }
  }
  if (challenger === champion) {
    throw new BadUserInputError(`${champion} cannot be its own challenger`);
  }
}

/**
 * The current choice: the newest promotion when there is one and its champion is served here
 * (a challenger not served here is dropped), else the configured choice. Reads storage at most
 * once per {@link CHOICE_TTL_MS}; when storage fails, the last choice read stands.
 */
export class ChampionSource {
  private cached: { choice: ServingChoice; at: number } | undefined;
  private reading: Promise<ServingChoice> | undefined;

  constructor(
    private readonly configured: ServingChoice,
    private readonly enabled: readonly ModelVersion[],
    private readonly store: Pick<PromotionStore, 'history'> | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** The choice in force. */
  async current(): Promise<ServingChoice> {
    const c = this.cached;
    if (c && this.now() - c.at < CHOICE_TTL_MS) return c.choice;
    this.reading ??= this.read().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async read(): Promise<ServingChoice> {
    if (!this.store) return this.remember(this.configured);
    try {
      const [latest] = await this.store.history(1);
      return this.remember(latest ? this.fromPromotion(latest) : this.configured);
    } catch (e) {
      if (this.cached) return this.cached.choice;
      throw e;
    }
  }

  private fromPromotion(p: Promotion): ServingChoice {
    const served = (v: string | null): v is ModelVersion =>
      v !== null && isModelVersion(v) && this.enabled.includes(v);
    if (!served(p.champion)) return this.configured;
    const challenger = served(p.challenger) && p.challenger !== p.champion ? p.challenger : null;
    return { champion: p.champion, challenger, source: 'promotion', promotedAt: p.promotedAt };
  }

  private remember(choice: ServingChoice): ServingChoice {
    this.cached = { choice, at: this.now() };
    return choice;
  }
}
