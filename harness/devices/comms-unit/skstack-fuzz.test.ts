// Fuzzing the command line of the emulated SKSTACK IP module (fast-check): random bytes and
// command-like garbage, cut at random points, never make it throw or run its clock without end, and
// every write it makes is whole lines; lines that are due a FAIL ERxx (echonet-smart-meter.md §4.1:
// ER04 unknown command, ER05 argument count, ER06 out of range) get exactly that, however split.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { DIALECTS, type DialectName } from './dialects.ts';
import { SkstackModule } from './skstack-module.ts';

const COMMANDS = [
  'SKVER',
  'SKINFO',
  'SKRESET',
  'SKSETPWD',
  'SKSETRBID',
  'SKSREG',
  'SKLL64',
  'SKUDPPORT',
  'SKTABLE',
  'WOPT',
  'ROPT',
  'SKSCAN',
  'SKJOIN',
  'SKTERM',
  'SKSENDTO',
];
const DIALECT_NAMES = Object.keys(DIALECTS) as DialectName[];

function moduleUnderTest(dialect: DialectName) {
  const clock = new VirtualClock({ start: Date.UTC(2026, 5, 1) });
  const module = new SkstackModule({
    clock,
    dialect,
    mac: '001D129012345678',
    meter: {
      mac: '12345678ABCDEF01',
      channel: 0x21,
      panId: 0x8888,
      lqi: 0xe1,
      routeB: { id: '00112233445566778899AABBCCDDEEFF', password: '0123456789AB' },
    },
  });
  const chunks: string[] = [];
  module.onOutput((c) => chunks.push(Buffer.from(c).toString('latin1')));
  return { clock, module, chunks };
}

/** `bytes` cut at the given points (each taken modulo the length). */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort(
    (a, b) => a - b,
  );
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const p of points) {
    parts.push(bytes.subarray(at, p));
    at = p;
  }
  parts.push(bytes.subarray(at));
  return parts;
}

const latin1 = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

/** Command-like input: known names, hex-ish arguments, random bytes, CR LF. */
const garbage = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ...COMMANDS,
        ' ',
        '\r\n',
        '\r',
        '\n',
        'FFFFFFFF',
        'FE80::1',
        '0E1A',
        '000E',
        'S2',
        'SFE',
        '0',
        '1',
        '2',
      ),
      fc.stringMatching(/^[0-9A-Fa-f:]{1,8}$/),
      fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b).toString('latin1')),
    ),
    { maxLength: 40 },
  )
  .map((parts) => latin1(parts.join('')));

const inputs = fc.oneof(fc.uint8Array({ maxLength: 400 }), garbage);

test.describe('SKSTACK IP module: fuzzed command line', () => {
  test('random bytes at random split points: no throw, no endless clock, only whole lines written', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...DIALECT_NAMES),
        inputs,
        fc.array(fc.nat(), { maxLength: 12 }),
        async (dialect, bytes, cuts) => {
          const { clock, module, chunks } = moduleUnderTest(dialect);
          for (const part of split(bytes, cuts)) module.input(part);
          module.input(latin1('\r\n'));
          // every timer it set fires within a day of its clock, and sets no endless chain
          await clock.advance(24 * 3_600_000);
          expect(clock.pending(), 'timers left after a day').toBeLessThanOrEqual(1); // a PANA lifetime at most
          for (const chunk of chunks) {
            expect(chunk.endsWith('\r\n'), `a write ends with CR LF: ${JSON.stringify(chunk)}`).toBe(true);
            const fail = /FAIL (\S+)/.exec(chunk);
            if (fail) expect(['ER04', 'ER05', 'ER06', 'ER09', 'ER10']).toContain(fail[1]);
          }
          module.close();
        },
      ),
      { numRuns: 300, seed: 3610 },
    );
  });

  const name = fc.stringMatching(/^[A-Z]{1,10}$/).filter((n) => !COMMANDS.includes(n));
  const arg = fc.stringMatching(/^[0-9A-Za-z:]{1,12}$/);
  const nonHex = fc.stringMatching(/^[G-Zg-z]{1,4}$/);
  /** [line, the FAIL code it is due] */
  const dueLines: fc.Arbitrary<[string, string]> = fc.oneof(
    fc
      .tuple(name, fc.array(arg, { maxLength: 3 }))
      .map(([n, a]): [string, string] => [[n, ...a].join(' '), 'ER04']),
    fc
      .tuple(
        fc.constantFrom('SKVER', 'SKINFO', 'SKTERM', 'SKRESET'),
        fc.array(arg, { minLength: 1, maxLength: 3 }),
      )
      .map(([n, a]): [string, string] => [[n, ...a].join(' '), 'ER05']),
    fc
      .stringMatching(/^[0-9A-Za-z]{1,40}$/)
      .filter((id) => id.length !== 32)
      .map((id): [string, string] => [`SKSETRBID ${id}`, 'ER06']),
    fc
      .integer({ min: 0, max: 0xff })
      .filter((ch) => ch < 0x21 || ch > 0x3c)
      .map((ch): [string, string] => [`SKSREG S2 ${ch.toString(16).toUpperCase()}`, 'ER06']),
    nonHex.map((v): [string, string] => [`SKLL64 ${v}`, 'ER06']),
    fc.tuple(arg, arg).map(([a, b]): [string, string] => [`SKLL64 ${a} ${b}`, 'ER05']),
  );

  test('lines due a FAIL get that FAIL ERxx and nothing else, however the bytes are split', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...DIALECT_NAMES),
        dueLines,
        fc.array(fc.nat(), { maxLength: 8 }),
        async (dialect, [line, code], cuts) => {
          const { clock, module, chunks } = moduleUnderTest(dialect);
          module.input(latin1('SKSREG SFE 0\r\n'));
          chunks.length = 0;
          for (const part of split(latin1(`${line}\r\n`), cuts)) module.input(part);
          await clock.advance(60_000);
          expect(chunks, line).toEqual([`FAIL ${code}\r\n`]);
          module.close();
        },
      ),
      { numRuns: 300, seed: 3610 },
    );
  });
});
