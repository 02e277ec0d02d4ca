/**
 * The face loads no training code and no TensorFlow.js: every service imports it, and only the
 * CLI's `models train` / `models evaluate` needs training. Checked in a fresh Node process
 * (jest's module registry is not Node's), with the TypeScript sources run through tsx.
 */
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../platform/config';

interface Loaded {
  training: number;
  tfjs: number;
}

/** Modules under models/training and from @tensorflow loaded after `steps` run in a new process. */
function loadedAfter(steps: string): Loaded {
  const script = `
    require('tsx/cjs/api').register();
    ${steps}
    const files = Object.keys(require.cache);
    process.stdout.write(JSON.stringify({
      training: files.filter((f) => f.includes('/models/training/')).length,
      tfjs: files.filter((f) => f.includes('/@tensorflow/')).length,
    }));`;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  return JSON.parse(out) as Loaded;
}

describe('models/index.ts (the face)', () => {
  it('loads neither training code nor TensorFlow.js, nor does the model subgraph', () => {
    expect(loadedAfter("require('./models');")).toEqual({ training: 0, tfjs: 0 });
    expect(loadedAfter("require('./subgraphs/model/server');")).toEqual({
      training: 0,
      tfjs: 0,
    });
  });

  it('brings training (and TensorFlow.js) on demand, and an LSTM load brings TensorFlow.js only', () => {
    const trained = loadedAfter("require('./models').loadTraining();");
    expect(trained.training).toBeGreaterThan(5);
    expect(trained.tfjs).toBeGreaterThan(0);
    const lstm = loadedAfter(
      "require('./models').modelEntry('V2').load().then(() => {}, () => {});",
    );
    expect(lstm.training).toBe(0);
    expect(lstm.tfjs).toBeGreaterThan(0);
  });
});
