// The PTY bridge with a plain client (fs on the slave path, no serialport, which would set its own
// termios): every byte value — 0D 0A, lone 0A and 0D, ^C, ^D, XON/XOFF, ^V, 7F, FF — crosses both ways
// byte-exact, nothing is echoed back to the module, each output chunk is one write, and the link comes and
// goes with the bridge (skstack-clients.md, PTY; echonet-smart-meter.md §4.3: binary data may hold 0D 0A).
import {
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadStream } from 'node:tty';
import { expect, test } from '@playwright/test';
import { Listeners } from '../../transport/listeners.ts';
import { type ModuleUart, openPtyBridge } from './pty-bridge.ts';
import { createLink } from './pty-link.ts';

class RecordingUart implements ModuleUart {
  readonly received: number[] = [];
  private readonly out = new Listeners<Uint8Array>();
  input(bytes: Uint8Array): void {
    this.received.push(...bytes);
  }
  onOutput(listener: (chunk: Uint8Array) => void): () => void {
    return this.out.add(listener);
  }
  emit(chunk: Uint8Array): void {
    this.out.emit(chunk);
  }
}

/** A client on the slave path that collects what it reads. */
function openClient(path: string) {
  const fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY);
  const stream = new ReadStream(fd);
  const got: number[] = [];
  stream.on('data', (chunk: Buffer) => got.push(...chunk));
  return {
    got,
    write: (bytes: Uint8Array) => writeSync(fd, bytes),
    close: () => stream.destroy(),
  };
}

async function until(what: string, done: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const PAYLOAD = Uint8Array.from([
  0x10, 0x81, 0x0d, 0x0a, 0x0a, 0x0d, 0x03, 0x04, 0x11, 0x13, 0x16, 0x7f, 0xff,
]);

test('binary data with 0D 0A crosses the PTY byte-exact both ways, with no echo to the module', async () => {
  const uart = new RecordingUart();
  const bridge = openPtyBridge({ module: uart });
  const client = openClient(bridge.path);
  try {
    expect(bridge.path).toMatch(/^\/dev\/(pts\/\d+|tty)/);
    const sent = new Uint8Array([...PAYLOAD, ...ALL_BYTES]);
    client.write(sent);
    await until('the module to receive every byte', () => uart.received.length >= sent.length);
    expect(uart.received, 'client → module: byte-exact (no ICRNL, no ISIG, no IXON)').toEqual([...sent]);

    uart.emit(sent);
    await until('the client to read every byte', () => client.got.length >= sent.length);
    expect(client.got, 'module → client: byte-exact (no ONLCR)').toEqual([...sent]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(uart.received.length, 'the module does not get its own output back (no ECHO)').toBe(sent.length);
  } finally {
    client.close();
    bridge.close();
  }
});

test('a client that closes and reopens the port finds the bridge still there', async () => {
  const uart = new RecordingUart();
  const bridge = openPtyBridge({ module: uart });
  try {
    const first = openClient(bridge.path);
    first.write(Uint8Array.from([0x41, 0x0d, 0x0a]));
    await until('the first bytes', () => uart.received.length === 3);
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = openClient(bridge.path);
    second.write(Uint8Array.from([0x42, 0x0d, 0x0a]));
    await until('the second bytes', () => uart.received.length === 6);
    uart.emit(Uint8Array.from([0x4f, 0x4b, 0x0d, 0x0a]));
    await until('the answer', () => second.got.length === 4);
    expect(second.got).toEqual([0x4f, 0x4b, 0x0d, 0x0a]);
    second.close();
  } finally {
    bridge.close();
  }
});

test('the link points at the slave while the bridge is open, and is removed by close()', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-pty-'));
  try {
    const link = join(dir, 'ttyWISUN');
    const bridge = openPtyBridge({ module: new RecordingUart(), link });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    const fd = openSync(link, constants.O_RDWR | constants.O_NOCTTY);
    closeSync(fd);
    bridge.close();
    bridge.close();
    expect(existsSync(link), 'close() removes the link').toBe(false);

    createLink(link, join(dir, 'gone')); // a dead emulator's link: replaced
    const again = openPtyBridge({ module: new RecordingUart(), link });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(() => openPtyBridge({ module: new RecordingUart(), link }), 'a live link is refused').toThrow(
      /path is taken .* remove it or give another --link/,
    );
    again.close();
    expect(existsSync(link)).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
