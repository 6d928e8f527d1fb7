// The command runner against a scripted module (fake-module.ts) on an in-memory pair: OK, FAIL ERxx as
// typed errors naming command and code, SKLL64's answer without OK, timeouts on a virtual clock, and
// the Route-B secrets never in a message (echonet-smart-meter.md §4.1).
import { expect, test } from '@playwright/test';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { SkstackCommandRunner } from './command-runner.ts';
import { SKSTACK_DIALECTS } from './dialects.ts';
import { SkstackCommandError, SkstackTimeoutError } from './errors.ts';
import { FakeModule, METER_LL, METER_MAC, type Reply } from './fake-module.ts';
import { createMemoryStreamPair } from './memory-stream.ts';
import { SkstackLink } from './module-link.ts';

function setUp(script: Record<string, Reply> = {}) {
  const pair = createMemoryStreamPair();
  const clock = new VirtualClock({ start: Date.UTC(2026, 0, 1) });
  const module = new FakeModule(pair.module, 'bp35a1', script);
  const link = new SkstackLink(pair.host, { dialect: SKSTACK_DIALECTS.bp35a1 });
  return { clock, module, runner: new SkstackCommandRunner(link, clock) };
}

test('a command resolves on OK with the lines before it; the echo of our own line is left out', async () => {
  const { runner, module } = setUp({ SKVER: (line) => [`${line}\r\nEVER 1.2.10\r\n`, 'OK\r\n'] });
  const result = await runner.run('SKVER');
  expect(module.lines, 'the line the module got').toEqual(['SKVER']);
  expect(result.records, 'EVER then OK, no echo').toEqual([
    { kind: 'info', keyword: 'EVER', tokens: ['1.2.10'], text: 'EVER 1.2.10' },
    { kind: 'ok', text: 'OK' },
  ]);
});

for (const [code, meaning] of [
  ['ER04', 'unsupported command'],
  ['ER05', 'wrong number of arguments'],
  ['ER06', 'argument out of range'],
  ['ER10', 'execution failed'],
] as const) {
  test(`FAIL ${code} rejects with a SkstackCommandError naming the command and the code`, async () => {
    const { runner } = setUp({ SKSCAN: () => [`FAIL ${code}\r\n`] });
    const error = await runner.run('SKSCAN 2 FFFFFFFF 6').catch((e: unknown) => e);
    expect(error, 'a typed error').toBeInstanceOf(SkstackCommandError);
    expect((error as SkstackCommandError).code, 'the module’s code').toBe(code);
    expect((error as Error).message, 'command, code and meaning in the message').toContain(
      `SKSCAN 2 FFFFFFFF 6 failed: FAIL ${code} (${meaning})`,
    );
  });
}

test('the Route-B password and ID never appear in an error', async () => {
  const { runner, clock } = setUp({ SKSETPWD: () => ['FAIL ER06\r\n'], SKSETRBID: () => [] });
  const pwd = await runner.run('SKSETPWD C SECRETPASSWD').catch((e: Error) => e.message);
  expect(pwd, 'SKSETPWD redacted').toBe(
    'SKSTACK SKSETPWD <redacted> failed: FAIL ER06 (argument out of range)',
  );
  const rbid = runner.run('SKSETRBID 00112233445566778899AABBCCDDEEFF').catch((e: Error) => e.message);
  await clock.advance(5_000);
  expect(await rbid, 'SKSETRBID redacted in a timeout').not.toContain('00112233');
});

test('no answer: a SkstackTimeoutError after the timeout on the injected clock, not before', async () => {
  const { runner, clock } = setUp({ SKINFO: () => [] });
  let error: unknown;
  const running = runner.run('SKINFO').catch((e: unknown) => {
    error = e;
  });
  await clock.advance(4_999);
  expect(error, 'still waiting at 4999 ms').toBeUndefined();
  await clock.advance(1);
  await running;
  expect(error, 'timed out').toBeInstanceOf(SkstackTimeoutError);
  expect((error as Error).message).toBe(
    'SKSTACK SKINFO: no OK from the module within 5000 ms; check the serial path, the baud rate and that the module is powered',
  );
});

test('SKLL64 resolves on its one address line, with no OK', async () => {
  const { runner } = setUp();
  const result = await runner.run(`SKLL64 ${METER_MAC}`, { answer: 'line' });
  expect(result.answer, 'the link-local address').toBe(METER_LL);
});

test('commands run one at a time, in the order they were given', async () => {
  const { runner, module } = setUp({ SKVER: () => ['EVER 1.2.10\r\n', 'OK\r\n'] });
  const order: string[] = [];
  await Promise.all(
    ['SKVER', 'SKINFO', 'SKVER'].map((command, i) => runner.run(command).then(() => order.push(`${i}`))),
  );
  expect(module.lines, 'the module saw them in order').toEqual(['SKVER', 'SKINFO', 'SKVER']);
  expect(order).toEqual(['0', '1', '2']);
});

test('a command with `until` waits past OK for its event, and that event’s error rejects it', async () => {
  const { runner } = setUp({
    SKJOIN: () => ['OK\r\n', `EVENT 24 ${METER_LL}\r\n`],
  });
  const error = await runner
    .run(`SKJOIN ${METER_LL}`, {
      until: (record) => {
        if (record.kind === 'event' && record.code === 0x24) throw new Error('EVENT 24');
        return false;
      },
    })
    .catch((e: Error) => e.message);
  expect(error).toBe('EVENT 24');
});
