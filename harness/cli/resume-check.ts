// What `smcert run --resume` must find unchanged since the run began: the device's profile (the SHA-256 of
// its file) and the suite (its commit and the digest of every file the runner could load). One record
// holds the verdicts of one device under one suite, or its bundle would sign a mixture.
import { relative } from 'node:path';
import type { RunRecord } from '../../reports/run-record.ts';
import { suiteIdentity } from '../../reports/run-record.ts';
import { profileDigest, suiteDigest } from '../../reports/run-record-io.ts';

/** Why the run of `record` cannot be resumed with `profileFile` and this checkout; empty when it can. */
export function resumeProblems(record: RunRecord, profileFile: string): string[] {
  const problems: string[] = [];
  const short = (digest: string) => `${digest.slice(0, 12)}…`;
  const shown = relative(process.cwd(), profileFile) || profileFile;
  if (!record.profile.sha256 || !record.suite.digest) {
    return [
      'the record was written by an smcert that did not record the profile and suite digests, so a resumed run could not be shown to test the same device with the same suite: start a new run',
    ];
  }
  const profileNow = profileDigest(profileFile);
  if (profileNow !== record.profile.sha256)
    problems.push(
      `${shown} has changed since the run began (sha256 ${short(profileNow)}, the record: ${short(record.profile.sha256)}): a resumed run tests the same device with the same profile; restore it or start a new run`,
    );
  const { commit } = suiteIdentity();
  const digestNow = suiteDigest();
  if (commit !== record.suite.commit || digestNow !== record.suite.digest) {
    const commits =
      commit === record.suite.commit
        ? `commit ${commit}, files changed`
        : `commit ${record.suite.commit} → ${commit}`;
    problems.push(
      `the suite has changed since the run began (${commits}; digest ${short(digestNow)}, the record: ${short(record.suite.digest)}): resume with the suite the run began with, or start a new run`,
    );
  }
  return problems;
}
