// Two connected in-memory ByteStreams: what one end writes, the other end's listeners get, in a later
// microtask (never inside write()), in order. For unit tests and for an emulated module in-process.
import { Listeners } from '../listeners.ts';
import type { ByteStream } from './byte-stream.ts';

export interface MemoryStreamPair {
  /** The host's end (what openSkstackTransport is given). */
  readonly host: ByteStream;
  /** The module's end. */
  readonly module: ByteStream;
}

class MemoryEnd implements ByteStream {
  readonly listeners = new Listeners<Uint8Array>();
  peer: MemoryEnd | undefined;
  closed = false;

  constructor(private readonly name: string) {}

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed)
      return Promise.reject(new Error(`cannot write: the ${this.name} end of the pair is closed`));
    const copy = Uint8Array.from(bytes); // the writer may reuse its buffer
    const peer = this.peer;
    queueMicrotask(() => {
      if (peer && !peer.closed) peer.listeners.emit(copy);
    });
    return Promise.resolve();
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.listeners.add(listener);
  }

  close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    return Promise.resolve();
  }
}

export function createMemoryStreamPair(): MemoryStreamPair {
  const host = new MemoryEnd('host');
  const module = new MemoryEnd('module');
  host.peer = module;
  module.peer = host;
  return { host, module };
}
