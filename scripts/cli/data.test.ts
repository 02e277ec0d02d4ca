import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../platform/config';
import { fixtures } from '../../models/testing/fixtures';
import { runCliWithEnv } from '../testing/cli';

const run = runCliWithEnv;

describe('spamgraph data import', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-data-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('imports a good file with a manifest', async () => {
    const r = await run(['data', 'import', '--from', fixtures.goodCsv], { DATA_DIR: dataDir });
    expect(r).toEqual({
      code: 0,
      out: [`data: imported 7 rows (3 spam, 4 ham) into ${dataDir}/imported/sms.csv`],
      err: [],
    });
    expect(fs.readFileSync(path.join(dataDir, 'imported/sms.csv'))).toEqual(
      fs.readFileSync(fixtures.goodCsv),
    );
    const manifest = JSON.parse(
      fs.readFileSync(path.join(dataDir, 'imported/manifest.json'), 'utf8'),
    );
    expect(manifest).toMatchObject({ rows: 7, spam: 3, ham: 4, source: fixtures.goodCsv });
    expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports bad rows with line numbers, exits 1 and keeps the previous import', async () => {
    await run(['data', 'import', '--from', fixtures.goodCsv], { DATA_DIR: dataDir });
    const before = fs.readFileSync(path.join(dataDir, 'imported/sms.csv'));
    const r = await run(['data', 'import', '--from', fixtures.badRowsCsv], { DATA_DIR: dataDir });
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      `${fixtures.badRowsCsv}:3: label must be "spam" or "ham", got "spammy"`,
      `${fixtures.badRowsCsv}:4: text is empty`,
      `${fixtures.badRowsCsv}:5: sms_id "fx101" repeats line 2`,
      `${fixtures.badRowsCsv}:6: sms_id is empty`,
      `${fixtures.badRowsCsv}:7: expected 3 columns (sms_id,text,label), found 4`,
      `spamgraph: BAD_USER_INPUT: ${fixtures.badRowsCsv}: 5 problem(s), nothing imported`,
    ]);
    expect(fs.readFileSync(path.join(dataDir, 'imported/sms.csv'))).toEqual(before);
  });

  it('writes nothing for a malformed file', async () => {
    const r = await run(['data', 'import', '--from', fixtures.malformedCsv], { DATA_DIR: dataDir });
    expect(r.code).toBe(1);
    expect(fs.existsSync(path.join(dataDir, 'imported'))).toBe(false);
  });

  it('says when the file does not exist', async () => {
    const r = await run(['data', 'import', '--from', '/no/such.csv'], { DATA_DIR: dataDir });
    expect(r).toEqual({
      code: 1,
      out: [],
      err: ['spamgraph: NOT_FOUND: no such file: /no/such.csv'],
    });
  });

  it('is a usage error (exit 2) without --from', async () => {
    const r = await run(['data', 'import'], { DATA_DIR: dataDir });
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/required option '--from <csv>' not specified/);
  });

  it('exits non-zero with one readable line from the real binary', async () => {
    const exec = promisify(execFile);
    const err = await exec(
      process.execPath,
      [path.join(REPO_ROOT, 'bin/spamgraph.js'), 'data', 'import', '--from', fixtures.badHeaderCsv],
      {
        env: { ...process.env, DATA_DIR: dataDir },
      },
    ).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 1 });
    expect((err as { stderr: string }).stderr.trim().split('\n')).toEqual([
      `${fixtures.badHeaderCsv}:1: header must be "sms_id,text,label", got "id,message,class"`,
      `spamgraph: BAD_USER_INPUT: ${fixtures.badHeaderCsv}: 1 problem(s), nothing imported`,
    ]);
  });
});
