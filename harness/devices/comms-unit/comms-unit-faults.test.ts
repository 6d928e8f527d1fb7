// Every fault switch of the emulated SKSTACK IP module shows on the wire: the same host writes, to a
// clean module and to one with the fault on, get output that differs in what the fault's rule is about.
import { expect, test } from '@playwright/test';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { loadProfile } from '../../profile/load-profile.ts';
import { COMMS_UNIT_FAULTS } from './comms-unit-faults.ts';
import { DIALECTS } from './dialects.ts';
import { getFrame, TestHost as Host, joinMeter, type TestHost } from './skstack-test-host.ts';
import { startCommsUnit } from './start-comms-unit.ts';

const { profile } = loadProfile('profiles/reference-lv-meter.json');
const ROUTE_B = profile.routeB!;
const A1 = DIALECTS.bp35a1;

const get = (tid: number) => getFrame(0xe7, tid);

/** The chunks (as text) a scenario's writes produce. */
type Scenario = (host: TestHost) => Promise<string[]>;

/** Connects, sends a Get of E7 with TID 0D 0A, returns the ERXUDP chunks and what follows them. */
const getOverSession: Scenario = async (host) => {
  const address = await joinMeter(host, A1, ROUTE_B);
  const from = host.chunks.length;
  await host.sendTo(`1 ${address} 0E1A 1`, get(0x0d0a));
  await host.clock.advance(1000);
  return host.texts(from).filter((t) => !t.startsWith('EVENT 21') && t !== 'OK\r\n');
};

const SCENARIOS: Record<
  string,
  {
    scenario: Scenario;
    arib?: { windowMs: number; limitMs: number };
    lockout?: { afterFailures: number; forMs: number };
    shows: (clean: string[], faulty: string[]) => void;
  }
> = {
  'sk-wrong-password-accepted': {
    scenario: async (host) => {
      await joinMeter(host, A1, { id: ROUTE_B.id, password: 'WRONGPASSWD0' });
      return host.texts().filter((t) => /^EVENT 2[45]/.test(t));
    },
    shows: (clean, faulty) => {
      expect(clean[0]).toMatch(/^EVENT 24 /);
      expect(faulty[0]).toMatch(/^EVENT 25 /);
    },
  },
  'sk-no-event25-after-reauth': {
    scenario: async (host) => {
      host.command('SKSREG S16 3C');
      await joinMeter(host, A1, ROUTE_B);
      const from = host.chunks.length;
      await host.clock.advance(65_000);
      return host.texts(from).filter((t) => t.startsWith('EVENT'));
    },
    shows: (clean, faulty) => {
      expect(clean.map((t) => t.slice(0, 8))).toEqual(['EVENT 29', 'EVENT 25']);
      expect(faulty.map((t) => t.slice(0, 8))).toEqual(['EVENT 29']);
    },
  },
  'sk-rbid-31-accepted': {
    scenario: async (host) => host.command(`SKSETRBID ${ROUTE_B.id.slice(1)}`),
    shows: (clean, faulty) => {
      expect(clean.at(-1)).toMatch(/FAIL ER06\r\n$/);
      expect(faulty.at(-1)).toMatch(/OK\r\n$/);
    },
  },
  'sk-erxudp-split-at-crlf': {
    scenario: getOverSession,
    shows: (clean, faulty) => {
      expect(clean, 'one ERXUDP write').toHaveLength(1);
      expect(faulty, 'the ERXUDP cut after the 0D 0A of its data').toHaveLength(2);
      expect(faulty.join('')).toBe(clean.join(''));
    },
  },
  'sk-datalen-hex-digits': {
    scenario: getOverSession,
    shows: (clean, faulty) => {
      const datalen = (t: string) => Number.parseInt(t.split(' ')[7]!, 16);
      expect(datalen(faulty[0]!)).toBe(2 * datalen(clean[0]!));
    },
  },
  'sk-hex-in-binary-mode': {
    scenario: getOverSession,
    shows: (clean, faulty) => {
      expect(clean[0]).toContain('\x10\x81\x0D\x0A');
      expect(faulty[0]).toMatch(/ 10810D0A[0-9A-F]+\r\n$/);
    },
  },
  'sk-arib-limit-ignored': {
    arib: { windowMs: 60_000, limitMs: 8 }, // two 14-byte sends: 2 × 4.32 ms
    scenario: async (host) => {
      const address = await joinMeter(host, A1, ROUTE_B);
      await host.sendTo(`1 ${address} 0E1A 1`, get(1));
      await host.sendTo(`1 ${address} 0E1A 1`, get(2));
      await host.until((t) => t.startsWith('EVENT 32'), 100);
      return host.sendTo(`1 ${address} 0E1A 1`, get(3));
    },
    shows: (clean, faulty) => {
      expect(clean).toEqual(['FAIL ER10\r\n']);
      expect(faulty.at(-1)).toBe('OK\r\n');
    },
  },
  'sk-epandesc-split': {
    scenario: async (host) => {
      host.command('SKSREG SFE 0');
      const from = host.chunks.length;
      host.command('SKSCAN 2 FFFFFFFF 6');
      await host.until((t) => t.startsWith('EVENT 22'), 30_000, from);
      return host.texts(from).filter((t) => /EVENT 20|EPANDESC/.test(t));
    },
    shows: (clean, faulty) => {
      expect(clean).toHaveLength(1);
      expect(faulty).toHaveLength(2);
      expect(faulty[1]).toMatch(/^EPANDESC\r\n/);
    },
  },
  'sk-echo-ignores-sfe': {
    scenario: async (host) => {
      host.command('SKSREG SFE 0');
      return host.command('SKVER');
    },
    shows: (clean, faulty) => {
      expect(clean[0]).toBe(`EVER ${A1.version}\r\n`);
      expect(faulty[0]).toBe(`SKVER\r\nEVER ${A1.version}\r\n`);
    },
  },
  'sk-unknown-command-er05': {
    scenario: async (host) => host.command('SKFOO'),
    shows: (clean, faulty) => {
      expect(clean).toEqual(['SKFOO\r\nFAIL ER04\r\n']);
      expect(faulty).toEqual(['SKFOO\r\nFAIL ER05\r\n']);
    },
  },
  'sk-sendto-over-limit-accepted': {
    scenario: async (host) => {
      const address = await joinMeter(host, A1, ROUTE_B);
      return host.sendTo(`1 ${address} 0E1A 1`, new Uint8Array(0x04d1).fill(0x20));
    },
    shows: (clean, faulty) => {
      expect(clean).toEqual(['FAIL ER06\r\n']);
      expect(faulty.at(-1)).toBe('OK\r\n');
    },
  },
  'sk-pana-no-lockout': {
    lockout: { afterFailures: 2, forMs: 60_000 },
    scenario: async (host) => {
      for (const password of ['WRONGPASSWD0', 'WRONGPASSWD1'])
        await joinMeter(host, A1, { id: ROUTE_B.id, password });
      const from = host.chunks.length;
      await joinMeter(host, A1, ROUTE_B); // the right credentials, while locked out
      return host.texts(from).filter((t) => /^EVENT 2[45]/.test(t));
    },
    shows: (clean, faulty) => {
      expect(clean[0], 'clean: locked out').toMatch(/^EVENT 24 /);
      expect(faulty[0], 'faulty: no lock-out').toMatch(/^EVENT 25 /);
    },
  },
  'sk-ll64-ul-kept': {
    scenario: async (host) => host.command('SKLL64 001D129012345678'),
    shows: (clean, faulty) => {
      expect(clean[0]).toMatch(/FE80:0000:0000:0000:021D:1290:1234:5678\r\n$/);
      expect(faulty[0]).toMatch(/FE80:0000:0000:0000:001D:1290:1234:5678\r\n$/);
    },
  },
};

async function run(
  fault: string | undefined,
  { scenario, arib, lockout }: (typeof SCENARIOS)[string],
): Promise<string[]> {
  const clock = new VirtualClock({ start: Date.UTC(2026, 5, 1, 3) });
  const unit = await startCommsUnit({
    profile,
    clock,
    dialect: 'bp35a1',
    faults: fault ? [fault] : [],
    ...(arib ? { arib } : {}),
    ...(lockout ? { meter: { lockout } } : {}),
  });
  const out = await scenario(new Host(unit.module, clock));
  await unit.stop();
  return out;
}

test.describe('comms-unit fault switches on the wire', () => {
  test('every fault of comms-unit-faults.ts has a scenario here', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(COMMS_UNIT_FAULTS.map((f) => f.id).sort());
  });

  for (const [fault, entry] of Object.entries(SCENARIOS)) {
    test(`${fault}: ${COMMS_UNIT_FAULTS.find((f) => f.id === fault)?.rule ?? ''}`, async () => {
      const clean = await run(undefined, entry);
      const faulty = await run(fault, entry);
      expect(faulty).not.toEqual(clean);
      entry.shows(clean, faulty);
    });
  }
});
