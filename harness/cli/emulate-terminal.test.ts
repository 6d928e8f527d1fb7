// `smcert emulate --serial` for a person at a terminal, as its banner tells them: Debian's picocom on the
// printed link, in a real terminal (tmux), typing SKVER and Enter; the screen shows the module's EVER and
// OK (echonet-smart-meter.md §4.1). .ci/run installs picocom and tmux; without them the test is skipped
// and says which is missing.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT, SMCERT } from './smcert-child.ts';

const missing = ['picocom', 'tmux'].filter((tool) => spawnSync('which', [tool]).status !== 0);

test('a person types SKVER in picocom on the printed link and sees EVER and OK', async () => {
  test.skip(missing.length > 0, `not installed: ${missing.join(', ')} (apt-get install picocom tmux)`);
  test.setTimeout(40_000);
  const dir = mkdtempSync(join(tmpdir(), 'smcert-terminal-'));
  const link = join(dir, 'ttyWISUN');
  const socket = `smcert-${process.pid}`;
  const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-t', 'wisun').stdout ?? '';
  let emulator: ChildProcess | undefined;
  try {
    emulator = spawn(
      process.execPath,
      [SMCERT, 'emulate', '--profile', 'profiles/reference-lv-meter-wisun.json', '--serial', '--link', link],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let banner = '';
    emulator.stdout?.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
    });
    await expect.poll(() => banner, { timeout: 15_000, message: 'the banner' }).toContain('Ctrl-C');
    // the command the banner prints, word for word
    const command = /^\s*(picocom .*)$/m.exec(banner)?.[1];
    expect(command, 'the banner tells how to connect with picocom').toBe(
      `picocom -b 115200 --omap crcrlf --echo ${link}`,
    );
    const started = tmux('new-session', '-d', '-s', 'wisun', '-x', '120', '-y', '30', command!);
    expect(started.status, started.stderr).toBe(0);
    await expect.poll(screen, { timeout: 10_000, message: 'picocom is ready' }).toContain('Terminal ready');
    tmux('send-keys', '-t', 'wisun', 'SKVER', 'Enter');
    await expect
      .poll(screen, { timeout: 10_000, message: 'the module answers on the screen' })
      .toMatch(/SKVER\s*\n\s*EVER 1\.2\.10\s*\n\s*OK/);
  } finally {
    tmux('kill-server');
    emulator?.kill('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  }
});
