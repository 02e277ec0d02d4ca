/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  roots: ['<rootDir>'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/dist/',
    '<rootDir>/.cache/',
    '<rootDir>/web/src/',
    // The 3-node cluster suite runs on its own: `npm run test:cluster`.
    '\\.cluster\\.test\\.ts$',
  ],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.cache/'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 30000,
  globalSetup: '<rootDir>/platform/testing/globalSetup.ts',
  reporters: ['default', '<rootDir>/platform/testing/summaryReporter.js'],
};
