// Two projects: fast unit tests, and e2e tests that run against a real local control plane
// (see test/e2e/README.md). `npm test` runs both.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest'] };
// Tests assert outcomes, never durations: a test that starts an app or a CLI may take long on a
// loaded 2-core machine, so no test fails for Jest's 5 s default (e2e files set their own).
const testTimeout = 300_000;
module.exports = {
  testTimeout,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      testTimeout,
      transform,
      // @kubernetes/client-node and some of its dependencies are ESM-only: transform them too.
      transformIgnorePatterns: [],
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns: [],
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      // Builds or reuses the dev-cluster binaries (fails plainly without Go); stops leftover clusters.
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
    },
  ],
};
