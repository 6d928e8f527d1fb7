// The meter's B-route client table: admission up to maxClients, refusal, revocation, each client's rate
// (SNA, drop, delay) and the faults that break one rule each.
import { expect, test } from '@playwright/test';
import type { BRouteSettings } from '../../profile/profile.ts';
import { type Admission, BRouteClients } from './b-route-clients.ts';

const SETTINGS: BRouteSettings = {
  maxClients: 2,
  refusal: 'silent',
  requestsPerMinute: 3,
  overRate: 'sna',
  selectors: 'per-client',
};
const at = (k: number) => ({ address: `127.192.0.${k}`, port: 3610 });
const kinds = (admissions: Admission[]) =>
  admissions.map((a) => (a.kind === 'serve' ? `serve+${a.delayMs}` : `${a.kind}:${a.as}`));

test('the first maxClients addresses are served, the next refused as declared; a revoked one refused', () => {
  const table = new BRouteClients(SETTINGS, new Set());
  expect(kinds([table.admit(at(1), 0), table.admit(at(2), 0), table.admit(at(3), 0)])).toEqual([
    'serve+0',
    'serve+0',
    'refuse:silent',
  ]);
  table.revoke(at(1).address);
  expect(
    kinds([table.admit(at(1), 1), table.admit(at(3), 1)]),
    'revoked stays out; its place is free',
  ).toEqual(['refuse:silent', 'serve+0']);
  const full = new BRouteClients(SETTINGS, new Set(['mc-n-plus-one-accepted']));
  expect(kinds([full.admit(at(1), 0), full.admit(at(2), 0), full.admit(at(3), 0)]).at(-1)).toBe('serve+0');
});

test('each client has its own rate: beyond it SNA, drop, or late when a minute has passed', () => {
  const sna = new BRouteClients(SETTINGS, new Set());
  const burst = (table: BRouteClients, k: number, n: number, now = 0) =>
    kinds(Array.from({ length: n }, () => table.admit(at(k), now)));
  expect(burst(sna, 1, 4)).toEqual(['serve+0', 'serve+0', 'serve+0', 'over-rate:sna']);
  expect(burst(sna, 2, 1), 'the other client is within its own rate').toEqual(['serve+0']);
  expect(burst(sna, 1, 1, 60_001), 'a minute later it is within its rate again').toEqual(['serve+0']);
  const drop = new BRouteClients({ ...SETTINGS, overRate: 'drop' }, new Set());
  expect(burst(drop, 1, 4).at(-1)).toBe('over-rate:drop');
  const delay = new BRouteClients({ ...SETTINGS, overRate: 'delay' }, new Set());
  expect(burst(delay, 1, 5, 1_000), 'late: one a minute after each of the first').toEqual([
    'serve+0',
    'serve+0',
    'serve+0',
    'serve+60000',
    'serve+60000',
  ]);
});

test('faults: the rate not applied; one budget for all clients (a greedy client starves the others)', () => {
  const ignored = new BRouteClients(SETTINGS, new Set(['mc-rate-limit-ignored']));
  expect(kinds(Array.from({ length: 5 }, () => ignored.admit(at(1), 0))).at(-1)).toBe('serve+0');
  const starved = new BRouteClients(SETTINGS, new Set(['mc-client-starved']));
  for (let i = 0; i < 3; i++) starved.admit(at(1), 0);
  expect(kinds([starved.admit(at(2), 0)]), 'the quiet client is refused for the greedy one').toEqual([
    'over-rate:sna',
  ]);
});

test('a client silent for idleReleaseMs is released: its place is free, its budget fresh', () => {
  const settings = { ...SETTINGS, idleReleaseMs: 10_000 };
  const table = new BRouteClients(settings, new Set());
  expect(kinds([table.admit(at(1), 0), table.admit(at(2), 5_000), table.admit(at(3), 9_999)])).toEqual([
    'serve+0',
    'serve+0',
    'refuse:silent',
  ]);
  expect(kinds([table.admit(at(3), 10_000)]), 'client 1 silent 10 s: client 3 takes its place').toEqual([
    'serve+0',
  ]);
  expect(kinds([table.admit(at(1), 10_001)]), 'client 2 asked at 5 s: still held, so client 1 waits').toEqual(
    ['refuse:silent'],
  );
  const kept = new BRouteClients(settings, new Set(['mc-idle-client-kept']));
  kept.admit(at(1), 0);
  kept.admit(at(2), 0);
  expect(kinds([kept.admit(at(3), 60_000)]), 'the fault keeps idle clients').toEqual(['refuse:silent']);
});
