// One run at a time per run directory. The lock is `<dir>.lock` beside the directory (a file inside it
// would be signed into the bundle) and holds the pid of the smcert process that owns it. A lock whose pid
// no longer runs — a run killed with SIGKILL — is taken over with a note; a live one makes the new run
// refuse, naming the pid. A `<dir>.lock` that holds no pid is not ours: it is left alone and refused.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RunLock {
  readonly file: string;
  /** Set when a stale lock was taken over: what to tell the user. */
  readonly note?: string;
  release(): void;
}

export function takeRunLock(outDir: string): RunLock | string {
  const file = `${outDir}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  let note: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      const release = () => {
        process.off('exit', release);
        if (holder(file) === process.pid) rmSync(file, { force: true });
      };
      process.on('exit', release); // also when the process ends by process.exit()
      return { file, ...(note ? { note } : {}), release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = holder(file);
    if (pid === 'gone') continue; // released between our try and our look
    if (pid === undefined) return `${file} exists and is not a smcert lock (it holds no pid); move it away`;
    if (running(pid))
      return `another smcert run (pid ${pid}) is writing to ${outDir}; wait for it to end or stop it (its lock: ${file})`;
    rmSync(file, { force: true });
    note = `took over the lock ${file} of a run (pid ${pid}) that is no longer running`;
  }
  return `another smcert run took the lock ${file} at the same moment; try again`;
}

function holder(file: string): number | 'gone' | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  const match = /^(\d+)\n?$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}
