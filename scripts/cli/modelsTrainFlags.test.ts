/**
 * `spamgraph models train` refuses bad flags before reading any data, by training's own option
 * rules worded as flags (the value shown as typed).
 */
import { testConfig } from '../../platform/testing/backends';
import { cliEnvOf, runCliWithEnv } from '../testing/cli';

const run = (...argv: string[]) => runCliWithEnv(argv, cliEnvOf(testConfig('sqlite')));
const refused = (line: string) => ({
  code: 1,
  out: [],
  err: [`spamgraph: BAD_USER_INPUT: ${line}`],
});

describe('spamgraph models train (flag checks)', () => {
  it('words value refusals with the flag and the text typed', async () => {
    expect(await run('models', 'train', 'v2', '--patience', '0')).toEqual(
      refused('--patience must be a positive integer, got "0"'),
    );
    expect(await run('models', 'train', 'v3', '--batch-size', '1.5')).toEqual(
      refused('--batch-size must be a positive integer, got "1.5"'),
    );
    expect(await run('models', 'train', 'v2', '--learning-rate', '1e999')).toEqual(
      refused('--learning-rate must be a positive number, got "1e999"'),
    );
    expect(await run('models', 'train', 'v1', '--seed', '4294967296')).toEqual(
      refused('--seed must be an integer in [0, 4294967295], got "4294967296"'),
    );
  });

  it('checks a value before refusing the flag for v1', async () => {
    expect(await run('models', 'train', 'v1', '--epochs', '0')).toEqual(
      refused('--epochs must be a positive integer, got "0"'),
    );
    expect(await run('models', 'train', 'v1', '--patience', '2')).toEqual(
      refused(
        '--learning-rate, --validation, --patience and --no-refit apply to v2 and v3, not v1',
      ),
    );
    expect(await run('models', 'train', 'v1', '--tokenizer', 'tok.json')).toEqual(
      refused('--tokenizer applies to v2 and v3, not v1'),
    );
  });
});
