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
import { fromJst, toJst } from '../../clock/jst.ts';
import { concatBytes } from '../../echonet/bytes.ts';
import { decodeDateTime6, encodeDateTime } from '../../echonet/values/date-time.ts';
import { writeUnsigned } from '../../echonet/values/integer.ts';
import type { NextGenerationItem } from '../../profile/profile.ts';

export interface IntervalSource {
  /** Counter in E1 units at `at`, or undefined when nothing was recorded then. */
  energyRaw(at: number, direction: 'forward' | 'reverse'): number | undefined;
  /** Net power (W) during the minute containing `at`. */
  powerAt(at: number): number;
}

/** Lagging reactive energy as a share of forward active energy (tan φ at a power factor of about 0.96). */
const REACTIVE_SHARE = 0.3;
const UNSET = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);

export class NextGenerationItems {
  private readonly selectors = new Map<number, Uint8Array>();

  constructor(
    private readonly items: readonly NextGenerationItem[],
    private readonly source: IntervalSource,
    private readonly clock: Clock,
    private readonly faults: ReadonlySet<string>,
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
        return concatBytes(encodeDateTime(toJst(at)), this.value(item, at, now));
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
    const kept = at <= now && at >= now - retention;
    switch (item.quantity) {
      case 'active-energy':
        return concatBytes(
          this.u32(kept ? this.source.energyRaw(at, 'forward') : undefined),
          this.u32(kept ? this.source.energyRaw(at, 'reverse') : undefined),
        );
      case 'reactive-energy': {
        const active = kept ? this.source.energyRaw(at, 'forward') : undefined;
        return this.u32(active === undefined ? undefined : Math.floor(active * REACTIVE_SHARE));
      }
      case 'voltage': {
        if (!kept) return writeUnsigned(0xfffe, 2);
        const step = item.intervalMinutes * MINUTE;
        let sum = 0;
        for (let t = at - step; t < at; t += MINUTE)
          sum += 1010 - Math.round(Math.max(0, this.source.powerAt(t)) / 200);
        return writeUnsigned(Math.round(sum / item.intervalMinutes), 2);
      }
    }
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

  private u32(value: number | undefined): Uint8Array {
    return writeUnsigned(value === undefined ? 0xfffffffe : value, 4);
  }
}

const code = (epc: string) => Number.parseInt(epc, 16);
const defined = <T>(x: T | undefined): x is T => x !== undefined;
