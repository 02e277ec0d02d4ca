/** `spamgraph models predict` (one text through a committed artifact) and `clear-cache`. */
import { extractV1 } from '../../models';
import { openStorage } from '../../platform/storage';
import { testConfig } from '../../platform/testing/backends';
import { cliEnvOf, runCliWithEnv } from '../testing/cli';

const run = (...argv: string[]) => runCliWithEnv(argv, cliEnvOf(testConfig('sqlite')));
const SPAM =
  'WINNER!! You have won a £900 prize reward! To claim call 09061701461. Claim code KL341.';

describe('spamgraph models predict', () => {
  it('prints one readable verdict line', async () => {
    const r = await run('models', 'predict', 'v3', ...SPAM.split(' '));
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      expect.stringMatching(/^models: V3 says SPAM \(spam probability (0\.[5-9]\d{3}|1\.0000)\)$/),
    ]);
  });

  it('--json gives the features it scored', async () => {
    const r = await run('models', 'predict', 'V1', '--json', 'see you at 5, ok?');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out[0]!) as Record<string, unknown>;
    expect(got).toMatchObject({
      version: 'V1',
      label: 'ham',
      features: extractV1('see you at 5, ok?'),
    });
    expect(got.spamProbability).toBeLessThan(0.5);
  });

  it('bad input: a non-zero exit and one clear line', async () => {
    for (const [argv, message] of [
      [['v9', 'hello'], /unknown model version "v9"/],
      [['v2', '   '], /text must not be empty/],
      [['v2', 'x'.repeat(2001)], /at most 2000/],
    ] as const) {
      const r = await run('models', 'predict', ...argv);
      expect(r.code).not.toBe(0);
      expect(r.err).toEqual([expect.stringMatching(message)]);
    }
  });
});

describe('spamgraph models clear-cache', () => {
  it('empties the prediction cache of the configured storage', async () => {
    const config = testConfig('sqlite');
    const scope = { version: 'V1', artifactDigest: 'd'.repeat(64) };
    const storage = await openStorage(config);
    await storage.predictions.putMany(scope, [
      { inputDigest: 'a'.repeat(64), spamProbability: 0.4 },
    ]);
    await storage.close();
    const r = await runCliWithEnv(['models', 'clear-cache'], cliEnvOf(config));
    expect(r).toMatchObject({ code: 0, out: ['models: prediction cache cleared'] });
    const again = await openStorage(config);
    expect(await again.predictions.getMany(scope, ['a'.repeat(64)])).toEqual([null]);
    await again.close();
  });
});
