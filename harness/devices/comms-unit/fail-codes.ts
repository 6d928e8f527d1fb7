// `FAIL ERxx` codes the emulated module answers (echonet-smart-meter.md §4.1 error codes).
// ER04 and ER05 are verified; ER06, ER09 and ER10 carry the meanings marked [M] there.

export const ER = {
  /** Unsupported (unknown) command [V: momonga, ROPT → FAIL ER04]. */
  UNKNOWN_COMMAND: 'ER04',
  /** Wrong number of arguments [V: hsakoh/broute-mqtt#2]. */
  ARGUMENT_COUNT: 'ER05',
  /** Argument out of range [M]. */
  OUT_OF_RANGE: 'ER06',
  /** UART error [M]: here, a line longer than the module keeps. */
  UART: 'ER09',
  /** Execution failed [M]: no session to terminate, sends held by the ARIB limit or re-authentication. */
  EXECUTION: 'ER10',
} as const;

export type FailCode = (typeof ER)[keyof typeof ER];
