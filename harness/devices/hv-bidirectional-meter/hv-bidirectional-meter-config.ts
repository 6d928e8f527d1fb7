// What an emulated bidirectional high-voltage meter (class 0x028F) is: its identity, the customer's load
// and generation, the unit and coefficient codes its values are kept in, its wiring and its fault switches.
// Built from a device profile (profiles/) or by tests directly.

export interface HvBidirectionalMeterConfig {
  /** Manufacturer code (0x8A, 3 bytes; also bytes 2–4 of the Route-B identification number C0). */
  readonly makerCode: number;
  /** Bytes 5–16 of C0 (free area), 12 bytes. */
  readonly routeBIdFree: Uint8Array;
  readonly seed: number;
  /** Installation instant (epoch ms): no value is recorded before it. */
  readonly installedAt: number;
  /**
   * The customer's net load = (household load − rooftop solar) of ConsumptionModel × this integer factor: a
   * plant with generation that exports around noon (100 gives about ±200 kW).
   */
  readonly loadScale: number;
  /** Solar peak of the household model, W (scaled by loadScale); 0 = no reverse flow. */
  readonly solarPeakW: number;
  /** Forward active-energy reading at installation, in W·min of the scaled load. */
  readonly counterOffsetWmin: number;
  /** E6 unit code of the active energy (D0, E2, E3, E7, E8, ED). */
  readonly energyUnitCode: number;
  /** C5 unit code of the demand (C1, C3, C6, C8). */
  readonly demandUnitCode: number;
  /** CD unit code of the reactive energy (D1, D5, D6, EE). */
  readonly reactiveUnitCode: number;
  /** D3 coefficient, 1..999999. */
  readonly coefficient: number;
  /** D4 multiplier code of the coefficient: 0x00 = ×1 … 0x03 = ×0.001. */
  readonly multiplierCode: number;
  /** E5 effective digits of the active energy. */
  readonly energyDigits: number;
  /** C4 effective digits of the demand. */
  readonly demandDigits: number;
  /** CC effective digits of the reactive energy. */
  readonly reactiveDigits: number;
  /** E0 fixed date (1..31): C1 restarts at 00:00 JST that day. */
  readonly fixedDate: number;
  /** tan φ of lagging reactive energy per direction: reactive = active energy of that direction × tan φ. */
  readonly lagTan: { readonly forward: number; readonly reverse: number };
  /** The same for leading reactive energy (D6). */
  readonly leadTan: { readonly forward: number; readonly reverse: number };
  /** EB: three-phase three-wire gives R and T; single-phase two-wire has no T phase (0x7FFFFFFE). */
  readonly wiring: 'three-phase-3-wire' | 'single-phase-2-wire';
  /** Line voltage (V) the currents of EB are derived from, at the power factor of lagTan.forward. */
  readonly lineVoltage: number;
  /** How long one-minute values (ED, EE) are kept, ms. */
  readonly oneMinuteRetentionMs: number;
  /** Most properties in one request (AIF: at least 6). */
  readonly opcLimit: number;
  /** Reply latency, ms of the device's clock. */
  readonly responseLatencyMs: number;
  /** Named fault switches (harness/devices/faults.ts); empty = the reference behaviour. */
  readonly faults: ReadonlySet<string>;
}

export const DEFAULT_HV_BIDIRECTIONAL_METER: HvBidirectionalMeterConfig = {
  makerCode: 0xfffffe,
  routeBIdFree: new TextEncoder().encode('REF-HB-00001'),
  seed: 6601,
  installedAt: Date.UTC(2026, 0, 1) - 9 * 3_600_000,
  loadScale: 100,
  solarPeakW: 2000,
  counterOffsetWmin: 0,
  energyUnitCode: 0x02,
  demandUnitCode: 0x02,
  reactiveUnitCode: 0x02,
  coefficient: 60,
  multiplierCode: 0x01,
  energyDigits: 8,
  demandDigits: 6,
  reactiveDigits: 8,
  fixedDate: 10,
  lagTan: { forward: 0.4, reverse: 0.1 },
  leadTan: { forward: 0.05, reverse: 0.2 },
  wiring: 'three-phase-3-wire',
  lineVoltage: 6600,
  oneMinuteRetentionMs: 60 * 60_000,
  opcLimit: 6,
  responseLatencyMs: 0,
  faults: new Set(),
};
