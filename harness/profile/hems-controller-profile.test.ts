// A hems-controller profile (a B-route client under test, the harness plays the meter): the reference one
// loads and can be certified; the loader and the certificate hold a controller to its side of the rules;
// only the controller cases apply to it, and they are NA on a meter's profile.
import { expect, test } from '@playwright/test';
import { hemsController, hemsOverWisun } from '../../suites/hems/hc-applies.ts';
import { appliesTo } from '../conformance/case-meta.ts';
import { missingForCertification } from './certification.ts';
import { checkProfile, loadProfile } from './load-profile.ts';
import type { Profile } from './profile.ts';
import { ProfileError } from './profile-error.ts';

const REFERENCE = 'profiles/reference-hems-controller.json';
const REFERENCE_WISUN = 'profiles/reference-hems-controller-wisun.json';
const ROUTE_B = { id: '00112233445566778899AABBCCDDEEFF', password: '0123456789AB' };

const variant = (change: (p: Record<string, unknown>) => void): unknown => {
  const data = structuredClone(loadProfile(REFERENCE).profile) as unknown as Record<string, unknown>;
  change(data);
  return data;
};

function problems(data: unknown): string[] {
  try {
    checkProfile('(test)', data);
  } catch (error) {
    if (error instanceof ProfileError) return error.problems.map((p) => `${p.pointer}: ${p.problem}`);
    throw error;
  }
  return [];
}

test('the reference controller loads (class 05FF, UDP, the declared rate) and can be certified', () => {
  const profile = loadProfile(REFERENCE).profile;
  expect([
    profile.kind,
    profile.classes[0]?.eoj,
    profile.transport.type,
    profile.parameters.requestsPerMinute,
  ]).toEqual(['hems-controller', '05FF01', 'udp', 3]);
  expect(missingForCertification(profile)).toEqual([]);
});

test('the reference controller over Wi-SUN: the UDP one’s timers and rate, Route-B, certifiable; the Wi-SUN cases apply to it only', () => {
  const udp = loadProfile(REFERENCE).profile;
  const wisun = loadProfile(REFERENCE_WISUN).profile;
  expect([wisun.transport.type, wisun.target.type, wisun.media, wisun.routeB !== undefined]).toEqual([
    'skstack',
    'emulated',
    ['wi-sun'],
    true,
  ]);
  expect([wisun.timers, wisun.parameters]).toEqual([udp.timers, udp.parameters]);
  expect(missingForCertification(wisun)).toEqual([]);
  expect(hemsOverWisun(wisun)).toBe(true);
  expect(hemsOverWisun(udp)).toMatch(/reached over UDP/);
});

test('a controller over Wi-SUN, emulated or real, needs the Route-B credentials', () => {
  const wisun = { type: 'skstack', dialect: 'bp35a1' };
  const emulated = (p: Record<string, unknown>) => {
    p.transport = wisun;
  };
  expect(problems(variant(emulated))).toEqual([expect.stringMatching(/^\/routeB: the controller joins/)]);
  expect(
    problems(
      variant((p) => {
        emulated(p);
        p.routeB = ROUTE_B;
      }),
    ),
  ).toEqual([]);
  const real = (p: Record<string, unknown>) => {
    p.transport = wisun;
    p.target = { type: 'real' };
  };
  expect(problems(variant(real))).toEqual([expect.stringMatching(/^\/routeB: the controller joins/)]);
  expect(
    problems(
      variant((p) => {
        real(p);
        p.routeB = ROUTE_B;
      }),
    ),
  ).toEqual([]);
  expect(
    problems(
      variant((p) => {
        p.target = { type: 'emulated', faults: ['no-such-fault'] };
      }),
    ),
  ).toEqual([
    expect.stringMatching(/^\/target\/faults\/0: no fault switch 'no-such-fault' for a hems-controller/),
  ]);
});

test('a certificate holds the controller to the AIF: it waits at least Timer 1 / Timer 2, asks at most 2 properties', () => {
  const relaxed = checkProfile(
    '(test)',
    variant((p) => {
      p.timers = { timer1Ms: 5_000, timer2Ms: 60_000, opcLimit: 4 };
    }),
  );
  expect(missingForCertification(relaxed)).toEqual([
    expect.stringMatching(/^\/timers\/timer1Ms: at least 20000/),
    expect.stringMatching(/^\/timers\/opcLimit: at most 2/),
  ]);
});

test('only the controller cases apply to a controller; they are NA on a meter', () => {
  const controller = loadProfile(REFERENCE).profile;
  const meter: Profile = loadProfile('profiles/reference-lv-meter.json').profile;
  const hc = { id: 'HC-START-001', applies: hemsController };
  const lv = { id: 'LV-BR-STA-001', applies: () => true as const };
  expect(appliesTo(hc, controller)).toBe(true);
  expect(appliesTo(lv, controller)).toMatch(/the device under test is a HEMS controller/);
  expect(appliesTo(hc, meter)).toBe('a lv-meter is not a HEMS controller (0x05FF, the B-route client)');
});
