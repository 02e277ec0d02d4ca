/** Reads a subgraph's SDL file (kept beside its code, and copied next to the build output). */
import fs from 'node:fs';
import path from 'node:path';
import { parse, type DocumentNode } from 'graphql';
import { REPO_ROOT } from '../config';

/** Parses `subgraphs/<name>/typeDefs.graphql` from the repository. */
export function loadTypeDefs(subgraph: string): DocumentNode {
  return parse(
    fs.readFileSync(path.join(REPO_ROOT, 'subgraphs', subgraph, 'typeDefs.graphql'), 'utf8'),
  );
}
