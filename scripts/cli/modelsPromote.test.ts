/** `spamgraph models promote` and `models champion`: the choice lands in storage, with history. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStorage } from '../../platform/storage';
import { testConfig } from '../../platform/testing/backends';
import { cliEnvOf, runCliWithEnv } from '../testing/cli';

let config: ReturnType<typeof testConfig>;
let dir: string;
const run = (...argv: string[]) => runCliWithEnv(argv, cliEnvOf(config));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-promote-'));
  config = testConfig('sqlite', { DATA_DIR: dir, SQLITE_PATH: path.join(dir, 'db.sqlite') });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('spamgraph models promote / champion', () => {
  it('records champion and challenger, newest first, and shows them', async () => {
    expect((await run('models', 'champion')).out).toEqual([
      'models: no promotion yet: services use SPAM_MODEL_DEFAULT / SPAM_MODEL_CHALLENGER',
    ]);
    const first = await run('models', 'promote', 'v3');
    expect(first.code).toBe(0);
    expect(first.out[0]).toBe(
      'models: champion V3, challenger none (was the configured SPAM_MODEL_DEFAULT / SPAM_MODEL_CHALLENGER)',
    );
    const second = await run('models', 'promote', 'V4', '--challenger', 'v3');
    expect(second.out[0]).toBe('models: champion V4, challenger V3 (was V3, challenger none)');
    const shown = await run('models', 'champion', '--json');
    const { current, history } = JSON.parse(shown.out[0]!) as {
      current: { champion: string; challenger: string | null };
      history: { champion: string; challenger: string | null }[];
    };
    expect(current).toMatchObject({ champion: 'V4', challenger: 'V3' });
    expect(history.map((h) => [h.champion, h.challenger])).toEqual([
      ['V4', 'V3'],
      ['V3', null],
    ]);
    const storage = await openStorage(config);
    try {
      expect((await storage.promotions.history(1))[0]).toMatchObject({ champion: 'V4' });
    } finally {
      await storage.close();
    }
  });

  it('bad input: one clear line, a non-zero exit, nothing recorded', async () => {
    for (const [argv, message] of [
      [['v9'], /BAD_USER_INPUT: unknown model version "v9"/],
      [['v4', '--challenger', 'v4'], /BAD_USER_INPUT: V4 cannot be its own challenger/],
      [['v4', '--challenger', 'nope'], /BAD_USER_INPUT: unknown model version "nope"/],
      [[''], /BAD_USER_INPUT: unknown model version ""/],
    ] as const) {
      const r = await run('models', 'promote', ...argv);
      expect(r.code).toBe(1);
      expect(r.err).toEqual([expect.stringMatching(message)]);
    }
    expect((await run('models', 'champion')).out[0]).toMatch(/no promotion yet/);
  });
});
