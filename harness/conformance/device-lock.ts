// One case at a time on a real device: the cases share its state (the E5/ED/EF selectors, the controller
// its INFC goes to). Every dut fixture against a real target takes this machine-wide lock, keyed by the
// device's endpoint, then the lock of the harness's own address and port 3610 ('local-lock'), where a
// second bound socket would take the first one's replies — also when the two talk to different devices
// (two runs, or a lot's units, from one localAddress). Always in that order, so no two cases wait on each
// other. Any number of workers and runs then give the verdicts of one worker. A lock whose holder died is
// taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import type { Endpoint } from '../transport/transport.ts';
import { deviceFile } from './device-files.ts';

export interface DeviceLock {
  /** Real ms spent waiting for it. */
  readonly waitedMs: number;
  release(): void;
}

export type LockName = 'device-lock' | 'local-lock';

export function deviceLockFile(device: Endpoint, name: LockName = 'device-lock'): string {
  return deviceFile(device, name, 'machine');
}

/** Waits (real time, polling every `pollMs`) until this process holds the lock of `device` (or of a local endpoint). */
export async function lockDevice(
  device: Endpoint,
  pollMs = 50,
  name: LockName = 'device-lock',
): Promise<DeviceLock> {
  const file = deviceLockFile(device, name);
  const started = Date.now();
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        waitedMs: Date.now() - started,
        release() {
          if (released) return;
          released = true;
          if (holder(file) === process.pid) unlinkSync(file);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = holder(file);
      if (pid !== undefined && !alive(pid)) {
        unlinkSync(file); // the holder died without releasing it
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}

function holder(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // released meanwhile, or being written: look again at the next poll
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
