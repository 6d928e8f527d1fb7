// The Wi-SUN side of a HEMS controller case (profile transport "skstack"): the emulated SKSTACK IP module
// the controller's dongle driver talks to over the pseudo-terminal, with the meter of the bench
// (hems-bench.ts) on its radio side, and its knobs:
//   reauthenticate(ms)  the PANA session's lifetime runs out now: EVENT 29, then EVENT 25 after `ms` (the
//                       module re-authenticates, S17 = 1; echonet-smart-meter.md §4.2); SKSENDTO is
//                       refused meanwhile (FAIL ER10: momonga documents the module's blocking, §3.3)
//   holdAribLimit(ms)   the ARIB STD-T108 send-time limit holds now for `ms`: EVENT 32, then EVENT 33;
//                       SKSENDTO is refused meanwhile
//   serial              every command the controller wrote and every line the module answered, as the
//                       module read and wrote them (module-serial.ts): what the cases judge
import type { Clock } from '../clock/clock.ts';
import { SkstackModule } from '../devices/comms-unit/skstack-module.ts';
import { DEFAULT_METER_RADIO, DEFAULT_MODULE_MAC } from '../devices/comms-unit/start-comms-unit.ts';
import type { Profile, SkstackTransportSettings } from '../profile/profile.ts';
import { EVENT } from '../transport/skstack/events.ts';
import { frameLimitOf } from '../transport/skstack/frame-limit.ts';
import type { SerialLine, SerialRecord } from './module-serial.ts';

export class WisunBench {
  constructor(
    private readonly module: SkstackModule,
    /** The serial line at the module, both ways, numbered as the case's serial.txt. */
    readonly serial: SerialRecord,
  ) {}

  /** EVENT 29 now, EVENT 25 after `ms`; returns the EVENT 29 line. */
  reauthenticate(ms: number): SerialLine {
    const from = this.serial.lines.length;
    if (!this.module.expireSession(ms))
      throw new Error('the bench’s module has no PANA session to re-authenticate: did the controller join?');
    return this.eventLine(EVENT.sessionExpired, from);
  }

  /** EVENT 32 now, EVENT 33 after `ms`; returns the EVENT 32 line. */
  holdAribLimit(ms: number): SerialLine {
    const from = this.serial.lines.length;
    if (!this.module.holdSends(ms)) throw new Error('the bench’s module already holds its sends (EVENT 32)');
    return this.eventLine(EVENT.transmitLimitActivated, from);
  }

  private eventLine(code: number, after: number): SerialLine {
    const line = this.serial.event(code, after);
    if (!line) throw new Error(`the bench’s module wrote no EVENT ${code.toString(16)} on the serial line`);
    return line;
  }
}

/** The module of a controller's bench: the profile's dialect and frame limit, the meter's Route-B ID and password. */
export function benchModule(
  profile: Profile,
  settings: SkstackTransportSettings,
  clock: Clock,
): SkstackModule {
  if (!profile.routeB)
    throw new Error(
      'profile /routeB: the controller joins the harness’s meter with a Route-B ID and password',
    );
  return new SkstackModule({
    clock,
    dialect: settings.dialect,
    mac: DEFAULT_MODULE_MAC,
    maxSendBytes: frameLimitOf(settings),
    faults: new Set(),
    meter: { ...DEFAULT_METER_RADIO, routeB: profile.routeB },
  });
}
