/**
 * The models story through the CLI, on the project's fixture and real storage: import →
 * fit tokenizer → create sources → apply → `models train v1` → `models evaluate v1 --json`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describeEachBackend } from '../../platform/testing/backends';
import { fixtures } from '../../models/testing/fixtures';
import { cliEnvOf, runCliWithEnv } from '../testing/cli';

describeEachBackend('spamgraph models (CLI flow)', (ctx) => {
  const run = (...argv: string[]) => runCliWithEnv(argv, cliEnvOf(ctx.config));
  const ok = async (...argv: string[]) => {
    const r = await run(...argv);
    if (r.code !== 0) throw new Error(`${argv.join(' ')} failed: ${r.err.join('\n')}`);
    return r;
  };
  const artifact = () => path.join(ctx.config.dataDir, 'v1');

  beforeAll(async () => {
    const tok = path.join(ctx.config.dataDir, 'tokenizer.json');
    await ok('data', 'import', '--from', fixtures.goodCsv);
    await ok('features', 'fit-tokenizer', '--out', tok);
    await ok('fs', 'create-sources', '--tokenizer', tok);
    await ok('fs', 'apply');
  }, 60_000);

  it('trains V1 from the feature store and evaluates the artifact', async () => {
    const train = await ok('models', 'train', 'v1', '--out', artifact());
    // 7 rows (3 spam, 4 ham). Seed 42 holds out fx001 (ham) and fx004, the spam with no cue
    // word and few capitals: trained on the two cue-word spams only, the forest misses it.
    expect(train.err.slice(0, 3)).toEqual([
      'models: V1: reading labeled_sms_1 as of 2019-05-05T00:00:00.000Z for 7 sms ids…',
      'models: V1: 7 labeled rows (3 spam, 4 ham), 0 dropped',
      'models: V1: stratified split (seed 42): 5 train, 2 test',
    ]);
    expect(train.err.filter((l) => l.startsWith('models: V1: tree '))).toHaveLength(10);
    expect(train.out[0]).toMatch(
      /^models: trained V1 on 5 rows, tested on 2 \(seed 42\) in \d+\.\d s$/,
    );
    expect(train.out.slice(1)).toEqual([
      'models: V1 test accuracy 0.5000, precision 0.0000, recall 0.0000, F1 0.0000',
      'models: V1 test confusion tp 0, fp 0, tn 1, fn 1',
      'models: V1 labels: 7 from the dataset, 0 from users',
      expect.stringMatching(/^models: saved .*v1 \(sha256 [0-9a-f]{12}\)$/) as string,
    ]);
    expect(fs.readdirSync(artifact()).sort()).toEqual(['metadata.json', 'model.json']);

    const json = await ok(
      'models',
      'evaluate',
      'v1',
      '--data',
      fixtures.goodCsv,
      '--model',
      artifact(),
      '--json',
    );
    expect(json.out).toHaveLength(1);
    // The whole fixture, from its texts: fx002 and fx007 caught, fx004 missed, no false alarm.
    expect(JSON.parse(json.out[0]!)).toEqual({
      version: 'V1',
      n: 7,
      accuracy: 6 / 7,
      precision: 1,
      recall: 2 / 3,
      f1: 0.8,
      confusion: { tp: 2, fp: 0, tn: 4, fn: 1 },
    });

    const human = await ok(
      'models',
      'evaluate',
      'V1',
      '--data',
      fixtures.goodCsv,
      '--model',
      artifact(),
    );
    expect(human.out.slice(1)).toEqual([
      'models: accuracy 0.8571, precision 1.0000, recall 0.6667, F1 0.8000',
      'models: confusion tp 2, fp 0, tn 4, fn 1',
    ]);
  });

  it('trains V2 (a few epochs, best epoch by validation) on the features of the fitted tokenizer and evaluates it', async () => {
    const tok = path.join(ctx.config.dataDir, 'tokenizer.json');
    const v2 = path.join(ctx.config.dataDir, 'v2');
    const train = await ok(
      'models',
      'train',
      'v2',
      '--epochs',
      '2',
      '--batch-size',
      '4',
      '--learning-rate',
      '0.02',
      '--validation',
      '0.5',
      '--patience',
      '1',
      '--tokenizer',
      tok,
      '--out',
      v2,
    );
    // The 5 training rows (2 spam, 3 ham): half of each label, rounded, validates.
    expect(train.err.slice(0, 5)).toEqual([
      'models: V2: reading labeled_sms_2 as of 2020-07-02T00:00:00.000Z for 7 sms ids…',
      'models: V2: 7 labeled rows (3 spam, 4 ham), 0 dropped',
      'models: V2: stratified split (seed 42): 5 train, 2 test',
      'models: V2: validation (stratified, seed 42, fraction 0.5 of train): 2 fit, 3 validation (1 spam, 2 ham)',
      'models: V2: tfjs 4.22.0, backend wasm; 2 epochs, batch size 4, learning rate 0.02; keeping the best epoch by validation accuracy, patience 1',
    ]);
    expect(
      train.err.filter((l) =>
        /^models: V2: epoch \d\/2: loss \d+\.\d{4}, val loss \d+\.\d{4}, val accuracy /.test(l),
      ),
    ).toHaveLength(2);
    expect(train.out[0]).toMatch(
      /^models: trained V2 on 5 rows for ([12]) epoch\(s\), the best on 3 validation rows held out of a first run \(epoch \1 of 2, val accuracy \d\.\d{4}\), tested on 2 \(seed 42\) in /,
    );
    expect(fs.readdirSync(v2).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);

    const json = await ok(
      'models',
      'evaluate',
      'v2',
      '--data',
      fixtures.goodCsv,
      '--model',
      v2,
      '--tokenizer',
      tok,
      '--json',
    );
    const report = JSON.parse(json.out[0]!) as { version: string; n: number };
    expect(report).toMatchObject({ version: 'V2', n: 7 });
    // With the committed tokenizer instead, the loader refuses: the features would differ.
    const wrong = await run('models', 'evaluate', 'v2', '--data', fixtures.goodCsv, '--model', v2);
    expect(wrong.code).toBe(1);
    expect(wrong.err[0]).toMatch(
      /^spamgraph: BAD_USER_INPUT: .*trained with tokenizer [0-9a-f]{12}/,
    );
  });

  it('trains on the ids of --ids with --seed, reproducibly', async () => {
    const ids = path.join(ctx.config.dataDir, 'ids.txt');
    fs.writeFileSync(ids, 'fx001\nfx002\nfx003\n\nfx004\nfx007\n');
    const a = await ok(
      'models',
      'train',
      'v1',
      '--ids',
      ids,
      '--seed',
      '7',
      '--out',
      `${artifact()}-a`,
    );
    expect(a.err[1]).toBe('models: V1: 5 labeled rows (3 spam, 2 ham), 0 dropped');
    expect(a.err[2]).toBe('models: V1: stratified split (seed 7): 3 train, 2 test');
    const b = await ok(
      'models',
      'train',
      'v1',
      '--ids',
      ids,
      '--seed',
      '7',
      '--out',
      `${artifact()}-b`,
    );
    const digest = (r: { out: string[] }) => r.out[3]!.replace(/.*sha256 /, '');
    expect(digest(b)).toBe(digest(a));
    expect(fs.readFileSync(`${artifact()}-b/model.json`, 'utf8')).toBe(
      fs.readFileSync(`${artifact()}-a/model.json`, 'utf8'),
    );
  });

  it('fails with one clear line and a non-zero exit', async () => {
    const fail = (code: number, line: string) => ({ code, out: [], err: [line] });
    expect(await run('models', 'train', 'v1', '--epochs', '3', '--out', artifact())).toEqual(
      fail(1, 'spamgraph: BAD_USER_INPUT: --epochs and --batch-size apply to v2 and v3, not v1'),
    );
    expect(await run('models', 'train', 'v2', '--epochs', '0', '--out', artifact())).toEqual(
      fail(1, 'spamgraph: BAD_USER_INPUT: --epochs must be a positive integer, got "0"'),
    );
    for (const flags of [['--validation', '0.2'], ['--no-refit']]) {
      expect(await run('models', 'train', 'v1', ...flags, '--out', artifact())).toEqual(
        fail(
          1,
          'spamgraph: BAD_USER_INPUT: --learning-rate, --validation, --patience and --no-refit apply to v2 and v3, not v1',
        ),
      );
    }
    expect(await run('models', 'train', 'v3', '--validation', '1', '--out', artifact())).toEqual(
      fail(1, 'spamgraph: BAD_USER_INPUT: --validation must be a fraction in [0, 1), got "1"'),
    );
    expect(
      await run(
        'models',
        'train',
        'v3',
        '--validation',
        '0',
        '--patience',
        '3',
        '--out',
        artifact(),
      ),
    ).toEqual(
      fail(
        1,
        'spamgraph: BAD_USER_INPUT: --patience needs validation rows: not with --validation 0',
      ),
    );
    expect(
      await run('models', 'train', 'v2', '--learning-rate', '-1', '--out', artifact()),
    ).toEqual(
      fail(1, 'spamgraph: BAD_USER_INPUT: --learning-rate must be a positive number, got "-1"'),
    );
    // The default validation share of a tiny training split is no row: said, not skipped.
    const tiny = await run('models', 'train', 'v2', '--epochs', '1', '--out', artifact());
    expect(tiny.code).toBe(1);
    expect(tiny.err.slice(-1)).toEqual([
      expect.stringMatching(
        /^spamgraph: BAD_USER_INPUT: validation fraction 0\.15 of the 5 training rows gives 0 spam and 0 ham to validate on/,
      ) as string,
    ]);
    const noV3 = path.join(ctx.config.dataDir, 'no-v3');
    expect(
      await run('models', 'evaluate', 'v3', '--data', fixtures.goodCsv, '--model', noV3),
    ).toEqual(
      fail(
        1,
        `spamgraph: NOT_FOUND: ${path.join(noV3, 'metadata.json')} not found: train it with \`npx spamgraph models train v3\``,
      ),
    );
    expect(await run('models', 'train', 'v9')).toEqual(
      fail(
        1,
        'spamgraph: BAD_USER_INPUT: unknown model version "v9": expected one of v1, v2, v3, v4',
      ),
    );
    expect(await run('models', 'train', 'v1', '--seed', 'abc', '--out', artifact())).toEqual(
      fail(1, 'spamgraph: BAD_USER_INPUT: --seed must be an integer in [0, 4294967295], got "abc"'),
    );
    expect(await run('models', 'train', 'v1', '--ids', '/no/ids.txt')).toEqual(
      fail(1, 'spamgraph: NOT_FOUND: no such file: /no/ids.txt'),
    );
    const missing = path.join(ctx.config.dataDir, 'nothing-here');
    expect(
      await run('models', 'evaluate', 'v1', '--data', fixtures.goodCsv, '--model', missing),
    ).toEqual(
      fail(
        1,
        `spamgraph: NOT_FOUND: ${path.join(missing, 'metadata.json')} not found: train it with \`npx spamgraph models train v1\``,
      ),
    );
    const bad = await run(
      'models',
      'evaluate',
      'v1',
      '--data',
      fixtures.badHeaderCsv,
      '--model',
      artifact(),
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toEqual([
      `spamgraph: BAD_USER_INPUT: ${fixtures.badHeaderCsv}: line 1: header must be "sms_id,text,label", got "id,message,class"`,
    ]);
    const usage = await run('models', 'evaluate', 'v1');
    expect(usage.code).toBe(2);
    expect(usage.err).toEqual(["error: required option '--data <csv>' not specified"]);
  });
});
