// The TIDs the harness has sent in this run (ECHONET Lite 1.14 part 2 §3.2.2: a reply carries its
// request's TID). A reply with one of them belongs to that request and to no other: a late or repeated
// reply to an earlier case's request is never judged as a wrong-TID reply to this one. Against a real
// device the set is kept in a file per run and device, since Playwright restarts worker processes and a
// late reply can reach the next worker; against an emulated one (a fresh device per case) in memory.
import { appendFileSync, readFileSync } from 'node:fs';

export class SentTids {
  private readonly sent = new Uint8Array(0x10000);

  constructor(private readonly file?: string) {
    if (!file) return;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return; // nothing sent yet in this run
    }
    for (let i = 0; i + 1 < bytes.length; i += 2) this.sent[bytes.readUInt16BE(i)] = 1;
  }

  has(tid: number): boolean {
    return this.sent[tid] === 1;
  }

  add(tid: number): void {
    if (this.sent[tid]) return;
    this.sent[tid] = 1;
    if (this.file) appendFileSync(this.file, Uint8Array.of(tid >> 8, tid & 0xff));
  }
}
