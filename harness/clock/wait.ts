// Waiting on real I/O (a reply over a socket) against a clock's time limit. On the wall clock that is a
// race with a timer. On a virtual clock, time moves only while someone waits: between real pauses that let
// datagrams in flight arrive, the next virtual timer fires (a device's latency, a notification, …) until
// the promise settles or the limit is reached. Before giving up at the limit, a longer real grace covers a
// loaded machine, so that slowness of the host never reads as silence of the device.
import type { Clock } from './clock.ts';
import { VirtualClock } from './virtual-clock.ts';

export const TIMED_OUT = Symbol('timed out');

export interface WaitOptions {
  /** Real ms between virtual timer steps (default 3). */
  readonly idleMs?: number;
  /** Real ms of silence required before a virtual wait reaches its limit (default 250: a loaded machine must not turn a slow reply into silence). */
  readonly finalGraceMs?: number;
}

/** The promise's value, or TIMED_OUT once `timeoutMs` of the clock's time have passed. */
export async function waitWithin<T>(
  clock: Clock,
  promise: Promise<T>,
  timeoutMs: number,
  options: WaitOptions = {},
): Promise<T | typeof TIMED_OUT> {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  if (!(clock instanceof VirtualClock)) {
    let timer: { cancel(): void } | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = clock.setTimer(timeoutMs, () => resolve(TIMED_OUT));
    });
    try {
      return await Promise.race([tracked, timeout]);
    } finally {
      timer?.cancel();
    }
  }
  const limit = clock.now() + timeoutMs;
  const idle = options.idleMs ?? 3;
  for (;;) {
    const next = clock.nextDue();
    const last = next === undefined || next > limit;
    const pause = realPause(last ? (options.finalGraceMs ?? 250) : idle);
    await Promise.race([tracked, pause.promise]);
    pause.cancel();
    // A pause ends in the timers phase; one setImmediate later the poll phase has read every datagram
    // already delivered (on loopback a send is in the receiver's buffer when it returns), so a reply sent
    // before this point is never overtaken by the next virtual timer.
    if (!settled) await new Promise((resolve) => setImmediate(resolve));
    if (!settled) await letIoArrive(clock, tracked, () => settled);
    if (settled) return (await tracked) as T;
    if (!clock.stepTowards(limit)) return TIMED_OUT;
  }
}

/** Lets `ms` of the clock's time pass (on a virtual clock: timer by timer, with real pauses between). */
export async function pass(clock: Clock, ms: number, options: WaitOptions = {}): Promise<void> {
  await waitWithin(clock, new Promise<never>(() => {}), ms, {
    ...options,
    finalGraceMs: options.idleMs ?? 3,
  });
}

/** Longest real wait for tracked bytes in flight (a PTY delivers in well under 1 ms; a stuck one must not hang the run). */
const IO_LIMIT_MS = 2_000;

/**
 * Bytes in flight through tracked real I/O (a pseudo-terminal) arrive before the next timer, and so does
 * whatever their reader writes back at once: the clock never overtakes them (bytes-in-flight.ts).
 */
async function letIoArrive(
  clock: VirtualClock,
  tracked: Promise<unknown>,
  isSettled: () => boolean,
): Promise<void> {
  const cap = realPause(IO_LIMIT_MS);
  let capped = false;
  cap.promise.then(() => {
    capped = true;
  });
  try {
    while (clock.ioBusy() && !capped && !isSettled()) {
      await Promise.race([tracked.then(noop, noop), clock.ioIdle(), cap.promise]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    cap.cancel();
  }
}

const noop = (): void => {};

function realPause(ms: number): { promise: Promise<void>; cancel(): void } {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<void>((resolve) => {
    handle = setTimeout(resolve, ms);
  });
  return { promise, cancel: () => clearTimeout(handle) };
}
