// Errors of the SKSTACK IP transport. Each names the command (with the Route-B ID and password
// redacted: they must never be printed, DESIGN.md "Profiles") and carries the module's ERxx code
// (STYLE.md, MQTT.js ErrorWithReasonCode).

/**
 * FAIL codes (echonet-smart-meter.md §4.1): ER04 and ER05 verified (momonga, hsakoh/broute-mqtt#2);
 * ER06, ER09, ER10 from memory, unverified — the code is always in the message, the meaning is a hint.
 */
export const SKSTACK_FAIL_CODES: Readonly<Record<string, string>> = {
  ER04: 'unsupported command',
  ER05: 'wrong number of arguments',
  ER06: 'argument out of range',
  ER09: 'UART input error',
  ER10: 'execution failed',
};

/** The command as it may be printed: SKSETPWD and SKSETRBID lose their arguments. */
export function printableCommand(command: string): string {
  const name = command.split(' ')[0] ?? '';
  if (name === 'SKSETPWD' || name === 'SKSETRBID') return `${name} <redacted>`;
  return command;
}

const hint = (code: string): string => {
  if (code === 'ER04' || code === 'ER05') {
    return ": the module does not take this command in this form; check the profile's dialect (bp35a1, bp35c2, rl7023)";
  }
  return '';
};

/** The module answered `FAIL ERxx`. */
export class SkstackCommandError extends Error {
  override readonly name = 'SkstackCommandError';
  constructor(
    /** The command, redacted. */
    readonly command: string,
    /** `ER04`, …, or '' for a bare FAIL. */
    readonly code: string,
  ) {
    const meaning = SKSTACK_FAIL_CODES[code];
    super(
      `SKSTACK ${command} failed: FAIL ${code}${meaning === undefined ? '' : ` (${meaning})`}${hint(code)}`,
    );
  }
}

/** No answer in time, on the transport's clock. */
export class SkstackTimeoutError extends Error {
  override readonly name = 'SkstackTimeoutError';
  constructor(
    readonly command: string,
    /** What was still missing: 'OK', 'EVENT 22', … */
    readonly waitingFor: string,
    readonly timeoutMs: number,
  ) {
    super(
      `SKSTACK ${command}: no ${waitingFor} from the module within ${timeoutMs} ms; check the serial ` +
        'path, the baud rate and that the module is powered',
    );
  }
}

/** EVENT 24: PANA authentication with the meter failed (echonet-smart-meter.md §4.2, §4.4). */
export class PanaAuthError extends Error {
  override readonly name = 'PanaAuthError';
  constructor(readonly meter: string) {
    super(
      `PANA authentication with the meter ${meter} failed (EVENT 24): check the Route-B ID and password ` +
        'in the profile, as issued by the power company for this meter',
    );
  }
}

/** EVENT 21 with param 01: the module could not send the datagram (§4.1 SKSENDTO). */
export class SkstackSendError extends Error {
  override readonly name = 'SkstackSendError';
  constructor(
    readonly to: string,
    readonly size: number,
  ) {
    super(`SKSTACK could not send ${size} bytes to ${to} (EVENT 21 param 01): the meter did not acknowledge`);
  }
}

/** Active scans found no PAN (or none matching the given channel, PAN ID or MAC). */
export class SkstackScanError extends Error {
  override readonly name = 'SkstackScanError';
  constructor(durations: readonly number[], wanted: string) {
    super(
      `SKSTACK active scan found no ${wanted} (durations ${durations.join(', ')}): check that the meter is ` +
        'in range and its B-route is enabled, or give channel, PAN ID and MAC in the profile',
    );
  }
}
