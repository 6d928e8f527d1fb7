// iproute2's `ip`, run as a child process with its arguments as an array (never a shell string), for the
// network namespaces of the routing cases (harness/netns/). A missing `ip` is a result, not a throw.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface IpResult {
  readonly ok: boolean;
  /** The exit code; undefined when `ip` could not be started (see `missing`). */
  readonly code?: number;
  readonly stdout: string;
  readonly stderr: string;
  /** `ip` is not installed (ENOENT). */
  readonly missing?: boolean;
}

/** Where `ip` is looked for before PATH: root's sbin directories are not always on a test's PATH. */
const CANDIDATES = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'];

/** The `ip` binary: the first of the usual places that exists, else `ip` from PATH. */
export const IP = CANDIDATES.find((path) => existsSync(path)) ?? 'ip';

/** Runs `ip <args>`, with `input` on its stdin when given. */
export function runIp(args: readonly string[], input?: string): Promise<IpResult> {
  return new Promise((resolve) => {
    const child = spawn(IP, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ ok: false, stdout, stderr: error.message, missing: error.code === 'ENOENT' }),
    );
    child.on('close', (code) => resolve({ ok: code === 0, code: code ?? -1, stdout, stderr }));
    child.stdin.on('error', () => {}); // `ip` that exits before reading its input
    child.stdin.end(input ?? '');
  });
}

/** Runs `ip <args>` and throws, naming the command and what `ip` said, when it fails. */
export async function ip(args: readonly string[]): Promise<string> {
  const result = await runIp(args);
  if (!result.ok) throw new IpError(args, result);
  return result.stdout;
}

/** A failed `ip` command: its arguments and its stderr. */
export class IpError extends Error {
  override readonly name = 'IpError';

  constructor(
    readonly args: readonly string[],
    readonly result: IpResult,
  ) {
    super(`${IP} ${args.join(' ')}: ${result.stderr.trim() || `exit ${result.code}`}`);
  }
}

/** The argument list that runs `argv` inside namespace `ns` (`ip netns exec <ns> …`). */
export function inNamespace(ns: string, argv: readonly string[]): string[] {
  return ['netns', 'exec', ns, ...argv];
}
