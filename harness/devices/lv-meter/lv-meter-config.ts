// What an emulated low-voltage meter is: its identity, counters, wiring and fault switches.
// Built from a device profile (profiles/) or by tests directly.
import type { NextGenerationItem } from '../../profile/profile.ts';
import type { LoadStep } from './scripted-load.ts';

/**
 * The meter's records across an exchange of its communication unit (harness/devices/comms-unit/
 * exchangeable-unit.ts): the instant whose reading the meter holds for `at`. The reference meter keeps its
 * records itself, so it is `at`; the unit-swap fault switches make a meter that loses (undefined) or
 * records again (an earlier instant) the values that fell due while its unit was out.
 */
export interface UnitSwapRecords {
  heldFor(at: number): number | undefined;
}

export interface LvMeterConfig {
  /** Manufacturer code (0x8A, 3 bytes). */
  readonly makerCode: number;
  /** 12 free bytes of the Route B identification number C0 (after 0x00 and the maker code). */
  readonly routeBIdTail: Uint8Array;
  readonly seed: number;
  /** Installation instant (epoch ms): no value is recorded before it. */
  readonly installedAt: number;
  /**
   * When this start is a restart after a power cycle: its instant (epoch ms). The values are computed on
   * demand and survive it; only the fault `restart-loses-history` reads it.
   */
  readonly restartedAt?: number;
  /** Set when the meter's communication unit can be exchanged while it runs (see UnitSwapRecords). */
  readonly unitSwaps?: UnitSwapRecords;
  /** Counter reading at installation, in W·min (to place a roll-over within a test). */
  readonly counterOffsetWmin: number;
  /** E1 unit code: 0x01 = 0.1 kWh, 0x02 = 0.01 kWh, … */
  readonly unitCode: number;
  /** D3 coefficient; undefined = D3 not implemented (treated as 1). */
  readonly coefficient?: number;
  /** D7 effective digits: counters roll over at 10^digits. */
  readonly digits: number;
  /** Reverse-direction measurement (solar): E3, E4, EB implemented; peak generation in W. */
  readonly solarPeakW: number;
  /**
   * A scripted net load instead of the seeded load and solar curves (reverse flow where negative; the
   * meter measures the reverse direction when solarPeakW > 0).
   */
  readonly load?: { readonly steps: readonly LoadStep[]; readonly repeatDaily: boolean };
  readonly wiring: 'single-phase-2-wire' | 'single-phase-3-wire';
  /** How the 30-minute value is notified (AIF LV §3.2.1: within 5 min after :00 and :30). */
  readonly notification: 'INF' | 'INFC';
  /** Delay of the notification after :00/:30, ms. */
  readonly notificationDelayMs: number;
  /** Most properties in one request (AIF LV §2.4.4: at least 6). */
  readonly opcLimit: number;
  /** Reply latency, ms of the device's clock. */
  readonly responseLatencyMs: number;
  /** Next-generation items and the EPCs the profile assigns them (no public EPC exists yet). */
  readonly nextGeneration: readonly NextGenerationItem[];
  /** Named fault switches (harness/devices/faults.ts); empty = the reference behaviour. */
  readonly faults: ReadonlySet<string>;
}

export const DEFAULT_LV_METER: LvMeterConfig = {
  makerCode: 0xfffffe,
  routeBIdTail: new Uint8Array(12),
  seed: 3610,
  installedAt: Date.UTC(2026, 0, 1) - 9 * 3_600_000,
  counterOffsetWmin: 0,
  unitCode: 0x01,
  coefficient: 1,
  digits: 6,
  solarPeakW: 3000,
  wiring: 'single-phase-3-wire',
  notification: 'INF',
  notificationDelayMs: 60_000,
  opcLimit: 6,
  responseLatencyMs: 0,
  nextGeneration: [],
  faults: new Set(),
};
