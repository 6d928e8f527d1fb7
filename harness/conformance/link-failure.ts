// The way to the device failed under a case: the Wi-SUN module refused or never confirmed a send, or the
// join broke. The case could not observe the device, so its verdict is INCONC naming the failure (never
// ERROR, which is the harness's own fault); the comms-unit cases judge the module itself.
import {
  PanaAuthError,
  SkstackCommandError,
  SkstackScanError,
  SkstackSendError,
  SkstackTimeoutError,
} from '../transport/skstack/errors.ts';

export class LinkFailure extends Error {
  override readonly name = 'LinkFailure';

  constructor(what: string, cause: unknown) {
    super(`${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * A failure of the link itself: a LinkFailure, or an SKSTACK error a case's own module command met (a
 * module that never answers, a FAIL it should not give, a refused join). The device behaved so: a verdict.
 */
export function isLinkError(error: unknown): error is Error {
  return [
    LinkFailure,
    SkstackTimeoutError,
    SkstackCommandError,
    SkstackSendError,
    SkstackScanError,
    PanaAuthError,
  ].some((kind) => error instanceof kind);
}
