/**
 * Composes the supergraph from the subgraphs' SDL with @apollo/composition (the same library
 * Rover uses), so the gateway runs a static, reviewed schema instead of introspecting at start.
 */
import fs from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse, printSchema } from 'graphql';
import { SUBGRAPHS, sdlPath } from '../../gateway/subgraphs';

/** The composed supergraph and the public API schema it exposes. */
export interface Composition {
  supergraphSdl: string;
  /** The client-facing schema (no join/link directives): what breaking checks compare. */
  apiSchemaSdl: string;
}

/** Default URL written into the supergraph; the gateway overrides it from config. */
const defaultUrl = (port: number) => `http://127.0.0.1:${port}/graphql`;
const DEFAULT_PORTS: Record<string, number> = {
  'user-data': 4001,
  model: 4002,
  inbox: 4003,
  'feature-store': 4004,
};

/**
 * Composes every subgraph in {@link SUBGRAPHS}.
 *
 * @throws Error listing every composition error.
 */
export function composeSupergraph(): Composition {
  const services = SUBGRAPHS.map((s) => ({
    name: s.name,
    url: defaultUrl(DEFAULT_PORTS[s.name] ?? 4000),
    typeDefs: parse(fs.readFileSync(sdlPath(s), 'utf8')),
  }));
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(
      `composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`,
    );
  }
  return {
    supergraphSdl: result.supergraphSdl.trimEnd() + '\n',
    apiSchemaSdl: printSchema(result.schema.toAPISchema().toGraphQLJSSchema()) + '\n',
  };
}
