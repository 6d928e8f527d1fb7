// A ByteStream on a serial port (a USB Wi-SUN dongle, or a pseudo-terminal), with the npm package
// serialport 13. The only file that imports serialport. UART default 115200 baud, 8N1 (echonet-smart-meter.md
// §4, momonga). A pseudo-terminal accepts any rate, so a wrong rate shows as garbage, not as an error.
import { SerialPort } from 'serialport';
import { Listeners } from '../listeners.ts';
import type { ByteStream } from './byte-stream.ts';

export const DEFAULT_BAUD = 115_200;

export interface SerialStreamOptions {
  /** The device: /dev/ttyUSB0, /dev/serial/by-id/…, COM3, or a PTY's path. */
  readonly path: string;
  readonly baud?: number;
  /**
   * Take the port's exclusive lock (flock), so that a second program opening the dongle fails at once
   * (default true). The harness's own PTY to an emulated module needs none: it opens both ends itself.
   */
  readonly lock?: boolean;
}

export interface SerialStream extends ByteStream {
  readonly path: string;
  /** Port errors after opening (unplugged dongle, …). Without a listener they are process warnings. */
  onError(listener: (error: Error) => void): () => void;
}

/** Opens the port; rejects with a message naming the path and what to check. */
export async function openSerialStream(options: SerialStreamOptions): Promise<SerialStream> {
  const { path } = options;
  const baud = options.baud ?? DEFAULT_BAUD;
  if (!Number.isInteger(baud) || baud <= 0) {
    throw new RangeError(`baud must be a positive integer, got ${String(baud)}`);
  }
  const port = new SerialPort({ path, baudRate: baud, autoOpen: false, lock: options.lock ?? true });
  await new Promise<void>((resolve, reject) => {
    port.open((error) => {
      if (error) reject(openError(error, path));
      else resolve();
    });
  });
  return new SerialPortStream(port, path);
}

function openError(error: Error, path: string): Error {
  const detail = error.message;
  if (/ENOENT|No such file/i.test(detail)) {
    return new Error(
      `cannot open serial port ${path}: no such device (${detail}); plug the Wi-SUN module in and ` +
        `check the path (ls /dev/serial/by-id/)`,
      { cause: error },
    );
  }
  if (/EACCES|Permission denied/i.test(detail)) {
    return new Error(
      `cannot open serial port ${path}: permission denied (${detail}); add the user to the 'dialout' group`,
      { cause: error },
    );
  }
  if (/EBUSY|Resource busy|lock/i.test(detail)) {
    return new Error(`cannot open serial port ${path}: in use by another program (${detail})`, {
      cause: error,
    });
  }
  return new Error(`cannot open serial port ${path}: ${detail}`, { cause: error });
}

class SerialPortStream implements SerialStream {
  private readonly data = new Listeners<Uint8Array>();
  private readonly errors = new Listeners<Error>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly port: SerialPort,
    readonly path: string,
  ) {
    port.on('data', (chunk: Buffer) => {
      this.data.emit(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    });
    port.on('error', (error: Error) => {
      const explained = new Error(`serial port ${path}: ${error.message}`, { cause: error });
      if (this.errors.size > 0) this.errors.emit(explained);
      else process.emitWarning(explained);
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closing) return Promise.reject(new Error(`cannot write: serial port ${this.path} is closed`));
    return new Promise((resolve, reject) => {
      this.port.write(Buffer.from(bytes), (error) => {
        if (error) {
          reject(new Error(`cannot write to serial port ${this.path}: ${error.message}`, { cause: error }));
          return;
        }
        // drain: the bytes have left the OS buffer, so a timeout counts from when the module has them
        this.port.drain((drainError) => {
          if (drainError)
            reject(new Error(`serial port ${this.path}: ${drainError.message}`, { cause: drainError }));
          else resolve();
        });
      });
    });
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.data.add(listener);
  }

  onError(listener: (error: Error) => void): () => void {
    return this.errors.add(listener);
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (!this.port.isOpen) {
        resolve();
        return;
      }
      this.port.close(() => resolve()); // an error here means it is already gone
    }).then(() => {
      this.data.clear();
      this.errors.clear();
    });
    return this.closing;
  }
}
