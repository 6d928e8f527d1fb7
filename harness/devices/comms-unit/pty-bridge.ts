// The emulated SKSTACK IP module on a real pseudo-terminal: what a HEMS program opens as /dev/pts/N (or a
// stable link to it) is the module's UART. Bytes the client writes reach `module.input` as they come;
// each `onOutput` chunk is one write to the master, so write boundaries are the module's
// (skstack-clients.md). The slave fd stays open, never read: the PTY outlives a client closing and
// reopening it, and nothing steals the client's bytes. The slave side is raw, without echo
// (pty-raw-mode.ts), so binary data with 0D 0A crosses unchanged (echonet-smart-meter.md §4.3).
//
// Bytes the module writes while no client has the port open wait in the PTY and reach the next client
// (a USB dongle's driver would drop them).
import { closeSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { Listeners } from '../../transport/listeners.ts';
import { createLink, removeLink } from './pty-link.ts';
import { PtyMasterWriter } from './pty-master-writer.ts';
import { openPty } from './pty-native.ts';
import { setRawNoEcho } from './pty-raw-mode.ts';

/** What the bridge drives: SkstackModule, or anything with its byte interface. */
export interface ModuleUart {
  input(bytes: Uint8Array): void;
  onOutput(listener: (chunk: Uint8Array) => void): () => void;
}

export interface PtyBridgeOptions {
  readonly module: ModuleUart;
  /** A symbolic link to create to the slave path (pty-link.ts: defaultLinkPath() gives the default). */
  readonly link?: string;
}

export interface PtyBridge {
  /** The slave device a client opens, /dev/pts/N. */
  readonly path: string;
  /** The link to it, when one was asked for. */
  readonly link: string | undefined;
  /** I/O errors on the master after opening. Without a listener they are process warnings. */
  onError(listener: (error: Error) => void): () => void;
  /** Closes the PTY (a client sees a hang-up) and removes the link. Safe to call twice. */
  close(): void;
}

export function openPtyBridge(options: PtyBridgeOptions): PtyBridge {
  const pty = openPty();
  const errors = new Listeners<Error>();
  const report = (error: Error): void => {
    if (errors.size > 0) errors.emit(error);
    else process.emitWarning(error);
  };
  let master: ReadStream | undefined;
  let stopOutput: (() => void) | undefined;
  let writer: PtyMasterWriter | undefined;
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    stopOutput?.();
    writer?.close();
    if (options.link !== undefined) removeLink(options.link, pty.path);
    if (master)
      master.destroy(); // closes the master fd
    else closeQuietly(pty.master);
    closeQuietly(pty.slave);
    errors.clear();
  };
  try {
    setRawNoEcho(pty.slave, pty.path); // before anyone can know the path
    writer = new PtyMasterWriter(pty.master, report);
    master = new ReadStream(pty.master);
    master.on('data', (chunk: Buffer) => {
      options.module.input(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    });
    master.on('error', (error: Error) => {
      if (!closed) report(new Error(`pseudo-terminal ${pty.path}: ${error.message}`, { cause: error }));
    });
    const out = writer;
    stopOutput = options.module.onOutput((chunk) => out.write(chunk));
    if (options.link !== undefined) createLink(options.link, pty.path);
  } catch (error) {
    close();
    throw error;
  }
  return {
    path: pty.path,
    link: options.link,
    onError: (listener) => errors.add(listener),
    close,
  };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}
