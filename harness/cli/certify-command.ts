// `smcert certify --profile <file> --key <pem>`: certification mode. Every applicable case runs — no
// --grep, no retries — with the suite pinned (no uncommitted change to the code or data the verdicts
// come from) and a profile complete enough to certify against; the bundle is signed with the lab's key.
// Cases that suites/errata.json marks as known-wrong still run; the report shows them apart.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suiteFiles } from '../../reports/run-record-io.ts';
import { missingForCertification } from '../profile/certification.ts';
import { executeRun } from './conformance-run.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { loadRunProfile } from './run-command.ts';

export const CERTIFY_USAGE = `smcert certify --profile <file> --key <pem> [--out <dir>] [--workers <n>] [--allow-long]

Certification mode: every applicable case, no selection, no retries, the suite version and data pinned,
the evidence bundle signed with the lab's Ed25519 key.
  --profile   device profile; refused when a field a certificate needs is missing (each is named)
  --key       the lab's Ed25519 private key (PEM); required: without it the bundle is not attributable
  --out       run directory (default out/certify); new, empty or a previous run's (see smcert run --help)
  --workers   parallel workers
  --allow-long  a real target: run even when the cases take more than 60 min on the wall clock

Exit codes: 0 certified (every applicable case passed), 1 not, 2 usage, profile or pinning error,
130 / 143 interrupted by SIGINT / SIGTERM (smcert run --resume <dir> finishes it).`;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** What the verdicts come from: a certification run refuses uncommitted changes to these. */
const PINNED = [
  'harness',
  'suites',
  'profiles/profile.schema.json',
  'reports',
  'playwright.config.ts',
  'package-lock.json',
];

export async function runCertify(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    'certify',
    CERTIFY_USAGE,
    args,
    {
      profile: { type: 'string' },
      key: { type: 'string' },
      out: { type: 'string' },
      workers: { type: 'string' },
      'allow-long': { type: 'boolean' },
    },
    ['profile'],
  );
  if (typeof parsed === 'number') return parsed;
  const values = parsed as {
    profile: string;
    key?: string;
    out?: string;
    workers?: string;
    'allow-long'?: boolean;
  };
  const profileFile = resolve(values.profile);
  const profile = loadRunProfile(profileFile);
  if (typeof profile === 'number') return profile;
  const missing = missingForCertification(profile);
  if (missing.length > 0) {
    console.error(
      `smcert certify: ${values.profile} is not complete enough to certify against:\n${missing.map((m) => `  ${m}`).join('\n')}`,
    );
    return 2;
  }
  if (!values.key) {
    console.error(
      "smcert certify: --key is required: the lab's Ed25519 private key (PEM) that signs the certificate's bundle; a certificate no lab can be held to is not a certificate (smcert run signs with an ephemeral key)",
    );
    return 2;
  }
  const changed = unpinnedChanges();
  if (changed.length > 0) {
    console.error(
      `smcert certify: the suite is not pinned: uncommitted changes in\n${changed.map((c) => `  ${c}`).join('\n')}\ncommit or revert them (or use smcert run for a pre-certification run)`,
    );
    return 2;
  }
  return executeRun({
    command: 'certify',
    profileFile,
    profile,
    outDir: resolve(values.out ?? 'out/certify'),
    keyFile: values.key,
    ...(values.workers ? { workers: values.workers } : {}),
    ...(values['allow-long'] ? { allowLong: true } : {}),
  });
}

/**
 * Uncommitted changes to what the verdicts come from, as `git status --porcelain` lines: changed and
 * untracked files, and files git ignores that the runner would still load (`!! suites/allure-results/x.spec.ts`).
 */
export function unpinnedChanges(root = ROOT): string[] {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const status = git('status', '--porcelain', '--untracked-files=all', '--', ...PINNED);
  if (status.status !== 0) return []; // not a git checkout (a release archive): the version pins the suite
  const lines = status.stdout.split('\n').filter(Boolean);
  const tracked = new Set(git('ls-files', '-z', '--', ...PINNED).stdout.split('\0'));
  const listed = new Set(lines.map((l) => l.slice(3)));
  const ignored = suiteFiles(root).filter((f) => !tracked.has(f) && !listed.has(f));
  return [...lines, ...ignored.map((f) => `!! ${f} (ignored by git, loaded by the runner)`)];
}
