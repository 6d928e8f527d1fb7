// CU-SWAP-001: the exchangeable communication unit (seed 論点①: only the meter's communication part is
// exchanged; a Wi-SUN unit, and one with Wi-SUN and Wi-Fi 2.4 GHz). A running meter has its Wi-SUN unit
// taken out across a half-hour boundary and a unit with Wi-SUN and Wi-Fi fitted, then the Wi-SUN one
// again (harness/devices/comms-unit/exchangeable-unit.ts), all on the virtual clock. The meter runs a
// constant scripted load, so every 1-minute and 30-minute value read (EE, EA, E2) is checked against the
// exact model of that load (load-curve-model.ts): none lost or repeated across either swap, none changed
// from what D0 gave before. Each fitted unit is joined with the Route-B credentials provisioned for it,
// and the former password is refused or taken as the profile declares (commsUnit.formerRouteB). The unit
// with Wi-Fi answers one Get alike over Wi-SUN and over UDP, IPv4 and IPv6.
import { HALF_HOUR, MINUTE } from '../../harness/clock/durations.ts';
import { pass } from '../../harness/clock/wait.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import { MalformedReply } from '../../harness/conformance/dut-client.ts';
import { LoadCurveModel } from '../../harness/conformance/load-curve-model.ts';
import { halfHourFloor } from '../../harness/conformance/meter-reads.ts';
import { runAddresses } from '../../harness/conformance/run-addresses.ts';
import {
  type IpClient,
  joinThroughUnit,
  openIpClient,
  provisioned,
} from '../../harness/conformance/unit-swap.ts';
import {
  expectHalfHoursKept,
  expectJoinedWith,
  expectMediaAgree,
  expectMinutesKept,
  type LiveReadings,
  readLatestMinute,
} from '../../harness/conformance/unit-swap-checks.ts';
import { inconclusive } from '../../harness/conformance/verdict.ts';
import {
  type FittedUnit,
  type RouteB,
  startExchangeableMeter,
} from '../../harness/devices/comms-unit/exchangeable-unit.ts';
import type { Profile } from '../../harness/profile/profile.ts';
import { exchangeableUnit } from './cu-applies.ts';

/** 0.15 kWh a minute: at E1 0.1 kWh every 1-minute value differs from the one before. */
const WATTS = 9000;
const DAY_MS = 86_400_000;

conformance(
  {
    id: 'CU-SWAP-001',
    title:
      'the communication unit swapped (Wi-SUN → Wi-SUN + Wi-Fi → Wi-SUN): no 1- or 30-minute value lost or repeated, credentials re-provisioned, both media answer alike',
    specRef: 'NG/UNIT-SWAP-DATA',
    severity: 'critical',
    applies: exchangeableUnit,
    catches: [
      'cu-swap-value-lost',
      'cu-swap-value-duplicated',
      'cu-swap-credentials-kept',
      'cu-swap-old-credentials-accepted',
      'cu-swap-wifi-silent',
    ],
    realTimeMs: 30 * 60_000, // NA on a real meter; a few seconds on the virtual clock
  },
  async ({ profile, clock, transcript }) => {
    const target = profile.target.type === 'emulated' ? profile.target : undefined;
    if (!target || profile.transport.type !== 'skstack' || !profile.routeB || !profile.commsUnit)
      throw new Error('the gate lets only an emulated Wi-SUN meter with an exchangeable unit through');
    const [first, second] = profile.commsUnit.units as [FittedUnit['media'], FittedUnit['media']];
    const former = profile.commsUnit.formerRouteB;
    const credentials = [0, 1, 2].map((n) => provisioned(profile.routeB!, n, former));
    // the meter installed a day before, on a constant load: the model gives every value it must read
    const installedAt = halfHourFloor(clock.now()) - DAY_MS;
    const steps = [{ at: 0, watts: WATTS }];
    const settings = target.meter ?? {};
    const model = new LoadCurveModel(steps, {
      installedAt,
      unitCode: Number.parseInt(settings.unitCode ?? '0x01', 16),
      coefficient: settings.coefficient ?? 1,
      digits: settings.digits ?? 6,
      offsetKWh: 0,
    });
    const meterProfile: Profile = {
      ...profile,
      target: {
        ...target,
        meter: {
          ...settings,
          installedAt: new Date(installedAt).toISOString().replace('.000', ''),
          load: { steps },
          counterOffsetKWh: 0,
        },
      },
    };
    const at = runAddresses(process.pid, 'scratch');
    const meter = await startExchangeableMeter({
      profile: meterProfile,
      clock,
      dialect: profile.transport.dialect,
      faults: profile.transport.faults ?? [],
      ipv4: at.device.address,
      groupPort: at.groupPort,
      first: { media: first, routeB: credentials[0]! },
    });
    const open = new Set<{ close(): Promise<void> }>();
    const closeAll = async () => {
      for (const c of [...open].reverse()) await c.close();
      open.clear();
    };
    const passTo = (instant: number) => pass(clock, Math.max(0, instant - clock.now()), { idleMs: 1 });
    const join = async (unit: FittedUnit, routeB: RouteB, formerRouteB: RouteB) => {
      const link = await expectJoinedWith(
        unit,
        meterProfile,
        clock,
        transcript,
        routeB,
        formerRouteB,
        former,
      );
      open.add(link);
      return link;
    };
    try {
      const boundary = halfHourFloor(clock.now()) + HALF_HOUR;
      const live: LiveReadings = new Map();
      // before: the Wi-SUN unit, joined with the profile's credentials
      const one = await joinThroughUnit(meter.unit!, meterProfile, clock, transcript, credentials[0]!);
      if (one instanceof Error) inconclusive(`precondition (the first unit joined) not met: ${one.message}`);
      open.add(one);
      await passTo(boundary - 150_000);
      await readLatestMinute(one.dut, live);
      await passTo(boundary - 90_000);
      await readLatestMinute(one.dut, live);
      await closeAll();
      // the unit out across two minutes and the half-hour boundary
      await passTo(boundary - 80_000);
      await meter.remove();
      await passTo(boundary + 80_000);
      const two = await meter.fit({ media: second, routeB: credentials[1]! });
      const radio = await join(two, credentials[1]!, credentials[0]!);
      const media: { medium: string; dut: IpClient['dut'] }[] = [{ medium: 'Wi-SUN', dut: radio.dut }];
      if (two.ip) {
        for (const family of [4, 6] as const) {
          const ip = await openIpClient(two, family, at.harness.address, meterProfile, clock, transcript);
          open.add(ip);
          media.push({ medium: `Wi-Fi IPv${family}`, dut: ip.dut });
        }
      }
      await expectMediaAgree(media, 0xea);
      await expectMinutesKept(radio.dut, model, minuteOf(clock.now()), live, 'after the first swap');
      await expectHalfHoursKept(radio.dut, model, 'after the first swap');
      // during: 1-minute readings over the new unit's last medium
      const during = media.at(-1)!.dut;
      await passTo(boundary + 150_000);
      await readLatestMinute(during, live);
      await passTo(boundary + 210_000);
      await readLatestMinute(during, live);
      await closeAll();
      // and back: a Wi-SUN unit again, across three more minutes
      await passTo(boundary + 220_000);
      await meter.remove();
      await passTo(boundary + 380_000);
      const three = await meter.fit({ media: first, routeB: credentials[2]! });
      const back = await join(three, credentials[2]!, credentials[1]!);
      await expectMinutesKept(back.dut, model, minuteOf(clock.now()), live, 'after the swap back');
      await expectHalfHoursKept(back.dut, model, 'after the swap back');
    } catch (error) {
      // a reply the harness cannot read is the module's ERXUDP matter (CU-ERXUDP-001), not this case's rule
      if (error instanceof MalformedReply)
        inconclusive(`a reply came unreadable through the unit (${error.message})`);
      throw error;
    } finally {
      await closeAll();
      await meter.stop();
    }
  },
);

const minuteOf = (instant: number) => Math.floor(instant / MINUTE) * MINUTE;
