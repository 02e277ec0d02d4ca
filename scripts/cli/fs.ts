/**
 * `spamgraph fs …` — Feast's CLI verbs on our feature store: apply, create-sources,
 * materialize, materialize-incremental, push, sample, explore, historical; and `delete`,
 * an admin's repair of bad online rows.
 */
import fs from 'node:fs';
import {
  withSpamFeatureStore,
  importedPaths,
  createSources,
  DEFAULT_TOKENIZER_PATH,
  loadTokenizer,
} from '../../models';
import type { Command } from 'commander';
import { loadConfig } from '../../platform/config';
import { BadUserInputError, NotFoundError } from '../../platform/errors';
import { createProgress } from '../../platform/progress';
import {
  FeatureStore,
  type MaterializeResult,
  OfflineStore,
  parseEventTime,
  type PushTarget,
} from '../../feature-store';
import type { CliIo } from './io';
import { readIdFile } from './features';
import { registerDelete } from './fsDelete';

/** Runs `fn` on the configured feature store. */
const withStore = <T>(fn: (store: FeatureStore) => Promise<T>): Promise<T> =>
  withSpamFeatureStore(loadConfig(), fn);

const list = (s?: string) =>
  s
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const fmtRate = (n: number) => Math.round(n).toLocaleString('en-US');

function materializeReport(io: CliIo, r: MaterializeResult): void {
  if (r.views.length === 0) {
    io.out('fs: nothing to materialize (every view is up to date)');
    return;
  }
  for (const v of r.views) {
    io.out(
      `fs: ${v.view}: ${v.rows} rows from ${v.start.toISOString()} to ${v.end.toISOString()} in ${v.seconds.toFixed(2)} s`,
    );
  }
  io.out(
    `fs: materialized ${r.rows} rows in ${r.seconds.toFixed(2)} s (${fmtRate(r.rowsPerSecond)} rows/s)`,
  );
}

const progressFor = (io: CliIo) => {
  const p = createProgress('fs', process.stderr.isTTY ? undefined : (l) => io.err(l));
  return {
    onProgress: (view: string, done: number, total: number) => {
      p.count(done, total, `materializing ${view}:`, 'rows');
      if (done === total) p.done();
    },
  };
};

/** `fs create-sources`: the offline Parquet sources from the imported dataset. */
function registerCreateSources(cmd: Command, io: CliIo): void {
  cmd
    .command('create-sources')
    .description('write the offline sources (Parquet) from the imported dataset')
    .option('--data <csv>', 'labeled CSV (default: the imported dataset)')
    .option('--tokenizer <file>', 'v2 tokenizer', DEFAULT_TOKENIZER_PATH)
    .action(async (opts: { data?: string; tokenizer: string }) => {
      const config = loadConfig();
      if (!fs.existsSync(opts.tokenizer)) {
        throw new NotFoundError(
          `no tokenizer at ${opts.tokenizer}: run \`npx spamgraph features fit-tokenizer\` first`,
        );
      }
      const tokenizer = await loadTokenizer(opts.tokenizer);
      const progress = createProgress('fs', process.stderr.isTTY ? undefined : (l) => io.err(l));
      const r = await createSources({
        csvPath: opts.data ?? importedPaths(config.dataDir).csv,
        tokenizer,
        offline: new OfflineStore(FeatureStore.offlineRootOf(config.dataDir)),
        progress,
      });
      io.out(
        `fs: created sources for ${r.rows} messages in ${FeatureStore.offlineRootOf(config.dataDir)}`,
      );
    });
}

/** `fs apply [--dry-run]`: register the definitions; prints the plan. */
function registerApply(cmd: Command, io: CliIo): void {
  cmd
    .command('apply')
    .description('register the definitions and prepare the online store; prints the plan')
    .option('--dry-run', 'only print the plan')
    .action((opts: { dryRun?: boolean }) =>
      withStore(async (store) => {
        const plan = opts.dryRun ? await store.plan() : await store.apply();
        io.out(`fs: ${opts.dryRun ? 'plan for' : 'applied'} project ${store.definitions.project}`);
        for (const i of plan.added) io.out(`  + ${i.kind} ${i.name}`);
        for (const i of plan.changed) io.out(`  ~ ${i.kind} ${i.name}`);
        for (const i of plan.removed) io.out(`  - ${i.kind} ${i.name}`);
        if (plan.unchanged.length) io.out(`  = ${plan.unchanged.length} unchanged`);
        if (plan.onlineTablesCreated.length)
          io.out(`  online tables created: ${plan.onlineTablesCreated.join(', ')}`);
        if (plan.onlineTablesDropped.length)
          io.out(`  online tables dropped: ${plan.onlineTablesDropped.join(', ')}`);
      }),
    );
}

/** `fs materialize <start> <end>` and `fs materialize-incremental <end>`. */
function registerMaterialize(cmd: Command, io: CliIo): void {
  cmd
    .command('materialize <start> <end>')
    .description('copy the latest offline values in [start, end] to the online store')
    .option('--views <names>', 'comma-separated feature views (default: all online views)')
    .action((start: string, end: string, opts: { views?: string }) =>
      withStore(async (store) => {
        const { onProgress } = progressFor(io);
        materializeReport(
          io,
          await store.materialize(
            parseEventTime(start, 'start'),
            parseEventTime(end, 'end'),
            list(opts.views),
            onProgress,
          ),
        );
      }),
    );

  cmd
    .command('materialize-incremental <end>')
    .description('materialize each view from where it last ended up to <end>')
    .option('--views <names>', 'comma-separated feature views (default: all online views)')
    .action((end: string, opts: { views?: string }) =>
      withStore(async (store) => {
        const { onProgress } = progressFor(io);
        materializeReport(
          io,
          await store.materializeIncremental(
            parseEventTime(end, 'end'),
            list(opts.views),
            onProgress,
          ),
        );
      }),
    );
}

/** The rows of `fs push`: a JSON file, or stdin for `-`. */
function readPushRows(file: string): unknown {
  if (file !== '-' && !fs.existsSync(file)) throw new NotFoundError(`no such file: ${file}`);
  const text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BadUserInputError(`rows are not valid JSON: ${(e as Error).message}`);
  }
}

/** `fs push <pushSource>`: rows through a push source. */
function registerPush(cmd: Command, io: CliIo): void {
  cmd
    .command('push <pushSource>')
    .description('push rows (a JSON list of objects, from --file or stdin) through a push source')
    .option('--file <json>', 'rows file; - for stdin', '-')
    .option('--to <target>', 'online | offline | online_and_offline', 'online_and_offline')
    .action((pushSource: string, opts: { file: string; to: string }) =>
      withStore(async (store) => {
        const rows = readPushRows(opts.file);
        const r = await store.push(pushSource, rows, opts.to as PushTarget);
        const online =
          r.to === 'offline'
            ? ''
            : `: ${r.written} written online, ${r.older} older than the online row` +
              (r.older > 0 ? ` (kept out: ${r.olderKeys.join(', ')})` : '');
        io.out(
          `fs: pushed ${r.rows} rows through ${r.pushSource} to ${r.to} (${r.views.join(', ')})${online}`,
        );
      }),
    );
}

/** `fs sample <smsIds...>`: online features of some messages. */
function registerSample(cmd: Command, io: CliIo): void {
  cmd
    .command('sample <smsIds...>')
    .description('read online features of some messages')
    .option('--service <name>', 'feature service', 'labeled_sms_1')
    .option('--json', 'print the Feast-shaped JSON')
    .action((ids: string[], opts: { service: string; json?: boolean }) =>
      withStore(async (store) => {
        const r = await store.getOnlineFeatures({ featureService: opts.service, entities: ids });
        if (opts.json) {
          io.out(JSON.stringify(r));
          return;
        }
        ids.forEach((id, j) => {
          io.out(`${id}:`);
          r.featureNames.slice(1).forEach((name, i) => {
            const col = r.columns[i + 1]!;
            io.out(`  ${name} = ${JSON.stringify(col.values[j])} (${col.statuses[j]})`);
          });
        });
      }),
    );
}

/** Prints what the registry holds: entities, feature views, feature services. */
async function explore(store: FeatureStore, io: CliIo): Promise<void> {
  const repo = await store.registered();
  io.out(`project ${repo.project}`);
  for (const e of repo.entities) io.out(`entity ${e.name} (join key ${e.joinKey})`);
  for (const v of repo.featureViews) {
    const ttl = v.ttlSeconds === 0 ? 'forever' : `${v.ttlSeconds / 86_400} days`;
    io.out(
      `feature view ${v.name}: ${v.schema.map((f) => `${f.name}:${f.dtype}${f.length ? `[${f.length}]` : ''}`).join(', ')} · ttl ${ttl} · ${v.online ? 'online' : 'offline only'} · source ${v.source.name}`,
    );
    const [last] = await store.registry.intervals(repo.project, v.name);
    if (last) io.out(`  materialized up to ${last.end.toISOString()}`);
  }
  for (const s of repo.featureServices) {
    io.out(
      `feature service ${s.name}: ${s.features.map((p) => `${p.view}[${p.features.length}]`).join(' + ')} — ${s.description ?? ''}`,
    );
  }
}

/** `fs explore`. */
function registerExplore(cmd: Command, io: CliIo): void {
  cmd
    .command('explore')
    .description('list what the registry holds: entities, feature views, feature services')
    .action(() => withStore((store) => explore(store, io)));
}

/** Options of `fs historical`. */
interface HistoricalOpts {
  service?: string;
  features?: string;
  entities?: string;
  ids?: string;
  at?: string;
  out?: string;
}

/** Point-in-time rows for `fs historical`, as JSON lines. */
async function historicalLines(store: FeatureStore, opts: HistoricalOpts): Promise<string[]> {
  const ids = opts.ids ? [...readIdFile(opts.ids)] : (list(opts.entities) ?? []);
  if (ids.length === 0) throw new BadUserInputError('give --entities or --ids');
  const at = opts.at ? parseEventTime(opts.at, '--at') : new Date();
  const r = await store.getHistoricalFeatures({
    featureService: opts.service ?? null,
    features: list(opts.features) ?? null,
    entityRows: ids.map((k) => ({ entityKey: k, eventTimestamp: at })),
  });
  return r.rows.map((row) =>
    JSON.stringify({
      sms_id: row.entityKey,
      event_timestamp: row.eventTimestamp.toISOString(),
      ...row.values,
    }),
  );
}

/** `fs historical`: point-in-time correct training rows. */
function registerHistorical(cmd: Command, io: CliIo): void {
  cmd
    .command('historical')
    .description('point-in-time correct training rows (JSON lines)')
    .option('--service <name>', 'feature service')
    .option('--features <refs>', 'comma-separated view:feature refs')
    .option('--entities <ids>', 'comma-separated sms ids')
    .option('--ids <file>', 'sms ids, one per line')
    .option('--at <timestamp>', 'as of this time (default: now)')
    .option('--out <file>', 'write JSON lines here instead of stdout')
    .action((opts: HistoricalOpts) =>
      withStore(async (store) => {
        const lines = await historicalLines(store, opts);
        if (opts.out) {
          fs.writeFileSync(opts.out, lines.join('\n') + '\n');
          io.out(`fs: wrote ${lines.length} rows to ${opts.out}`);
        } else {
          for (const l of lines) io.out(l);
        }
      }),
    );
}

/** Registers `spamgraph fs …`, one subcommand at a time (in help order). */
export function registerFs(program: Command, io: CliIo): void {
  const cmd = program.command('fs').description('the feature store (Feast-like)');
  registerCreateSources(cmd, io);
  registerApply(cmd, io);
  registerMaterialize(cmd, io);
  registerPush(cmd, io);
  registerDelete(cmd, io);
  registerSample(cmd, io);
  registerExplore(cmd, io);
  registerHistorical(cmd, io);
}
