// Real time, for real devices: Date.now() and setTimeout. With virtual-clock.ts, the only place in
// harness/ that touches them. Timers stay ref'd: a pending timer keeps the process alive, as usual.
import { checkDelay } from './check-delay.ts';
import type { Clock, TimerHandle } from './clock.ts';

// setTimeout takes at most 2^31 - 1 ms (about 24.8 days); longer delays fire after 1 ms, so they are
// waited for in pieces.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export class WallClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number): Promise<void> {
    checkDelay(ms, 'WallClock.sleep delay');
    return new Promise((resolve) => this.setTimer(ms, resolve));
  }

  setTimer(ms: number, callback: () => void): TimerHandle {
    checkDelay(ms, 'WallClock.setTimer delay');
    const due = Date.now() + ms;
    let timeout: ReturnType<typeof setTimeout>;
    const arm = (wait: number): void => {
      timeout = setTimeout(() => {
        const left = due - Date.now();
        if (left > 0 && wait === MAX_TIMEOUT_MS) arm(Math.min(left, MAX_TIMEOUT_MS));
        else callback();
      }, wait);
    };
    arm(Math.min(ms, MAX_TIMEOUT_MS));
    return { cancel: () => clearTimeout(timeout) };
  }
}
