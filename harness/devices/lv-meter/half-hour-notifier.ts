// AIF LV meter v1.01 §3.2.1: the meter notifies the latest 30-minute value (EA, and EB when it measures
// the reverse direction) within 5 minutes after every :00 and :30, by INF or INFC (the profile says which).
import type { Clock, TimerHandle } from '../../clock/clock.ts';
import { HALF_HOUR } from '../../clock/durations.ts';
import { HEMS_CONTROLLER } from '../../echonet/eoj.ts';
import { ESV } from '../../echonet/esv.ts';
import type { Property } from '../../echonet/frame.ts';
import type { EchonetNode } from '../node/echonet-node.ts';
import type { LvMeterConfig } from './lv-meter-config.ts';
import type { LvMeterObject } from './lv-meter-object.ts';

/** Fault inf-late-7min: 7 minutes after the boundary, 2 minutes past the AIF deadline. */
const LATE_DELAY_MS = 7 * 60_000;

export class HalfHourNotifier {
  private timer: TimerHandle | undefined;

  constructor(
    private readonly meter: LvMeterObject,
    private readonly node: EchonetNode,
    private readonly config: LvMeterConfig,
    private readonly clock: Clock,
  ) {}

  start(): void {
    if (this.config.faults.has('inf-missing')) return;
    this.scheduleAfter(this.clock.now());
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private scheduleAfter(now: number): void {
    const delay = this.config.faults.has('inf-late-7min') ? LATE_DELAY_MS : this.config.notificationDelayMs;
    let due = Math.floor(now / HALF_HOUR) * HALF_HOUR + delay;
    if (due <= now) due += HALF_HOUR;
    this.timer = this.clock.setTimer(due - now, () => {
      this.fire().catch(() => {
        // transport closed while stopping: the next cycle is not due any more
      });
      this.scheduleAfter(this.clock.now());
    });
  }

  private async fire(): Promise<void> {
    const epcs = this.meter.hasReverse ? [0xea, 0xeb] : [0xea];
    const properties: Property[] = epcs.map((epc) => ({ epc, edt: this.meter.read(epc) as Uint8Array }));
    const esv = this.config.notification === 'INFC' ? ESV.INFC : ESV.INF;
    await this.node.notify(this.meter.eoj, HEMS_CONTROLLER, esv, properties);
  }
}
