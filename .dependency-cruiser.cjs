/**
 * The import graph's rules (`npm run deps:check`, part of `npm test`). The floors, bottom to
 * top — nothing imports upward:
 *
 *   platform/  →  feature-store/, gateway/  →  models/  →  subgraphs/  →  scripts/  →  web/, bin/
 *
 * A library (feature-store/, models/) is entered through its index.ts only; its testing/
 * helpers are for tests. No cycles anywhere.
 */
const TEST = '(\\.test\\.ts$|(^|/)testing/|^platform/testing/)';
const floor = (name, from, above) => ({
  name,
  comment: `${from} may not import ${above}: imports only go down the floors`,
  severity: 'error',
  from: { path: `^${from}/` },
  to: { path: `^(${above})/` },
});
const face = (lib) => ({
  name: `${lib}-face`,
  comment: `from outside ${lib}/, import ${lib}/index.ts (or, in tests, ${lib}/testing)`,
  severity: 'error',
  from: { pathNot: `^${lib}/` },
  to: { path: `^${lib}/`, pathNot: `^${lib}/(index\\.ts$|testing(\\.ts$|/))` },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a cycle ties modules into one: cut it with a module both can import',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    floor(
      'platform-is-plumbing',
      'platform',
      'feature-store|gateway|models|subgraphs|scripts|web|bin',
    ),
    floor('feature-store-is-generic', 'feature-store', 'gateway|models|subgraphs|scripts|web|bin'),
    floor('gateway-knows-no-subgraph', 'gateway', 'feature-store|models|subgraphs|scripts|web|bin'),
    floor('models-below-subgraphs', 'models', 'subgraphs|scripts|web|bin'),
    floor('subgraphs-below-scripts', 'subgraphs', 'scripts|web|bin'),
    floor('scripts-below-web', 'scripts', 'web|bin'),
    {
      name: 'subgraphs-are-independent',
      comment: 'subgraphs meet only through the supergraph or a library, never import each other',
      severity: 'error',
      from: { path: '^subgraphs/([^/]+)/', pathNot: '^subgraphs/testing/' },
      to: { path: '^subgraphs/', pathNot: ['^subgraphs/$1/', '^subgraphs/testing/'] },
    },
    {
      name: 'web-app-is-standalone',
      comment: 'the browser bundle talks to the API over HTTP only',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { pathNot: ['^web/src/', 'node_modules'] },
    },
    face('feature-store'),
    face('models'),
    {
      name: 'test-helpers-only-in-tests',
      comment: 'testing/ helpers and fixtures are imported by tests only',
      severity: 'error',
      from: { pathNot: TEST },
      to: { path: TEST },
    },
    {
      name: 'serving-loads-no-training',
      comment: 'model serving (and the version registry it uses) must not load training code',
      severity: 'error',
      from: { path: '^models/(serving/|registry\\.ts$)', pathNot: '\\.test\\.ts$' },
      to: { path: '^models/training/', reachable: true },
    },
  ],
  options: {
    includeOnly: '^(platform|feature-store|gateway|models|subgraphs|scripts|web|bin)/',
    exclude: { path: '(^|/)generated/' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};
