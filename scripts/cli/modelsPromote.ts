/**
 * `spamgraph models promote <version> [--challenger <version>]` and `models champion`: record
 * which version answers when callers name none (the champion) and which scores the same
 * traffic in the shadow (the challenger), in storage, where every model-subgraph process picks
 * it up within seconds (models/serving/champion.ts); and show the choice and its history.
 */
import type { Command } from 'commander';
import os from 'node:os';
import { checkPromotion, parseModelVersion } from '../../models';
import { loadConfig } from '../../platform/config';
import { openStorage, type Promotion, type Storage } from '../../platform/storage';
import type { CliIo } from './io';

/** Promotions `models champion` lists. */
const HISTORY = 10;

async function withStorage<T>(fn: (storage: Storage) => Promise<T>): Promise<T> {
  const storage = await openStorage(loadConfig());
  try {
    return await fn(storage);
  } finally {
    await storage.close();
  }
}

const describe = (p: Promotion) =>
  `${p.champion} (challenger ${p.challenger ?? 'none'}), promoted ${p.promotedAt.toISOString()} by ${p.promotedBy}`;

async function promote(io: CliIo, version: string, flags: { challenger?: string }) {
  const champion = parseModelVersion(version);
  const challenger = flags.challenger === undefined ? null : parseModelVersion(flags.challenger);
  checkPromotion(champion, challenger);
  await withStorage(async (storage) => {
    const [before] = await storage.promotions.history(1);
    const promotion: Promotion = {
      champion,
      challenger,
      promotedAt: new Date(),
      promotedBy: os.userInfo().username || 'cli',
    };
    await storage.promotions.record(promotion);
    io.out(
      `models: champion ${champion}, challenger ${challenger ?? 'none'} (was ${before ? `${before.champion}, challenger ${before.challenger ?? 'none'}` : 'the configured SPAM_MODEL_DEFAULT / SPAM_MODEL_CHALLENGER'})`,
    );
    io.out('models: model services serve it within 2 s (versions they do not serve are ignored)');
  });
}

async function champion(io: CliIo, json: boolean) {
  await withStorage(async (storage) => {
    const history = await storage.promotions.history(HISTORY);
    if (json) {
      io.out(JSON.stringify({ current: history[0] ?? null, history }));
      return;
    }
    if (history.length === 0) {
      io.out('models: no promotion yet: services use SPAM_MODEL_DEFAULT / SPAM_MODEL_CHALLENGER');
      return;
    }
    io.out(`models: champion ${describe(history[0]!)}`);
    for (const p of history.slice(1)) io.out(`  before: ${describe(p)}`);
  });
}

/** Registers `promote` and `champion` under `models`. */
export function registerModelsPromote(cmd: Command, io: CliIo): void {
  cmd
    .command('promote <version>')
    .description(
      'make a version the champion (answers when no version is named), optionally with a challenger scoring its traffic in the shadow',
    )
    .option('--challenger <version>', 'the version to shadow it (default: none)')
    .action((version: string, flags: { challenger?: string }) => promote(io, version, flags));
  cmd
    .command('champion')
    .description('show the champion and challenger in force and the last promotions')
    .option('--json', 'print {current, history} as JSON')
    .action((flags: { json?: boolean }) => champion(io, flags.json ?? false));
}
