// The slave side of the pseudo-terminal set raw, without echo (`stty raw -echo` on the slave fd): a new
// PTY starts cooked, and its line discipline would turn 0x0A into 0x0D 0x0A (ONLCR), 0x0D into 0x0A
// (ICRNL), take 0x03 as Ctrl-C and echo the module's output back as input — inside binary SKSENDTO and
// ERXUDP data that may hold 0D 0A (skstack-clients.md, PTY; echonet-smart-meter.md §4.3). node-pty
// offers no termios call, so coreutils stty does it, on the fd (no path, no GNU-only `-F`).
import { spawnSync } from 'node:child_process';

export function setRawNoEcho(slaveFd: number, path: string): void {
  const run = spawnSync('stty', ['raw', '-echo', '-iexten'], { stdio: [slaveFd, 'ignore', 'pipe'] });
  if (run.error) {
    throw new Error(
      `cannot set ${path} raw: stty did not run (${run.error.message}); install coreutils (Debian: apt-get install -y coreutils)`,
      { cause: run.error },
    );
  }
  if (run.status !== 0) {
    throw new Error(`cannot set ${path} raw: stty raw -echo failed: ${run.stderr.toString().trim()}`);
  }
}
