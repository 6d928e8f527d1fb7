// Writes to the PTY master, one write(2) per chunk of the module (skstack-clients.md: clients such as
// node-echonet-lite take a chunk ending in CR LF as a whole message, so chunks are never merged). A full
// kernel buffer (no client reading) answers EAGAIN: the chunk waits and is retried, in order. The retry
// waits on real time, not on the emulation's Clock: it is the OS buffer that drains.
import { write } from 'node:fs';

const RETRY_MS = 5;

export class PtyMasterWriter {
  private readonly queue: { bytes: Uint8Array; offset: number }[] = [];
  private retry: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly onError: (error: Error) => void,
  ) {}

  write(chunk: Uint8Array): void {
    if (this.closed || chunk.length === 0) return;
    this.queue.push({ bytes: chunk.slice(), offset: 0 });
    if (this.queue.length === 1 && this.retry === undefined) this.next();
  }

  /** Bytes not yet taken by the kernel. */
  get pending(): number {
    return this.queue.reduce((sum, task) => sum + task.bytes.length - task.offset, 0);
  }

  close(): void {
    this.closed = true;
    if (this.retry !== undefined) clearTimeout(this.retry);
    this.retry = undefined;
    this.queue.length = 0;
  }

  private next(): void {
    const task = this.queue[0];
    if (this.closed || !task) return;
    write(this.fd, task.bytes, task.offset, task.bytes.length - task.offset, (error, written) => {
      if (this.closed) return;
      if (error) {
        if (error.code === 'EAGAIN') {
          this.retry = setTimeout(() => {
            this.retry = undefined;
            this.next();
          }, RETRY_MS);
          return;
        }
        this.queue.length = 0;
        this.onError(new Error(`cannot write to the pseudo-terminal: ${error.message}`, { cause: error }));
        return;
      }
      task.offset += written;
      if (task.offset >= task.bytes.length) this.queue.shift();
      this.next();
    });
  }
}
