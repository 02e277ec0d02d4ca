/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  roots: [
    '<rootDir>/platform',
    '<rootDir>/gateway',
    '<rootDir>/subgraphs',
    '<rootDir>/feature-store',
    '<rootDir>/models',
    '<rootDir>/scripts',
  ],
  testMatch: ['**/*.test.ts'],
  testTimeout: 30000,
  globalSetup: '<rootDir>/platform/testing/globalSetup.ts',
  reporters: ['default', '<rootDir>/platform/testing/summaryReporter.js'],
};
