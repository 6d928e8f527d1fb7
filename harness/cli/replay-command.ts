// `smcert replay <run dir> <case id>`: runs one case of a recorded run again, against the device of the
// run's own profile and through the same path as `smcert run` (harness/cli/conformance-run.ts), into a run
// directory of its own, and prints the recorded and the replayed verdict. A property-based case that
// failed replays its shrunk counterexample — the seed and path the record keeps with it — and only that
// (harness/conformance/property-case.ts reads them from SMCERT_REPLAY).
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CaseRecord, suiteIdentity } from '../../reports/run-record.ts';
import { profileDigest, RunRecordError, readRunRecord, suiteDigest } from '../../reports/run-record-io.ts';
import { REPLAY_ENV, type ReplayTarget } from '../conformance/property-case.ts';
import { executeRun } from './conformance-run.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { loadRunProfile, outProblem } from './run-command.ts';

export const REPLAY_USAGE = `smcert replay <run dir> <case id> [--out <dir>] [--key <pem>]

Runs one case of a recorded run again against the device of the run's profile, as smcert run would,
and prints the recorded and the replayed verdict with their reasons. A property-based case that failed
runs only its shrunk counterexample again, from the seed and path its record keeps.
  --out       run directory of the replay (default <run dir>-replay-<case id>): the same rules as
              smcert run --out; it holds the replay's record, transcripts and signed bundle
  --key       Ed25519 private key (PEM) that signs the replay's bundle; without it an ephemeral key

The profile file the record names must be unchanged (its SHA-256 as the run began); a changed suite
is only noted.

Exit codes: 0 the replayed verdict is the recorded one, 1 it differs (or the replay gave none),
2 usage error, no such run or case, or a changed profile, 130 / 143 interrupted by SIGINT / SIGTERM.`;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function runReplay(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    'replay',
    REPLAY_USAGE,
    args,
    { out: { type: 'string' }, key: { type: 'string' } },
    [],
    true,
  );
  if (typeof parsed === 'number') return parsed;
  const positionals = parsed._ as string[];
  if (positionals.length !== 2) return usage('give the run directory and the case id');
  const [dirArg, id] = positionals as [string, string];
  const runDir = resolve(dirArg);
  let record: ReturnType<typeof readRunRecord>;
  try {
    record = readRunRecord(join(runDir, 'run-record.json'));
  } catch (error) {
    if (!(error instanceof RunRecordError) && existsSync(runDir)) throw error;
    return refuse(`${dirArg} has no run record: ${(error as Error).message}`);
  }
  const recorded = record.cases.find((c) => c.id === id);
  if (!recorded) return refuse(`${dirArg}: the record has no verdict for ${id}`);
  const profileFile = isAbsolute(record.profile.file) ? record.profile.file : join(ROOT, record.profile.file);
  if (!existsSync(profileFile)) return refuse(`the run's profile ${record.profile.file} is not there`);
  const profile = loadRunProfile(profileFile);
  if (typeof profile === 'number') return profile;
  const digest = profileDigest(profileFile);
  if (record.profile.sha256 && digest !== record.profile.sha256)
    return refuse(
      `${record.profile.file} has changed since the run (sha256 ${digest.slice(0, 12)}…, the record: ${record.profile.sha256.slice(0, 12)}…): a replay tests the same device with the same profile; restore it`,
    );
  const { commit } = suiteIdentity();
  if (commit !== record.suite.commit || record.suite.digest !== suiteDigest())
    console.log(
      `note: the suite has changed since the run (${commit === record.suite.commit ? `files changed at commit ${commit}` : `commit ${record.suite.commit} → ${commit}`}): the replay runs today's case`,
    );
  const outDir = resolve(parsed.out === undefined ? `${runDir}-replay-${id}` : String(parsed.out));
  const badOut = outProblem('replay', outDir);
  if (badOut) return badOut;
  if (recorded.replay) {
    const { seed, path, replayPath } = recorded.replay;
    const target: ReplayTarget = { id, seed, path, ...(replayPath !== undefined ? { replayPath } : {}) };
    process.env[REPLAY_ENV] = JSON.stringify(target); // the Playwright child inherits it
    console.log(`replaying the counterexample of seed ${target.seed}, path "${target.path}"`);
  } else {
    delete process.env[REPLAY_ENV];
  }
  const code = await executeRun({
    command: 'run',
    profileFile,
    profile,
    outDir,
    grep: `@${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=\\s|$)`, // the case's tag, exactly
    ...(parsed.key ? { keyFile: String(parsed.key) } : {}),
  });
  if (code === 2 || code >= 128) return code;
  let replayed: CaseRecord | undefined;
  try {
    replayed = readRunRecord(join(outDir, 'run-record.json')).cases.find((c) => c.id === id);
  } catch {
    replayed = undefined; // the run said why
  }
  console.log(`\nrecorded: ${line(recorded)}`);
  console.log(`replayed: ${replayed ? line(replayed) : 'no verdict'}`);
  if (recorded.replay && replayed?.replay)
    console.log(
      `counterexample: recorded ${recorded.replay.counterexample ?? `path "${recorded.replay.path}"`}, replayed ${replayed.replay.counterexample ?? `path "${replayed.replay.path}"`}`,
    );
  console.log(`replay run: ${relative(process.cwd(), outDir) || '.'}`);
  return replayed?.verdict === recorded.verdict ? 0 : 1;
}

const line = (c: CaseRecord) => `${c.verdict}${c.reason ? ` — ${c.reason.split('\n')[0]}` : ''}`;

function refuse(problem: string): number {
  console.error(`smcert replay: ${problem}`);
  return 2;
}

function usage(problem: string): number {
  console.error(`smcert replay: ${problem}\n\n${REPLAY_USAGE}`);
  return 2;
}
