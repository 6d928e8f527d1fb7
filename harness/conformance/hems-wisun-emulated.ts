// The bench of an emulated HEMS controller over Wi-SUN (profile transport "skstack", target "emulated"),
// built as the emulated meter runs over Wi-SUN are (skstack-device.ts): the bench's module (hems-wisun-
// bench.ts) on a real pseudo-terminal with the bytes crossing it tracked (pty-attach.ts), so the virtual
// clock never steps past a command the module has not read or a line the controller has not read; the
// reference controller on the harness's own SKSTACK IP client (skstack-transport.ts) over that PTY, as a
// controller opens its dongle: it scans, joins with the profile's Route-B ID and password, then runs its
// start-up. The controller knows of the module's holds only from the EVENTs on its line (link-hold.ts).
import type { Clock } from '../clock/clock.ts';
import { TIMED_OUT } from '../clock/wait.ts';
import { attachOverPty } from '../devices/comms-unit/pty-attach.ts';
import {
  type StartedController,
  startEmulatedController,
} from '../devices/emulation/hems-controller-from-profile.ts';
import { skstackLinkHold } from '../devices/hems-controller/link-hold.ts';
import type { LvMeterConfig } from '../devices/lv-meter/lv-meter-config.ts';
import type { Profile } from '../profile/profile.ts';
import { openSkstackTransport, type SkstackTransport } from '../transport/skstack/skstack-transport.ts';
import { HemsBench } from './hems-bench.ts';
import { benchModule, WisunBench } from './hems-wisun-bench.ts';
import { SerialRecord } from './module-serial.ts';
import { driven, PTY_WAIT, skstackSettings, transportOptions } from './skstack-device.ts';
import type { Transcript } from './transcript.ts';

/** The client's scan and join (its own limit is 60 s for SKJOIN), with a margin: a backstop only. */
const JOIN_LIMIT_MS = 120_000;
/** SKTERM at the end waits for EVENT 27 on the clock. */
const TERM_LIMIT_MS = 30_000;

export interface WisunControllerBench {
  readonly bench: HemsBench;
  readonly wisun: WisunBench;
  /** Stops the controller, ends its session and closes the PTY and the module; never rejects. */
  close(): Promise<void>;
}

export async function openEmulatedWisunBench(
  profile: Profile,
  clock: Clock,
  meter: LvMeterConfig,
  transcript: Transcript,
  firstFrameMs: number,
): Promise<WisunControllerBench> {
  const settings = skstackSettings(profile);
  const module = benchModule(profile, settings, clock);
  const serial = new SerialRecord(clock, settings.dialect);
  const pty = attachOverPty(serial.tap(module), clock);
  let client: SkstackTransport | undefined;
  let controller: StartedController | undefined;
  let hold: ReturnType<typeof skstackLinkHold> | undefined;
  const bench = new HemsBench({
    clock,
    transcript,
    transport: module.radio.meter,
    meter,
    linkUpOnFirstFrame: false,
    wait: PTY_WAIT,
    launch: async () => {
      // opened before the clock is driven: the join's limit must not run out before its first command
      const stream = await pty.openStream();
      // routeB: benchModule checked it
      const joining = openSkstackTransport({ stream, ...transportOptions(settings, profile.routeB!, clock) });
      const joined = await driven(clock, joining, JOIN_LIMIT_MS, PTY_WAIT);
      if (joined === TIMED_OUT)
        throw new Error(`the controller's Wi-SUN join did not complete within ${JOIN_LIMIT_MS / 1000} s`);
      client = joined;
      // a failed re-join shows on the serial line; the controller's sends then fail and the wire says so
      client.onError(() => {});
      hold = skstackLinkHold(client);
      controller = startEmulatedController(profile, clock, client, client.meter, hold);
    },
    firstFrameMs,
  });
  const stopSession = module.onSessionEstablished(() => bench.linkUp());
  return {
    bench,
    wisun: new WisunBench(module, serial),
    close: async () => {
      controller?.stop();
      hold?.stop();
      bench.stop();
      if (client) await driven(clock, client.close(), TERM_LIMIT_MS, PTY_WAIT).catch(() => undefined);
      stopSession();
      serial.stop();
      pty.close();
      module.close();
      await module.radio.meter.close().catch(() => undefined);
    },
  };
}
