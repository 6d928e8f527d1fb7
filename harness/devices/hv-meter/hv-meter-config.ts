// What an emulated high-voltage meter (class 0x028A) is: its identity, the customer's load, the unit and
// coefficient codes its values are kept in, its fixed date and its fault switches.
// Built from a device profile (profiles/) or by tests directly.

export interface HvMeterConfig {
  /** Manufacturer code (0x8A, 3 bytes). */
  readonly makerCode: number;
  readonly seed: number;
  /** Installation instant (epoch ms): no value is recorded before it. */
  readonly installedAt: number;
  /**
   * The customer's load = the household load of ConsumptionModel × this integer factor (an HV customer
   * draws tens to hundreds of kW: 100 gives about 15–350 kW).
   */
  readonly loadScale: number;
  /** Active-energy reading at installation, in W·min of the scaled load (to place a roll-over in a test). */
  readonly counterOffsetWmin: number;
  /** E6 unit code of the active energy (E2, E3, E4, E7): 0x00 = 1 kWh, 0x01 = 0.1 kWh, … */
  readonly energyUnitCode: number;
  /** C5 unit code of the demand (C1, C3, C6): 0x00 = 1 kW, 0x01 = 0.1 kW, … */
  readonly demandUnitCode: number;
  /** C7 unit code of the cumulative maximum demand; undefined = C2 and C7 not implemented. */
  readonly cumulativeDemandUnitCode?: number;
  /** CD unit code of the reactive energy (CA, CB, CE): 0x00 = 1 kvarh, … */
  readonly reactiveUnitCode: number;
  /** D3 coefficient, 1..999999 (0 is in the class range but would make every value 0). */
  readonly coefficient: number;
  /** D4 multiplier code of the coefficient: 0x00 = ×1, 0x01 = ×0.1, 0x02 = ×0.01, 0x03 = ×0.001. */
  readonly multiplierCode: number;
  /** E5 effective digits of the active energy: E2/E3/E4/E7 roll over at 10^digits. */
  readonly energyDigits: number;
  /** C4 effective digits of the demand: C1/C3/C6 saturate at 10^digits − 1. */
  readonly demandDigits: number;
  /** CC effective digits of the reactive energy: CA/CB/CE roll over at 10^digits. */
  readonly reactiveDigits: number;
  /** E0 fixed date (day of month 1..31): the monthly maximum demand C1 restarts at 00:00 JST that day. */
  readonly fixedDate: number;
  /** Lagging reactive energy for power-factor measurement implemented: CA, CB, CC, CD, CE. */
  readonly reactive: boolean;
  /** tan φ of the load: reactive (lagging) energy = active energy × tanPhi (0.4 ≈ power factor 0.93). */
  readonly tanPhi: number;
  /** Most properties in one request (AIF: at least 6). */
  readonly opcLimit: number;
  /** Reply latency, ms of the device's clock. */
  readonly responseLatencyMs: number;
  /** Named fault switches (harness/devices/faults.ts); empty = the reference behaviour. */
  readonly faults: ReadonlySet<string>;
}

export const DEFAULT_HV_METER: HvMeterConfig = {
  makerCode: 0xfffffe,
  seed: 6600,
  installedAt: Date.UTC(2026, 0, 1) - 9 * 3_600_000,
  loadScale: 100,
  counterOffsetWmin: 0,
  energyUnitCode: 0x02,
  demandUnitCode: 0x02,
  cumulativeDemandUnitCode: 0x01,
  reactiveUnitCode: 0x02,
  coefficient: 60,
  multiplierCode: 0x01,
  energyDigits: 8,
  demandDigits: 6,
  reactiveDigits: 8,
  fixedDate: 10,
  reactive: true,
  tanPhi: 0.4,
  opcLimit: 6,
  responseLatencyMs: 0,
  faults: new Set(),
};
