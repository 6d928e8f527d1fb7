// The exchangeable unit on its own: one meter running on, its Wi-SUN unit taken out and a Wi-SUN + Wi-Fi
// one fitted on the virtual clock. The IP side answers over UDP on loopback, IPv4 and IPv6, and stops
// with its unit; EA of a half hour that ended while the unit was out is the meter's own, or lost or the
// last value before the swap under the faults (CU-SWAP-001 joins the units and checks the credentials).
import { expect, test } from '@playwright/test';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { runAddresses } from '../../conformance/run-addresses.ts';
import { decodeStrict } from '../../echonet/decode-strict.ts';
import { ESV } from '../../echonet/esv.ts';
import { readUnsigned } from '../../echonet/values/integer.ts';
import { NO_DATA_U32 } from '../../echonet/values/sentinels.ts';
import { loadProfile } from '../../profile/load-profile.ts';
import type { Profile } from '../../profile/profile.ts';
import { openUdpTransport } from '../../transport/udp.ts';
import { type ExchangeableMeter, type FittedUnit, startExchangeableMeter } from './exchangeable-unit.ts';
import { getFrame } from './skstack-test-host.ts';

const { profile } = loadProfile('profiles/reference-lv-meter-wisun.json');
const ROUTE_B = profile.routeB!;
const NEW_ROUTE_B = { id: ROUTE_B.id, password: 'NEWPASSWORD1' };
const MINUTE = 60_000;
/** 12:28:00 JST: the unit comes out at 12:29, the next is fitted at 12:31 (12:30 falls due in between). */
const START = Date.parse('2026-06-15T12:28:00+09:00');
const METER: Profile = {
  ...profile,
  target: {
    type: 'emulated',
    faults: [],
    meter: { installedAt: '2026-06-14T00:00:00+09:00', load: { steps: [{ at: 0, watts: 9000 }] } },
  },
};

// this worker's own pair (tests run in parallel: two of this file at once must not share a socket)
const pair = runAddresses(process.pid, 'scratch');
const ipv4 = pair.device.address;
const harness4 = pair.harness.address;

async function swapped(
  faults: string[],
): Promise<{ clock: VirtualClock; meter: ExchangeableMeter; two: FittedUnit }> {
  const clock = new VirtualClock({ start: START });
  const meter = await startExchangeableMeter({
    profile: METER,
    clock,
    dialect: 'bp35a1',
    faults,
    ipv4,
    groupPort: pair.groupPort,
    first: { media: ['wi-sun'], routeB: ROUTE_B },
  });
  await clock.advance(MINUTE);
  await meter.remove();
  await clock.advance(2 * MINUTE);
  const two = await meter.fit({ media: ['wi-sun', 'wi-fi'], routeB: NEW_ROUTE_B });
  return { clock, meter, two };
}

/** A Get of `epc` to `to` over a socket of its own; the EDT of the reply, or undefined after 1 s. */
async function getOverUdp(family: 4 | 6, to: { address: string; port: number }, epc: number) {
  const socket = await openUdpTransport(
    family === 4 ? { family, address: harness4, port: 3610 } : { family, address: '::1', port: 0 },
  );
  try {
    const reply = new Promise<Uint8Array | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 1000);
      socket.onReceive((d) => {
        const f = decodeStrict(d.bytes);
        if (f.ok && f.frame.format === 1 && f.frame.esv === ESV.Get_Res) {
          clearTimeout(timer);
          resolve(f.frame.properties[0]?.edt);
        }
      });
    });
    await socket.send(getFrame(epc, 7), to);
    return await reply;
  } finally {
    await socket.close();
  }
}

test('a unit with Wi-Fi answers over UDP on IPv4 and IPv6; EA of the half hour the unit was out is the meter’s', async () => {
  const { meter, two } = await swapped([]);
  try {
    expect(two.module, 'the second unit has its Wi-SUN side').toBeDefined();
    const v4 = await getOverUdp(4, two.ip!.v4, 0xea);
    const v6 = await getOverUdp(6, two.ip!.v6, 0xea);
    expect(v4, 'EA over IPv4').toBeDefined();
    expect(v6, 'the same EA over IPv6').toEqual(v4);
    const value = readUnsigned(v4!, 7, 4);
    // 9 kW from 2026-06-14 00:00 to 12:30 the next day: 36.5 h × 9 kW = 328.5 kWh = 3285 units of 0.1 kWh
    expect(value, 'EA of 12:30 from the model of the load').toBe(3285);
    const at = two.ip!.v4;
    await meter.remove();
    expect(await getOverUdp(4, at, 0xea), 'no answer once the unit is out').toBeUndefined();
  } finally {
    await meter.stop();
  }
});

for (const [fault, want] of [
  ['cu-swap-value-lost', NO_DATA_U32],
  ['cu-swap-value-duplicated', 3282], // the reading of 12:28 (36.4667 h × 9 kW), recorded again for 12:30
] as const) {
  test(`${fault}: EA of 12:30, due while the unit was out, reads ${want}`, async () => {
    const { meter, two } = await swapped([fault]);
    try {
      const edt = await getOverUdp(4, two.ip!.v4, 0xea);
      expect(readUnsigned(edt!, 7, 4)).toBe(want);
    } finally {
      await meter.stop();
    }
  });
}

test('cu-swap-wifi-silent: the IP side of the fitted unit never answers', async () => {
  const { meter, two } = await swapped(['cu-swap-wifi-silent']);
  try {
    expect(await getOverUdp(4, two.ip!.v4, 0xea)).toBeUndefined();
  } finally {
    await meter.stop();
  }
});

test('only one unit at a time', async () => {
  const { meter } = await swapped([]);
  try {
    await expect(meter.fit({ media: ['wi-sun'], routeB: ROUTE_B })).rejects.toThrow(/remove it before/);
  } finally {
    await meter.stop();
  }
});
