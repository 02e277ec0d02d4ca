/**
 * `npm run schema:compose` — writes schema/supergraph.graphql and schema/api.graphql.
 * `npm run schema:check`   — fails on composition errors, on drift between the committed
 *                            supergraph and a fresh composition, and on breaking changes of the
 *                            API schema against schema/baseline.graphql.
 * `npm run schema:baseline` — accepts the current API schema as the new baseline (a deliberate,
 *                            reviewed act: it is how a breaking change is released).
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { REPO_ROOT } from '../platform/config';
import { composeSupergraph } from './schema/composeSupergraph';

const file = (name: string) => path.join(REPO_ROOT, 'schema', name);
const read = (name: string) =>
  fs.existsSync(file(name)) ? fs.readFileSync(file(name), 'utf8') : null;
const write = (name: string, text: string) => {
  fs.mkdirSync(path.dirname(file(name)), { recursive: true });
  fs.writeFileSync(file(name), text);
};

async function breakingChanges(baselineSdl: string, currentSdl: string): Promise<string[]> {
  // graphql-inspector is ESM-only; a dynamic import keeps this script CommonJS.
  const { diff, CriticalityLevel } = await import('@graphql-inspector/core');
  const changes = await diff(buildSchema(baselineSdl), buildSchema(currentSdl));
  return changes
    .filter((c) => c.criticality.level === CriticalityLevel.Breaking)
    .map((c) => c.message);
}

async function main(command: string | undefined): Promise<number> {
  const composed = composeSupergraph();
  switch (command) {
    case 'compose':
      write('supergraph.graphql', composed.supergraphSdl);
      write('api.graphql', composed.apiSchemaSdl);
      if (read('baseline.graphql') === null) write('baseline.graphql', composed.apiSchemaSdl);
      console.log('schema: wrote schema/supergraph.graphql and schema/api.graphql');
      return 0;
    case 'baseline':
      write('baseline.graphql', composed.apiSchemaSdl);
      console.log('schema: schema/baseline.graphql now holds the current API schema');
      return 0;
    case 'check': {
      const problems: string[] = [];
      if (read('supergraph.graphql') !== composed.supergraphSdl) {
        problems.push(
          'schema/supergraph.graphql differs from a fresh composition: run `npm run schema:compose` and commit it',
        );
      }
      if (read('api.graphql') !== composed.apiSchemaSdl) {
        problems.push(
          'schema/api.graphql differs from a fresh composition: run `npm run schema:compose` and commit it',
        );
      }
      const baseline = read('baseline.graphql');
      if (baseline === null) {
        problems.push(
          'schema/baseline.graphql is missing: run `npm run schema:baseline` and commit it',
        );
      } else {
        for (const b of await breakingChanges(baseline, composed.apiSchemaSdl)) {
          problems.push(`breaking change against schema/baseline.graphql: ${b}`);
        }
      }
      if (problems.length > 0) {
        console.error(problems.map((p) => `schema check: ${p}`).join('\n'));
        return 1;
      }
      console.log('schema check: composition ok, no drift, no breaking change');
      return 0;
    }
    default:
      console.error('usage: tsx scripts/schema.ts compose|check|baseline');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`schema: ${(e as Error).message}`);
    process.exit(1);
  },
);
