/**
 * The import rules can fail: the ESLint rule `spamgraph/library-face` and the dependency-cruiser
 * rules (.dependency-cruiser.cjs) are run, as `npm test` runs them, on code that breaks them.
 * Both run in a child process: ESLint loads its flat config and dependency-cruiser itself as
 * ES modules, which jest's module registry cannot.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../platform/config';

/** The `spamgraph/library-face` messages for each [file, code], linted as if at that path. */
function faceErrors(...cases: [filePath: string, code: string][]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const eslint = new ESLint({ cwd: process.cwd() });
    Promise.all(JSON.parse(process.argv[1]).map(([file, code]) =>
      eslint.lintText(code, { filePath: file }).then((r) => r[0].messages)))
      .then((all) => process.stdout.write(JSON.stringify(all)));`;
  const input = JSON.stringify(cases.map(([f, code]) => [path.join(REPO_ROOT, f), code]));
  const out = execFileSync(process.execPath, ['-e', script, input], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { ruleId: string | null; message: string }[][]).map((messages) =>
    messages.filter((m) => m.ruleId === 'spamgraph/library-face').map((m) => m.message),
  );
}

describe('ESLint spamgraph/library-face', () => {
  it('refuses a deep import into a library from outside it', () => {
    expect(
      faceErrors(
        [
          'subgraphs/model/probe.ts',
          "import { ModelServing } from '../../models/serving/modelServing';\nexport const m = ModelServing;\n",
        ],
        [
          'models/probe.ts',
          "import { OfflineStore } from '../feature-store/offline/offlineStore';\nexport const o = OfflineStore;\n",
        ],
        ['scripts/probe.ts', "export { FeatureStore } from '../feature-store/featureStore';\n"],
      ),
    ).toEqual([
      ['import models/ through its index.ts (its public face), not models/serving/modelServing'],
      [
        'import feature-store/ through its index.ts (its public face), not feature-store/offline/offlineStore',
      ],
      [
        'import feature-store/ through its index.ts (its public face), not feature-store/featureStore',
      ],
    ]);
  });

  it('accepts the index, testing helpers, a library inside itself, and same-named subgraphs', () => {
    expect(
      faceErrors(
        [
          'subgraphs/model/probe.ts',
          "import { ModelServing } from '../../models';\nexport const m = ModelServing;\n",
        ],
        [
          'scripts/cli/probe.test.ts',
          "import { fixtures } from '../../models/testing/fixtures';\nexport const f = fixtures;\n",
        ],
        [
          'models/probe.ts',
          "import { ModelServing } from './serving/modelServing';\nexport const m = ModelServing;\n",
        ],
        // subgraphs/feature-store is a subgraph, not the feature-store library.
        [
          'subgraphs/testing/probe.ts',
          "import { createFeatureStoreService } from '../feature-store/server';\nexport const s = createFeatureStoreService;\n",
        ],
      ),
    ).toEqual([[], [], [], []]);
  });
});

/** The rule names dependency-cruiser reports for a small tree of `files` (path → source). */
function cruise(files: Record<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depcruise-'));
  try {
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{"compilerOptions":{"module":"node16"}}');
    for (const [file, code] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), code);
    }
    const bin = path.join(REPO_ROOT, 'node_modules', '.bin', 'depcruise');
    const config = path.join(REPO_ROOT, '.dependency-cruiser.cjs');
    const tops = [...new Set(Object.keys(files).map((f) => f.split('/')[0]!))];
    const run = spawnSync(bin, ['--config', config, '--output-type', 'json', ...tops], {
      cwd: dir,
      encoding: 'utf8',
    });
    const result = JSON.parse(run.stdout) as {
      summary: { violations: { rule: { name: string } }[] };
    };
    return [...new Set(result.summary.violations.map((v) => v.rule.name))].sort();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('dependency-cruiser rules', () => {
  it('passes a tree that keeps the floors and the faces', () => {
    expect(
      cruise({
        'platform/errors.ts': 'export const E = 1;\n',
        'feature-store/index.ts': "import { E } from '../platform/errors';\nexport const F = E;\n",
        'models/index.ts': "export { S } from './serving/s';\n",
        'models/serving/s.ts': "import { F } from '../../feature-store';\nexport const S = F;\n",
        'subgraphs/model/server.ts': "import { S } from '../../models';\nexport const M = S;\n",
        'scripts/start.ts': "import { M } from '../subgraphs/model/server';\nexport const T = M;\n",
      }),
    ).toEqual([]);
  });

  it('reports an upward import, a cycle, a deep import, serving → training and test helpers in code', () => {
    expect(
      cruise({
        'platform/config.ts': "import { S } from '../models/index';\nexport const C = S;\n",
        'platform/a.ts': "import { B } from './b';\nexport const A = B;\n",
        'platform/b.ts': "import { A } from './a';\nexport const B = A;\n",
        'models/index.ts': "export { S } from './serving/s';\n",
        'models/serving/s.ts': "import { T } from '../training/t';\nexport const S = T;\n",
        'models/training/t.ts': 'export const T = 1;\n',
        'subgraphs/model/server.ts':
          "import { S } from '../../models/serving/s';\nexport const M = S;\n",
        'subgraphs/inbox/server.ts':
          "import { M } from '../model/server';\nimport { X } from '../testing/stack';\nexport const I = [M, X];\n",
        'subgraphs/testing/stack.ts': 'export const X = 1;\n',
      }),
    ).toEqual([
      'models-face',
      'no-circular',
      'platform-is-plumbing',
      'serving-loads-no-training',
      'subgraphs-are-independent',
      'test-helpers-only-in-tests',
    ]);
  });
});
