/**
 * The 3-node Cassandra cluster suite (`npm run test:cluster`): failure tests that kill and
 * restart nodes, so they run one at a time against one cluster that the global setup starts
 * on 127.0.0.1–3 (or reuses when it already runs) and the teardown stops.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testPathIgnorePatterns: base.testPathIgnorePatterns.filter((p) => !p.includes('cluster')),
  testMatch: ['**/*.cluster.test.ts'],
  testTimeout: 600_000,
  maxWorkers: 1,
  globalSetup: '<rootDir>/scripts/testing/clusterSetup.ts',
  globalTeardown: '<rootDir>/scripts/testing/clusterTeardown.ts',
};
