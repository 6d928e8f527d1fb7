import { defineConfig } from '@playwright/test';

// Playwright Test is the one runner: unit tests of the harness (`*.test.ts` beside the code they test)
// and, from the suites, the conformance cases. `.ci/run` reads the JSON report for its closing line.
export default defineConfig({
  forbidOnly: true,
  fullyParallel: true,
  retries: 0,
  timeout: 120_000,
  workers: process.env.CI ? 2 : undefined,
  reporter: [[process.env.CI ? 'dot' : 'list'], ['json', { outputFile: 'out/test-results.json' }]],
  projects: [
    { name: 'unit', testDir: './harness', testMatch: '**/*.test.ts' },
    // the cases of `smcert run`: the profile comes from SMCERT_PROFILE
    { name: 'conformance', testDir: './suites', testMatch: '**/*.spec.ts' },
  ],
});
