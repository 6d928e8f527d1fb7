// Every mistake in a profile is named — file, JSON pointer (or line and column), what is wrong, how to fix
// it — and nothing that would break the run is accepted: impossible dates, addresses that are not IP
// addresses of the family, a local address this machine does not have. Profile text around a syntax
// error is never echoed: it may hold the Route-B credentials.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { localAddressProblem } from './ip-address.ts';
import { loadProfile } from './load-profile.ts';
import { ProfileError } from './profile-error.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REFERENCE = join(ROOT, 'profiles/reference-lv-meter.json');
const reference = () => JSON.parse(readFileSync(REFERENCE, 'utf8'));
type ProfileData = ReturnType<typeof reference>;
const ABSENT = '203.0.113.77';

/** Loads `content` (text or bytes) from a temporary device.json; the ProfileError, or undefined when it loads. */
function errorFor(content: string | Uint8Array, options?: { checkHost?: boolean }): ProfileError | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-mistake-'));
  const file = join(dir, 'device.json');
  try {
    writeFileSync(file, content);
    loadProfile(file, options);
    return undefined;
  } catch (error) {
    if (error instanceof ProfileError) return error;
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The message lines for the reference profile after `edit`; fails the test when it still loads. */
function linesFor(edit: (p: ProfileData) => void, options?: { checkHost?: boolean }): string[] {
  const p = reference();
  edit(p);
  const error = errorFor(JSON.stringify(p, null, 2), options);
  expect(error, `the edited profile must be refused: ${JSON.stringify(p.target)}`).toBeDefined();
  return error!.message.split('\n');
}

const real = (p: ProfileData, target: Record<string, unknown>) => {
  p.target = { type: 'real', ...target };
};

test.describe('profile mistakes: each named once, with its pointer and the fix', () => {
  test('the reference profiles and the validity fixtures load (and a real target on 127.0.0.31 does)', () => {
    for (const file of [
      'profiles/reference-lv-meter.json',
      'profiles/reference-hv-meter.json',
      'fixtures/validity/lv-meter-near-roll-over.json',
      'fixtures/validity/lv-meter-two-wire.json',
    ]) {
      expect(
        () => loadProfile(join(ROOT, file), { checkHost: true }),
        `${file} is a valid profile`,
      ).not.toThrow();
    }
    const p = reference();
    real(p, { localAddress: process.platform === 'linux' ? '127.0.0.31' : '127.0.0.1' });
    expect(
      errorFor(JSON.stringify(p), { checkHost: true })?.message,
      'a loopback local address is bindable (on Linux any 127.x.y.z)',
    ).toBeUndefined();
  });

  test('an unknown target type is one line listing the allowed types', () => {
    for (const edit of [
      (p: ProfileData) => (p.target = { type: 'virtual' }),
      (p: ProfileData) => (p.target.type = 'virtual'),
    ]) {
      const lines = linesFor(edit);
      expect(lines, 'one problem, one line').toHaveLength(1);
      expect(lines[0]).toMatch(
        /device\.json: at \/target\/type: unknown target type 'virtual' — use one of "emulated", "real"/,
      );
    }
  });

  test('a typo under /target names that field and the fields of that target type only', () => {
    const typo = linesFor((p) => {
      p.target.metre = p.target.meter;
      delete p.target.meter;
    });
    expect(typo, 'one problem, one line').toHaveLength(1);
    expect(typo[0]).toMatch(/at \/target: unknown field 'metre' \(did you mean 'meter'\?\)/);
    expect(typo[0]).toMatch(/an emulated target has the fields type, faults, meter, clockStart/);
    expect(typo.join('\n'), "the other branch's advice (unknown field 'meter') is not given").not.toMatch(
      /unknown field '(meter|faults)'/,
    );
    const misplaced = linesFor((p) => real(p, { clockStart: '2026-06-15T12:10:05+09:00' }));
    expect(misplaced).toHaveLength(1);
    expect(misplaced[0]).toMatch(
      /at \/target: unknown field 'clockStart' — a real target has the fields type, localAddress, powerUpWaitMs, restart; clockStart belongs to an emulated target/,
    );
  });

  test('a missing target type names the allowed values', () => {
    const lines = linesFor((p) => delete p.target.type);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/at \/target: missing field 'type' — add "type": "emulated" or "real"/);
  });

  test('impossible dates and times are refused with what does not exist (clockStart, installedAt)', () => {
    const start = linesFor((p) => (p.target.clockStart = '2026-13-45T99:99+09:00'));
    expect(start).toHaveLength(1);
    expect(start[0]).toMatch(
      /at \/target\/clockStart: '2026-13-45T99:99\+09:00' is not a real date and time: there is no month 13, no day 45, no hour 99, no minute 99 — /,
    );
    const installed = linesFor((p) => (p.target.meter.installedAt = '2026-02-31T25:61:00+09:00'));
    expect(installed).toHaveLength(1);
    expect(installed[0]).toMatch(
      /at \/target\/meter\/installedAt: .* February 2026 has no day 31, there is no hour 25, no minute 61 — write a real instant with its offset, e.g\. 2026-01-01T00:00:00\+09:00/,
    );
    expect(linesFor((p) => (p.target.clockStart = '2026-06-15T12:10:05+25:00'))[0]).toMatch(
      /clockStart: .*no offset of 25 hours/,
    );
    expect(linesFor((p) => (p.target.clockStart = '2026-06-15T12:10:60+09:00'))[0]).toMatch(/no second 60/);
    const step = linesFor(
      (p) => (p.target.meter.load = { steps: [{ at: '2026-06-31T12:00:00+09:00', watts: 500 }] }),
    );
    expect(step[0], 'a load step at a day that does not exist').toMatch(
      /at \/target\/meter\/load\/steps\/0\/at: .* June 2026 has no day 31/,
    );
    expect(linesFor((p) => (p.target.meter.installedAt = '2026-01-01'))[0], 'a date without a time').toMatch(
      /at \/target\/meter\/installedAt: must match pattern .* — write a date and time with its offset, e\.g\. 2026-01-01T00:00:00\+09:00$/,
    );
  });

  test('real instants load: a leap day, no seconds, fractions, Z', () => {
    for (const clockStart of [
      '2028-02-29T23:59:59+09:00',
      '2026-06-15T12:10+09:00',
      '2026-06-15T12:10:05.250Z',
      '2026-12-31T00:00:00-05:30',
    ]) {
      const p = reference();
      p.target.clockStart = clockStart;
      expect(errorFor(JSON.stringify(p))?.message, `${clockStart} is a real instant`).toBeUndefined();
    }
    expect(linesFor((p) => (p.target.clockStart = '2026-02-29T00:00:00+09:00'))[0]).toMatch(
      /February 2026 has no day 29/,
    );
  });

  test('the device address must be an IP address of the declared family', () => {
    const text = linesFor((p) => (p.transport.address = 'not an ip'));
    expect(text).toHaveLength(1);
    expect(text[0]).toMatch(
      /at \/transport\/address: 'not an ip' is not an IPv4 address — write the device's address as four numbers, e.g\. 192\.168\.1\.20/,
    );
    expect(linesFor((p) => (p.transport.address = 'fe80::1'))[0]).toMatch(
      /at \/transport\/address: 'fe80::1' is an IPv6 address but \/transport\/family is 4 — set "family": 6 or give an IPv4 address/,
    );
    const v6 = reference();
    v6.transport = { ...v6.transport, family: 6, address: 'fe80::21d:12ff:fe34:5678%eth0' };
    expect(errorFor(JSON.stringify(v6))?.message, 'an IPv6 link-local address with its zone').toBeUndefined();
  });

  test('a real target’s local address must be an IP address of the family, and one this machine has', () => {
    expect(linesFor((p) => real(p, { localAddress: 'my laptop' }))[0]).toMatch(
      /at \/target\/localAddress: 'my laptop' is not an IPv4 address/,
    );
    expect(linesFor((p) => real(p, { localAddress: '::1' }))[0]).toMatch(
      /at \/target\/localAddress: '::1' is an IPv6 address but \/transport\/family is 4/,
    );
    // 203.0.113.0/24 is TEST-NET-3 (RFC 5737), documentation only; make sure this machine lacks it
    expect(JSON.stringify(networkInterfaces()), `precondition: this machine has no ${ABSENT}`).not.toContain(
      ABSENT,
    );
    const absent = linesFor((p) => real(p, { localAddress: ABSENT }), { checkHost: true });
    expect(absent).toHaveLength(1);
    expect(absent[0]).toMatch(
      /at \/target\/localAddress: 203\.0\.113\.77 is not an address of this machine \(it has .*127\.0\.0\.1.*\) — give one of them, or leave localAddress out/,
    );
    const p = reference();
    real(p, { localAddress: ABSENT });
    expect(
      errorFor(JSON.stringify(p))?.message,
      'without checkHost the machine is not asked',
    ).toBeUndefined();
  });

  test('which local addresses a machine can bind: its own, 127/8 on Linux only, link-local with its interface', () => {
    const machine = {
      lo: [
        { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '', internal: true, cidr: null },
      ],
      eth0: [
        { address: '10.0.0.5', netmask: '255.0.0.0', family: 'IPv4', mac: '', internal: false, cidr: null },
        {
          address: 'fe80::21d:12ff:fe34:5678',
          netmask: 'ffff:ffff:ffff:ffff::',
          family: 'IPv6',
          mac: '',
          internal: false,
          cidr: null,
          scopeid: 2,
        },
      ],
    } as const;
    const check = (address: string, family: 4 | 6, platform: NodeJS.Platform = 'linux') =>
      localAddressProblem(address, family, structuredClone(machine) as never, platform);
    for (const [address, family] of [
      ['10.0.0.5', 4],
      ['127.0.0.42', 4],
      ['0.0.0.0', 4],
      ['::', 6],
      ['fe80::21d:12ff:fe34:5678%eth0', 6],
      ['FE80:0:0:0:21D:12FF:FE34:5678%2', 6],
    ] as const)
      expect(check(address, family), `${address} is bindable`).toBeUndefined();
    expect(check('127.0.0.42', 4, 'darwin'), 'elsewhere only 127.0.0.1 is configured').toMatch(
      /^127\.0\.0\.42 is not an address of this machine \(it has 127\.0\.0\.1, 10\.0\.0\.5\)/,
    );
    expect(check('10.0.0.6', 4)).toMatch(
      /\(it has 127\.0\.0\.1, 10\.0\.0\.5, and on Linux any 127\.x\.y\.z\)/,
    );
    expect(check('fe80::21d:12ff:fe34:5678', 6)).toBe(
      'fe80::21d:12ff:fe34:5678 is link-local: it cannot be bound without its interface — write fe80::21d:12ff:fe34:5678%eth0',
    );
    expect(check('fe80::21d:12ff:fe34:5678%wlan0', 6)).toMatch(
      /is not an address of this machine on interface wlan0 \(it has fe80::21d:12ff:fe34:5678%eth0\)/,
    );
  });

  test('a directory given as the profile is one line, not a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smcert-mistake-'));
    mkdirSync(join(dir, 'device.json'));
    try {
      expect(() => loadProfile(join(dir, 'device.json'))).toThrow(ProfileError);
      expect(() => loadProfile(join(dir, 'device.json'))).toThrow(
        /device\.json: at \/: is a directory, not a profile — give the path of a JSON profile file/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a JSON syntax error gives line and column only, never the text around it (Route-B secrets)', () => {
    const p = reference();
    p.routeB.password = 'Zq8rT2mK9vW4'; // begins with a letter: JSON.parse quotes the text around it
    const text = JSON.stringify(p, null, 2).replace(`"${p.routeB.password}"`, `${p.routeB.password}"`);
    const error = errorFor(text);
    expect(error?.message).toMatch(
      /device\.json: line \d+, column \d+: not valid JSON: .* — fix the syntax there$/,
    );
    const line = text.split('\n').findIndex((l) => l.includes(p.routeB.password)) + 1;
    expect(error?.message, 'the line of the broken password').toContain(`line ${line}, column 17`);
    for (const secret of [p.routeB.password, p.routeB.id, p.routeB.password.slice(0, 5)]) {
      expect(
        error?.message,
        `the message never shows profile text (${secret.length} characters)`,
      ).not.toContain(secret);
    }
    const id = JSON.stringify(p, null, 2).replace(`"${p.routeB.id}",`, `"${p.routeB.id}"`);
    expect(errorFor(id)?.message).not.toContain(p.routeB.id.slice(-9));
    expect(errorFor(`${JSON.stringify(p)} x`)?.message).toMatch(/line 1, column \d+: not valid JSON: .*end/);
    expect(errorFor('{ "kind": "lv-meter",\n  "routeB": { "id": "0011')?.message).toMatch(
      /line 2, column 21: not valid JSON: expected a closing " for the string opened at line 2, column 21/,
    );
  });

  test('an exchangeable unit carries declared media only, the first one the medium the meter is reached on', () => {
    const lines = linesFor((p) => {
      p.media = ['wi-sun'];
      p.commsUnit = { units: [['wi-fi'], ['wi-sun', 'wi-fi']] };
    });
    expect(
      lines.some((l) =>
        /at \/commsUnit\/units\/0: the unit carries wi-fi, not in \/media \(wi-sun\)/.test(l),
      ),
    ).toBe(true);
    expect(lines.some((l) => /at \/commsUnit\/units\/1: the unit carries wi-fi/.test(l))).toBe(true);
    expect(
      linesFor((p) => {
        p.media = ['wi-sun', 'wi-fi'];
        p.commsUnit = { units: [['wi-sun']] };
      }).some((l) =>
        /at \/commsUnit\/units\/0: the unit fitted first .* over transport "udp" it carries wi-fi or ethernet/.test(
          l,
        ),
      ),
    ).toBe(true);
  });

  test('a UTF-8 byte-order mark is named', () => {
    const bom = Uint8Array.of(0xef, 0xbb, 0xbf);
    const text = new TextEncoder().encode(readFileSync(REFERENCE, 'utf8'));
    expect(errorFor(Buffer.concat([bom, text]))?.message).toMatch(
      /device\.json: at \/: the file starts with a UTF-8 byte-order mark — save it without BOM/,
    );
  });
});
