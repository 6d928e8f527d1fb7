// The serialport adapter on a real pseudo-terminal: a small Python responder opens the PTY (raw, so the
// kernel keeps 0D 0A inside a payload as is, skstack-clients.md "PTY") and answers one command. Skipped
// where python3 or PTYs are missing (Windows).
import { spawn, spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { openSerialStream } from './serial-stream.ts';

const RESPONDER = String.raw`
import os, pty, sys, tty
m, s = pty.openpty()
tty.setraw(s)
print(os.ttyname(s), flush=True)
buf = b''
while b'\r\n' not in buf:
    buf += os.read(m, 100)
os.write(m, b'got ' + buf + b'ERXUDP 0004 \x0d\x0a\x00\x0a\r\n')
sys.stdin.read()
`;

const python = process.platform !== 'win32' && spawnSync('python3', ['--version']).status === 0;

test('bytes go out and come back unchanged through a PTY, CR LF inside data included', async () => {
  test.skip(!python, 'needs python3 and pseudo-terminals');
  const child = spawn('python3', ['-c', RESPONDER], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const path = await new Promise<string>((resolve) =>
      child.stdout.once('data', (d) => resolve(String(d).trim())),
    );
    const stream = await openSerialStream({ path });
    const received: Buffer[] = [];
    stream.onData((bytes) => received.push(Buffer.from(bytes)));
    await stream.write(Buffer.from('SKVER\r\n'));
    const expected = Buffer.from('got SKVER\r\nERXUDP 0004 \x0d\x0a\x00\x0a\r\n', 'latin1');
    await expect
      .poll(() => Buffer.concat(received).length, { message: 'the whole answer', timeout: 5_000 })
      .toBe(expected.length);
    expect(Buffer.concat(received), 'byte for byte').toEqual(expected);
    await stream.close();
    await expect(stream.write(Buffer.from('x'))).rejects.toThrow(
      `cannot write: serial port ${path} is closed`,
    );
  } finally {
    child.kill();
  }
});

test('a missing device: the message names the path and what to check', async () => {
  test.skip(process.platform === 'win32', 'POSIX paths');
  await expect(openSerialStream({ path: '/dev/ttyNO-SUCH-DONGLE' })).rejects.toThrow(
    /^cannot open serial port \/dev\/ttyNO-SUCH-DONGLE: no such device .*plug the Wi-SUN module in/,
  );
});

test('a baud rate that is not a positive integer is refused', async () => {
  await expect(openSerialStream({ path: '/dev/null', baud: 0 })).rejects.toThrow(
    'baud must be a positive integer, got 0',
  );
});
