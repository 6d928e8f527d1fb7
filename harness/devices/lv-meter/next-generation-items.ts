// Next-generation measurement items (METI study group: 1-minute values kept 60 min, 5-minute active and
// reactive energy and voltage, 15/30-minute values, retention per interval). No APPENDIX release assigns
// them EPCs yet, so the profile names the EPCs and this file fixes the encodings (profile parameters,
// documented in profiles/profile.schema.json):
//   latest value EPC   active-energy:   date-time(7) + forward u32 + reverse u32   (as 0x0288 D0)
//                      reactive-energy: date-time(7) + lagging u32 (E1 units, kvarh)
//                      voltage:         date-time(7) + u16 average in 0.1 V
//   selector EPC       date-time_6 + n (1..12)                                        (as 0x0288 EF)
//   history EPC        date-time_6 + n + n × value, newest first, 0xFF… for values not kept (as 0x0288 EE)

import type { Clock } from '../../clock/clock.ts';
import { MINUTE } from '../../clock/durations.ts';
import { fromJst, jstMidnight, toJst } from '../../clock/jst.ts';
import { concatBytes } from '../../echonet/bytes.ts';
import { decodeDateTime6, encodeDateTime } from '../../echonet/values/date-time.ts';
import { writeUnsigned } from '../../echonet/values/integer.ts';
import type { NextGenerationItem } from '../../profile/profile.ts';

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

  constructor(
    private readonly items: readonly NextGenerationItem[],
    private readonly source: IntervalSource,
    private readonly clock: Clock,
    private readonly faults: ReadonlySet<string>,
    /** D7: effective digits of the counters. */
    private readonly digits: number,
  ) {}

  get getEpcs(): number[] {
    return this.items
      .flatMap((i) => [i.epc, i.selectorEpc, i.historyEpc])
      .filter(defined)
      .map(code);
  }

  get setEpcs(): number[] {
    return this.items.flatMap((i) => (i.selectorEpc ? [code(i.selectorEpc)] : []));
  }

  read(epc: number): Uint8Array | undefined {
    const now = this.clock.now();
    for (const item of this.items) {
      const step = item.intervalMinutes * MINUTE;
      if (code(item.epc) === epc) {
        // the latest interval boundary; the fault gives the interval before it
        const at = Math.floor(now / step) * step - (this.faults.has('next-gen-latest-stale') ? step : 0);
        // the fault stamps the value with the seconds of the read (the boundary's are 00)
        const stamp =
          at + (this.faults.has('ng-stamp-seconds') ? Math.floor((now % MINUTE) / 1000) * 1000 : 0);
        return concatBytes(encodeDateTime(toJst(stamp)), this.value(item, at, now));
      }
      if (item.selectorEpc && code(item.selectorEpc) === epc) return this.selectors.get(epc) ?? UNSET;
      if (item.historyEpc && item.selectorEpc && code(item.historyEpc) === epc) {
        return this.history(item, this.selectors.get(code(item.selectorEpc)) ?? UNSET, now);
      }
    }
    return undefined;
  }

  write(epc: number, edt: Uint8Array): boolean {
    const item = this.items.find((i) => i.selectorEpc && code(i.selectorEpc) === epc);
    if (!item || edt.length !== 7) return false;
    const start = decodeDateTime6(edt);
    const n = edt[6] as number;
    const step = item.intervalMinutes * MINUTE;
    if (!start.ok || start.value === 'unset' || n < 1 || n > 12 || fromJst(start.value) % step !== 0)
      return false;
    this.selectors.set(epc, edt.slice());
    return true;
  }

  /** The encoded value for the interval ending at `at`; no-data when not kept or not yet measured. */
  private value(item: NextGenerationItem, at: number, now: number): Uint8Array {
    const retention =
      item.retentionDays * 86_400_000 * (this.faults.has('next-gen-retention-halved') ? 0.5 : 1);
    const kept = at <= now && (this.faults.has('next-gen-kept-forever') || at >= now - retention);
    if (!kept) return this.noData(item);
    const step = item.intervalMinutes * MINUTE;
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
        if (this.source.energyRaw(at - step, 'forward') === undefined)
          return this.faults.has('ng-no-data-zero') ? writeUnsigned(0, 2) : this.noData(item);
        let sum = 0;
        for (let t = at - step; t < at; t += MINUTE)
          sum += 1010 - Math.round(Math.max(0, this.source.powerAt(t)) / 200);
        return writeUnsigned(Math.round(sum / item.intervalMinutes), 2);
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
    const step = item.intervalMinutes * MINUTE;
    const first = fromJst(start.value);
    const parts = [selector];
    for (let i = 0; i < (selector[6] as number); i++) parts.push(this.value(item, first - i * step, now));
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
