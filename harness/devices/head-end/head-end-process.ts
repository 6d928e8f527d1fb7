// The reference head-end in a process of its own, as a user starts it (`smcert emulate --profile <head-end
// profile>`), on loopback: for the A-route cases (a process each, restarted by a kill) and the capacity
// bench. Resolves once it serves, with its URL; rejects with its output if it ends or is silent first.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SMCERT = fileURLToPath(new URL('../../cli/smcert.mjs', import.meta.url));
const START_LIMIT_MS = 60_000;

export interface HeadEndProcess {
  readonly child: ChildProcess;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** Resolves when the process has ended. */
  readonly exited: Promise<void>;
}

/** `smcert emulate` of `profileFile` on 127.0.0.1 (a free port, or `port`), on `database` when given. */
export function startHeadEndProcess(
  profileFile: string,
  options: { readonly port?: number; readonly database?: string } = {},
): Promise<HeadEndProcess> {
  const child = spawn(process.execPath, [
    SMCERT,
    'emulate',
    '--profile',
    profileFile,
    '--address',
    '127.0.0.1',
    '--port',
    String(options.port ?? 0),
    ...(options.database ? ['--db', options.database] : []),
  ]);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`smcert emulate of the head-end did not start in ${START_LIMIT_MS / 1000} s: ${out}`));
    }, START_LIMIT_MS);
    const read = (chunk: Buffer) => {
      out += chunk;
      const url = /at (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      if (!url) return;
      clearTimeout(timer);
      resolve({ child, url: url[1]!, port: Number(url[2]), exited });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`smcert emulate of the head-end ended (${code}) before it served: ${out}`));
    });
  });
}
