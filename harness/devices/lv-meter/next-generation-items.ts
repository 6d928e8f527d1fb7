// Next-generation measurement items (METI study group: 1-minute values kept 60 min, 5-minute active and
// reactive energy and voltage, 15/30-minute values, retention per interval). No APPENDIX release assigns
// them EPCs yet, so the profile names the EPCs and this file fixes the encodings (profile parameters,
// documented in profiles/profile.schema.json):
//   latest value EPC   active-energy:   date-time(7) + forward u32 + reverse u32   (as 0x0288 D0)
//                      reactive-energy: date-time(7) + lagging u32 (E1 units, kvarh)
//                      voltage:         date-time(7) + u16 average in 0.1 V
//   selector EPC       date-time_6 + n (1..12)                                        (as 0x0288 EF)
//   history EPC        date-time_6 + n + n × value, newest first, 0xFF… for values not kept (as 0x0288 EE)
//   switch EPC         1 byte, the interval in minutes: 30 (0x1E) or 15 (0x0F); Get gives the one in effect
//                      (seed: 30-minute interval switchable to 15 minutes; EPC and encoding are the profile's)

import type { Clock } from '../../clock/clock.ts';
import { MINUTE } from '../../clock/durations.ts';
import { fromJst, jstMidnight, toJst } from '../../clock/jst.ts';
import { concatBytes } from '../../echonet/bytes.ts';
import { decodeDateTime6, encodeDateTime } from '../../echonet/values/date-time.ts';
import { writeUnsigned } from '../../echonet/values/integer.ts';
import type { NextGenerationItem } from '../../profile/profile.ts';
import { IntervalTimeline } from './interval-timeline.ts';

export interface IntervalSource {
  /** Counter in E1 units at `at`, or undefined when nothing was recorded then. */
  energyRaw(at: number, direction: 'forward' | 'reverse'): number | undefined;
  /** Lagging reactive energy counter in E1 units (kvarh) at `at`, or undefined when nothing was recorded. */
  reactiveRaw(at: number): number | undefined;
  /** Net power (W) during the minute containing `at`. */
  powerAt(at: number): number;
}

const UNSET = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
/** Seed ※2: active energy is kept with 8 digits up to the MDMS; the fault keeps 6. */
const TRUNCATED_DIGITS = 6;

export class NextGenerationItems {
  private readonly selectors = new Map<number, Uint8Array>();
  /** Each item's interval boundaries (the 30 → 15-minute switch moves them). */
  private readonly timelines = new Map<NextGenerationItem, IntervalTimeline>();

  constructor(
    private readonly items: readonly NextGenerationItem[],
    private readonly source: IntervalSource,
    private readonly clock: Clock,
    private readonly faults: ReadonlySet<string>,
    /** D7: effective digits of the counters. */
    private readonly digits: number,
  ) {
    for (const item of items)
      this.timelines.set(item, new IntervalTimeline(item.intervalMinutes, item.switchableTo));
  }

  get getEpcs(): number[] {
    return this.items
      .flatMap((i) => [i.epc, i.selectorEpc, i.historyEpc, i.switchEpc])
      .filter(defined)
      .map(code);
  }

  get setEpcs(): number[] {
    return this.items.flatMap((i) => [i.selectorEpc, i.switchEpc].filter(defined).map(code));
  }

  read(epc: number): Uint8Array | undefined {
    const now = this.clock.now();
    for (const item of this.items) {
      const timeline = this.timeline(item);
      if (code(item.epc) === epc) {
        // the latest interval boundary; the fault gives the interval before it
        const latest = timeline.boundaryAtOrBefore(now);
        const at = this.faults.has('next-gen-latest-stale') ? timeline.previous(latest) : latest;
        // the fault stamps the value with the seconds of the read (the boundary's are 00)
        const stamp =
          at + (this.faults.has('ng-stamp-seconds') ? Math.floor((now % MINUTE) / 1000) * 1000 : 0);
        return concatBytes(encodeDateTime(toJst(stamp)), this.value(item, at, now));
      }
      if (item.selectorEpc && code(item.selectorEpc) === epc) return this.selectors.get(epc) ?? UNSET;
      if (item.historyEpc && item.selectorEpc && code(item.historyEpc) === epc) {
        return this.history(item, this.selectors.get(code(item.selectorEpc)) ?? UNSET, now);
      }
      if (item.switchEpc && code(item.switchEpc) === epc) return Uint8Array.of(timeline.minutesAt(now));
    }
    return undefined;
  }

  write(epc: number, edt: Uint8Array): boolean {
    const switched = this.items.find((i) => i.switchEpc && code(i.switchEpc) === epc);
    if (switched) return this.writeSwitch(switched, edt);
    const item = this.items.find((i) => i.selectorEpc && code(i.selectorEpc) === epc);
    if (!item || edt.length !== 7) return false;
    const start = decodeDateTime6(edt);
    const n = edt[6] as number;
    if (
      !start.ok ||
      start.value === 'unset' ||
      n < 1 ||
      n > 12 ||
      !this.timeline(item).isBoundary(fromJst(start.value))
    )
      return false;
    this.selectors.set(epc, edt.slice());
    return true;
  }

  /**
   * The switch: 15 takes effect at the next boundary of the 30-minute interval (the first 15-minute slot
   * starts there); 30 is accepted before a switch and changes nothing. Back from 15 to 30 the seed does
   * not describe: refused (SetC_SNA), an assumption of the emulator. `switch-15-immediate` switches at the
   * next quarter hour instead, mid-interval.
   */
  private writeSwitch(item: NextGenerationItem, edt: Uint8Array): boolean {
    const timeline = this.timeline(item);
    const minutes = edt[0];
    if (edt.length !== 1 || item.switchableTo === undefined) return false;
    if (minutes === item.intervalMinutes) return !timeline.switched;
    if (minutes !== item.switchableTo) return false;
    const now = this.clock.now();
    const step = (this.faults.has('switch-15-immediate') ? item.switchableTo : item.intervalMinutes) * MINUTE;
    timeline.switchFrom(Math.ceil(now / step) * step);
    return true;
  }

  private timeline(item: NextGenerationItem): IntervalTimeline {
    return this.timelines.get(item)!;
  }

  /** The encoded value for the interval ending at `at`; no-data when not kept or not yet measured. */
  private value(item: NextGenerationItem, at: number, now: number): Uint8Array {
    const retention =
      item.retentionDays * 86_400_000 * (this.faults.has('next-gen-retention-halved') ? 0.5 : 1);
    const kept = at <= now && (this.faults.has('next-gen-kept-forever') || at >= now - retention);
    if (!kept) return this.noData(item);
    const timeline = this.timeline(item);
    // the fault loses the first 15-minute slot after the switch
    const switchAt = timeline.switchAt;
    if (this.faults.has('switch-15-loses-slot') && switchAt !== undefined && at === switchAt + 15 * MINUTE)
      return this.noData(item);
    const begins = timeline.previous(at);
    // the fault's 5-minute slots end one minute after the boundary they are stamped with
    const measured =
      this.faults.has('ng-5min-one-minute-late') && item.intervalMinutes === 5
        ? Math.min(at + MINUTE, now)
        : at;
    switch (item.quantity) {
      case 'active-energy': {
        // the fault adds one unit per quarter hour since midnight to the 15-minute counter
        const extra =
          this.faults.has('ng-15min-over-30min') && item.intervalMinutes === 15
            ? Math.floor((at - jstMidnight(at)) / (15 * MINUTE))
            : 0;
        const forward = this.source.energyRaw(measured, 'forward');
        return concatBytes(
          this.u32(forward === undefined ? undefined : forward + extra),
          this.u32(this.source.energyRaw(measured, 'reverse')),
        );
      }
      case 'reactive-energy':
        return this.u32(this.source.reactiveRaw(measured));
      case 'voltage': {
        // measured only when the whole interval lies after installation
        if (this.source.energyRaw(begins, 'forward') === undefined)
          return this.faults.has('ng-no-data-zero') ? writeUnsigned(0, 2) : this.noData(item);
        let sum = 0;
        for (let t = begins; t < at; t += MINUTE)
          sum += 1010 - Math.round(Math.max(0, this.source.powerAt(t)) / 200);
        return writeUnsigned(Math.round(sum / ((at - begins) / MINUTE)), 2);
      }
    }
  }

  private noData(item: NextGenerationItem): Uint8Array {
    if (item.quantity === 'voltage') return writeUnsigned(0xfffe, 2);
    return concatBytes(
      ...Array(item.quantity === 'active-energy' ? 2 : 1).fill(writeUnsigned(0xfffffffe, 4)),
    );
  }

  private history(item: NextGenerationItem, selector: Uint8Array, now: number): Uint8Array {
    const start = decodeDateTime6(selector);
    if (!start.ok || start.value === 'unset')
      return concatBytes(selector, this.value(item, Number.POSITIVE_INFINITY, now));
    const timeline = this.timeline(item);
    const parts = [selector];
    let at = fromJst(start.value);
    for (let i = 0; i < (selector[6] as number); i++, at = timeline.previous(at))
      parts.push(this.value(item, at, now));
    return concatBytes(...parts);
  }

  /** A counter value; not measured (before installation) is no data, which the fault gives as 0. */
  private u32(value: number | undefined): Uint8Array {
    if (value === undefined) return writeUnsigned(this.faults.has('ng-no-data-zero') ? 0 : 0xfffffffe, 4);
    const truncated = this.faults.has('ng-8-digits-truncated') && this.digits > TRUNCATED_DIGITS;
    return writeUnsigned(truncated ? value % 10 ** TRUNCATED_DIGITS : value, 4);
  }
}

const code = (epc: string) => Number.parseInt(epc, 16);
const defined = <T>(x: T | undefined): x is T => x !== undefined;
