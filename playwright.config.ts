import { defineConfig, type Project } from '@playwright/test';
import { validityVariants } from './harness/conformance/suite-validity.ts';

// Playwright Test is the one runner: unit tests of the harness (`*.test.ts` beside the code they test)
// and, from the suites, the conformance cases. `.ci/run` reads the JSON report for its closing line.
// `smcert run` sets SMCERT_OUT: its reporters write the run record, transcripts and the HTML report there.
const runOut = process.env.SMCERT_OUT;

// The suite validity run (harness/conformance/suite-validity.test.ts sets SMCERT_VALIDITY): a project
// per fault switch, running its declaring cases (the whole suite with SMCERT_VALIDITY_FULL=1) against the
// device with the fault on — they must FAIL naming the fault's rule — and one per clean profile.
const validityProjects: Project[] = process.env.SMCERT_VALIDITY
  ? validityVariants().map((v) => ({
      name: v.name,
      testDir: './suites',
      testMatch: '**/*.spec.ts',
      use: { profileFile: v.profileFile, extraFaults: v.fault ? [v.fault] : [] },
      ...(v.grepInvert ? { grepInvert: v.grepInvert } : {}),
      ...(v.grep ? { grep: v.grep } : {}),
      ...(v.workers ? { workers: v.workers } : {}),
    }))
  : [];

const VALIDITY_TEST = /harness\/conformance\/suite-validity\.test\.ts$/;

export default defineConfig({
  forbidOnly: true,
  fullyParallel: true,
  retries: 0,
  timeout: 120_000,
  // CI: 2 workers for the runs of the suites (`smcert run`, the validity test's own run); 3 for `npm test`,
  // whose validity test holds one worker for its whole run (its own run has 2) while many of the other
  // tests wait on wall-clock timers (real targets, signals), not on the CPU
  workers: process.env.CI ? (process.env.SMCERT_OUT || process.env.SMCERT_VALIDITY ? 2 : 3) : undefined,
  reporter: runOut
    ? [
        [
          './reports/run-reporter.ts',
          {
            outDir: runOut,
            profileFile: process.env.SMCERT_PROFILE,
            mode: process.env.SMCERT_MODE ?? 'run',
            grep: process.env.SMCERT_GREP,
            resume: process.env.SMCERT_RESUME === '1',
            notSelected: process.env.SMCERT_NOT_SELECTED,
            shard: process.env.SMCERT_SHARD,
          },
        ],
        ['html', { outputFolder: `${runOut}/html-report`, open: 'never' }],
      ]
    : [[process.env.CI ? 'dot' : 'list'], ['json', { outputFile: 'out/test-results.json' }]],
  ...(runOut ? { outputDir: `${runOut}/test-output` } : {}),
  projects: [
    // the suite validity test first: the longest (its own run of every fault), it starts while the others
    // fill the remaining workers, instead of at its place in the alphabet
    { name: 'validity', testDir: '.', testMatch: VALIDITY_TEST },
    {
      name: 'unit',
      testDir: '.',
      testMatch: /(harness|reports)\/.*\.test\.ts$/,
      testIgnore: VALIDITY_TEST,
    },
    // the cases of `smcert run`: the run's resolved profile (harness/profile/run-profile.ts), or SMCERT_PROFILE
    { name: 'conformance', testDir: './suites', testMatch: '**/*.spec.ts' },
    ...validityProjects,
  ],
});
