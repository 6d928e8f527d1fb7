// When the harness last sent a frame to a real device, from any of its clients (the dut, a multi-client
// case's extra clients): a meter that releases idle clients (/bRoute/idleReleaseMs) holds none of them
// once that long has passed. Kept in a machine-wide file per device (device-files.ts): the cases come one
// after another (device-lock.ts), in worker processes Playwright may restart, and runs after runs.
import { readFileSync, writeFileSync } from 'node:fs';

export class LastRequest {
  private at: number | undefined;

  constructor(private readonly file?: string) {
    if (!file) return;
    try {
      const at = Number(readFileSync(file, 'utf8'));
      if (Number.isFinite(at)) this.at = at;
    } catch {
      // nothing sent yet in this run
    }
  }

  /** Wall ms of the last frame sent to the device in this run; undefined: none yet. */
  get sentAt(): number | undefined {
    return this.at;
  }

  sent(at = Date.now()): void {
    this.at = at;
    if (this.file) writeFileSync(this.file, String(at));
  }
}
