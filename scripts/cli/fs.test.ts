/**
 * The feature-store story through the CLI, on each backend, with the project's fixture:
 * import → fit tokenizer → create sources → apply → materialize → sample (labels present,
 * v2 not yet) → materialize-incremental → v2 present → newer push wins, older does not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describeEachBackend } from '../../platform/testing/backends';
import { fixtures } from '../../models/testing/fixtures';
import { poisonOnlineRow } from '../../feature-store/testing/poison';
import { cliEnvOf, runCliWithEnv } from '../testing/cli';

describeEachBackend('spamgraph fs (CLI flow)', (ctx) => {
  // A 2-minute skew (not the default 5) proves FEATURE_MAX_FUTURE_SKEW_SECONDS is read.
  const run = (...argv: string[]) =>
    runCliWithEnv(argv, { ...cliEnvOf(ctx.config), FEATURE_MAX_FUTURE_SKEW_SECONDS: '120' });
  const ok = async (...argv: string[]) => {
    const r = await run(...argv);
    if (r.code !== 0) throw new Error(`${argv.join(' ')} failed: ${r.err.join('\n')}`);
    return r.out;
  };
  const sample = async (...ids: string[]) =>
    JSON.parse((await ok('fs', 'sample', ...ids, '--service', 'labeled_sms_2', '--json'))[0]!) as {
      featureNames: string[];
      columns: { values: unknown[]; statuses: string[] }[];
    };

  const vec = (last: number) => [...Array(29).fill(0), last];
  const pushFile = (rows: unknown) => {
    const f = path.join(ctx.config.dataDir, `push-${Math.random()}.json`);
    fs.writeFileSync(f, JSON.stringify(rows));
    return f;
  };

  it('runs the story end to end', async () => {
    const tok = path.join(ctx.config.dataDir, 'tokenizer.json');
    expect(await ok('data', 'import', '--from', fixtures.goodCsv)).toHaveLength(1);
    expect((await ok('features', 'fit-tokenizer', '--out', tok))[0]).toMatch(
      /^features: tokenizer fitted on 7 texts/,
    );
    expect(await ok('fs', 'create-sources', '--tokenizer', tok)).toEqual([
      `fs: created sources for 7 messages in ${path.join(ctx.config.dataDir, 'offline')}`,
    ]);
    const dry = await ok('fs', 'apply', '--dry-run');
    expect(dry[0]).toBe('fs: plan for project spamgraph');
    expect(dry).toContain('  + feature_service labeled_sms_2');
    const apply = await ok('fs', 'apply');
    expect(apply).toContain('  + feature_view sms_features2');
    expect(apply).toContain(
      '  online tables created: sms_labels, sms_features1, sms_features2, sms_features3',
    );
    expect((await ok('fs', 'apply')).slice(1)).toEqual(['  = 8 unchanged']);

    const m = await ok('fs', 'materialize', '2009-01-01T00:00:00', '2019-12-31T00:00:00');
    expect(m.slice(0, 4).map((l) => l.replace(/ in .*/, ''))).toEqual([
      'fs: sms_labels: 7 rows from 2009-01-01T00:00:00.000Z to 2019-12-31T00:00:00.000Z',
      'fs: sms_features1: 7 rows from 2009-01-01T00:00:00.000Z to 2019-12-31T00:00:00.000Z',
      'fs: sms_features2: 0 rows from 2009-01-01T00:00:00.000Z to 2019-12-31T00:00:00.000Z',
      'fs: sms_features3: 0 rows from 2009-01-01T00:00:00.000Z to 2019-12-31T00:00:00.000Z',
    ]);
    expect(m[4]).toMatch(/^fs: materialized 14 rows in [\d.]+ s \([\d,]+ rows\/s\)$/);

    const before = await sample('fx002', 'unknown');
    expect(before.featureNames).toEqual(['sms_id', 'features', 'label']);
    expect(before.columns[1]!.statuses).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(before.columns[2]).toMatchObject({
      values: [1, null],
      statuses: ['PRESENT', 'NOT_FOUND'],
    });

    await ok('fs', 'materialize-incremental', '2021-09-02T00:00:00');
    const after = await sample('fx002');
    expect(after.columns[1]!.statuses).toEqual(['PRESENT']);
    const v2 = after.columns[1]!.values[0] as number[];
    expect(v2).toHaveLength(30);
    expect(v2.every((n) => Number.isInteger(n) && n >= 0 && n < 180)).toBe(true);

    await ok(
      'fs',
      'push',
      'smss2_push',
      '--file',
      pushFile([{ sms_id: 'fx002', event_timestamp: '2021-01-01T00:00:00Z', features: vec(7) }]),
    );
    expect((await sample('fx002')).columns[1]!.values[0]).toEqual(vec(7));
    await ok(
      'fs',
      'push',
      'smss2_push',
      '--file',
      pushFile([{ sms_id: 'fx002', event_timestamp: '2020-06-01T00:00:00Z', features: vec(9) }]),
    );
    expect((await sample('fx002')).columns[1]!.values[0]).toEqual(vec(7));

    const hist = await ok(
      'fs',
      'historical',
      '--service',
      'labeled_sms_1',
      '--entities',
      'fx001,fx002',
      '--at',
      '2019-05-05T00:00:00Z',
    );
    const rows = hist.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r.sms_id, r.label, r.free, r.prize])).toEqual([
      ['fx001', 0, 0, 0],
      ['fx002', 1, 1, 1],
    ]);
  });

  it('fails with one clear line and a non-zero exit', async () => {
    const bad = await run('fs', 'materialize', 'yesterday', '2020-01-01');
    expect(bad).toEqual({
      code: 1,
      out: [],
      err: [
        'spamgraph: BAD_USER_INPUT: start: cannot parse timestamp "yesterday" (ISO-8601 or epoch ms)',
      ],
    });
    const push = await run('fs', 'push', 'nope', '--file', '/no/such/file.json');
    expect(push).toEqual({
      code: 1,
      out: [],
      err: ['spamgraph: NOT_FOUND: no such file: /no/such/file.json'],
    });
  });

  it('repairs future-stamped online rows with `fs delete`; a genuine push then lands', async () => {
    await ok('fs', 'apply');
    const iso = (ms: number) => new Date(ms).toISOString();
    const row = (id: string, ms: number, last: number) => ({
      sms_id: id,
      event_timestamp: iso(ms),
      features: vec(last),
    });
    const push = (...rows: unknown[]) =>
      ok('fs', 'push', 'smss2_push', '--to', 'online', '--file', pushFile(rows));
    const values = async (...ids: string[]) => {
      const r = (await sample(...ids)).columns[1]!;
      return ids.map((_, j) => (r.statuses[j] === 'PRESENT' ? r.values[j] : r.statuses[j]));
    };
    const now = Date.now();
    // Within the allowed skew: accepted — and newest-event-wins keeps it against later pushes.
    expect(await push(row('p1', now + 90_000, 1))).toEqual([
      'fs: pushed 1 rows through smss2_push to online (sms_features2): 1 written online, 0 older than the online row',
    ]);
    // As an attacker could write it before event times were bounded.
    await poisonOnlineRow(
      ctx.storage,
      'sms_features2',
      'p2',
      { features: vec(2) },
      new Date('9999-12-31T00:00:00Z'),
    );
    // An hour ahead: refused with one line, nothing written.
    const far = await run(
      'fs',
      'push',
      'smss2_push',
      '--file',
      pushFile([row('p3', now + 3_600_000, 3)]),
    );
    expect(far).toEqual({ code: 1, out: [], err: [expect.any(String)] });
    expect(far.err[0]).toMatch(
      /^spamgraph: BAD_USER_INPUT: rows\[0\]\.event_timestamp: \S+Z is 3[56]\d\d s in the future \(now \S+Z\); event times may be at most 120 s ahead$/,
    );
    expect(await values('p1', 'p2', 'p3')).toEqual([vec(1), vec(2), 'NOT_FOUND']);

    // Genuine pushes are kept out, and the answer says so.
    expect(await push(row('p1', now - 3_600_000, 10), row('p2', now - 3_600_000, 20))).toEqual([
      'fs: pushed 2 rows through smss2_push to online (sms_features2): 0 written online, 2 older than the online row (kept out: p1, p2)',
    ]);
    expect(await values('p1', 'p2')).toEqual([vec(1), vec(2)]);

    expect(await ok('fs', 'delete', 'sms_features2', 'p1', 'p2', 'p3')).toEqual([
      'fs: sms_features2: deleted the online rows of 2 entities: p1, p2',
      'fs: sms_features2: no online row for p3 (nothing to delete)',
    ]);
    expect(await values('p1', 'p2')).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    // The same genuine rows now land, and are read back.
    expect(await push(row('p1', now - 3_600_000, 10), row('p2', now - 3_600_000, 20))).toEqual([
      'fs: pushed 2 rows through smss2_push to online (sms_features2): 2 written online, 0 older than the online row',
    ]);
    expect(await values('p1', 'p2')).toEqual([vec(10), vec(20)]);
    // Newest event still wins after a repair; a second repair works as the first.
    await push(row('p1', now - 7_200_000, 11));
    expect(await values('p1')).toEqual([vec(10)]);
    await ok('fs', 'delete', 'sms_features2', 'p1');
    await push(row('p1', now - 7_200_000, 11));
    expect(await values('p1', 'p2')).toEqual([vec(11), vec(20)]);
  });

  it('fs delete: one line and a non-zero exit on bad input, nothing deleted', async () => {
    await ok('fs', 'apply');
    const t = new Date(Date.now() - 60_000).toISOString();
    await ok(
      'fs',
      'push',
      'smss2_push',
      '--to',
      'online',
      '--file',
      pushFile([{ sms_id: 'keep', event_timestamp: t, features: vec(5) }]),
    );
    expect(await run('fs', 'delete', 'nope', 'keep')).toEqual({
      code: 1,
      out: [],
      err: [
        'spamgraph: NOT_FOUND: unknown feature view "nope"; known: sms_labels, sms_features1, sms_features2, sms_features3',
      ],
    });
    expect(await run('fs', 'delete', 'sms_features2', 'keep', 'ke\u200bep')).toEqual({
      code: 1,
      out: [],
      err: [
        'spamgraph: BAD_USER_INPUT: entity key "ke\u200bep" must not contain invisible, formatting or separator characters (U+200B)',
      ],
    });
    expect((await run('fs', 'delete', 'sms_features2')).code).toBe(2); // no ids: usage
    expect((await sample('keep')).columns[1]!.values).toEqual([vec(5)]);
  });
});
