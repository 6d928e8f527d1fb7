// The emulated module on a real pseudo-terminal, reached by the harness as a lab reaches a USB dongle:
// npm serialport on the slave path (harness/transport/skstack/serial-stream.ts). On a virtual clock the
// bytes crossing the PTY are tracked (harness/clock/bytes-in-flight.ts), so that no wait steps the
// clock past a command the module has not read yet, or past a reply the harness has not read yet.
import { BytesInFlight } from '../../clock/bytes-in-flight.ts';
import type { Clock } from '../../clock/clock.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import type { ByteStream } from '../../transport/skstack/byte-stream.ts';
import { openSerialStream } from '../../transport/skstack/serial-stream.ts';
import { type ModuleUart, openPtyBridge } from './pty-bridge.ts';

export interface ModulePty {
  /** The slave device, /dev/pts/N. */
  readonly path: string;
  /** A serial port on the slave, as the harness's transport opens a dongle (one at a time). */
  openStream(): Promise<ByteStream>;
  /** Closes the PTY; a stream still open sees a hang-up. */
  close(): void;
}

export function attachOverPty(module: ModuleUart, clock: Clock): ModulePty {
  const inFlight = new BytesInFlight();
  const untrack = clock instanceof VirtualClock ? clock.trackIo(inFlight) : () => {};
  const bridge = openPtyBridge({
    module: {
      input(bytes) {
        module.input(bytes);
        inFlight.arrived(bytes.length);
      },
      onOutput: (listener) =>
        module.onOutput((chunk) => {
          inFlight.sent(chunk.length);
          listener(chunk);
        }),
    },
  });
  return {
    path: bridge.path,
    async openStream() {
      // no flock: devpts numbers are reused at once, and a lock still held on the inode of a PTY just
      // closed has been seen to refuse the next one ("Cannot lock port") under load
      const serial = await inFlight.during(openSerialStream({ path: bridge.path, lock: false }));
      return {
        write(bytes) {
          inFlight.sent(bytes.length);
          return serial.write(bytes).catch((error: unknown) => {
            inFlight.clear(); // the bytes will not arrive
            throw error;
          });
        },
        onData: (listener) =>
          serial.onData((bytes) => {
            listener(bytes);
            inFlight.arrived(bytes.length);
          }),
        async close() {
          await inFlight.during(serial.close());
          inFlight.clear(); // what the module wrote after this is for no one
        },
      };
    },
    close() {
      untrack();
      inFlight.clear();
      bridge.close();
    },
  };
}
