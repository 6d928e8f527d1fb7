// How long the emulated module takes, on its clock. None of these figures is in the reference but the
// SKSCAN scan time (echonet-smart-meter.md §4.1: 9.6 ms × (2^n + 1) per channel) [V]; the rest are
// this emulator's choices [M], each an option.

export interface SkstackTiming {
  /** Between two steps of the PANA exchange SKJOIN shows (EVENT 21 02, EVENT 02, ERXUDP …). [M] */
  readonly panaStepMs: number;
  /** SKJOIN to a PAA that does not answer (wrong address, channel or PAN ID): EVENT 24 after this. [M] */
  readonly joinTimeoutMs: number;
  /** EVENT 29 to the EVENT 25 of the automatic re-authentication (S17 = 1). [M] */
  readonly reauthMs: number;
  /** SKTERM to EVENT 27. [M] */
  readonly termMs: number;
  /** SKTERM to EVENT 28 when the PAA does not answer the termination. [M] */
  readonly termTimeoutMs: number;
  /**
   * Air time of a frame of `length` data bytes: what EVENT 21 of SKSENDTO waits and the ARIB budget counts,
   * and what a frame from the meter takes before its ERXUDP. [M]
   */
  readonly airtimeMs: (length: number) => number;
  /** SKSCAN's time per channel for duration factor n (default scanMsPerChannel, the §4.1 figure [V]). */
  readonly scanChannelMs: (n: number) => number;
}

/** 100 kbit/s (the Wi-SUN B-route rate [M]) with 40 bytes of PHY/MAC/IPv6/UDP overhead [M]. */
export const DEFAULT_TIMING: SkstackTiming = {
  panaStepMs: 100,
  joinTimeoutMs: 10_000,
  reauthMs: 1_000,
  termMs: 200,
  termTimeoutMs: 4_000,
  airtimeMs: (length) => ((length + 40) * 8) / 100,
  scanChannelMs: (n) => scanMsPerChannel(n),
};

/** §4.1: per-channel scan time of SKSCAN duration factor `n` (0–14). */
export function scanMsPerChannel(n: number): number {
  return 9.6 * (2 ** n + 1);
}
