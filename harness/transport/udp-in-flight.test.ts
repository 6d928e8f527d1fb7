// A reply between two sockets of this process is never overtaken by a virtual clock, even when the
// process is held up (a loaded machine) between the request's send and its read: the datagrams in flight
// are counted (udp-in-flight.ts) and the wait lets them arrive before it steps the clock.
import { expect, test } from '@playwright/test';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { TIMED_OUT, waitWithin } from '../clock/wait.ts';
import { openUdpTransport } from './udp.ts';
import { UDP_IN_FLIGHT } from './udp-in-flight.ts';

/** The process held up for `ms` (descheduled), once the wait has started its real pause. */
const holdUp = (ms: number) =>
  queueMicrotask(() => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      // busy: nothing else of this process runs, not even the device's read of the request
    }
  });

// each variant on addresses of its own: they may run at once in two workers
for (const [tracked, at] of [
  [true, 70],
  [false, 72],
] as const) {
  test(`a reply after a 400 ms hold-up ${tracked ? 'arrives before the clock steps' : 'is overtaken when nothing is tracked'}`, async () => {
    const device = await openUdpTransport({ family: 4, address: `127.0.0.${at + 1}`, port: 3610 });
    const harness = await openUdpTransport({ family: 4, address: `127.0.0.${at}`, port: 3610 });
    const clock = new VirtualClock({ start: 0 });
    const untrack = tracked ? clock.trackIo(UDP_IN_FLIGHT) : () => {};
    try {
      device.onReceive((d) => void device.send(d.bytes, d.from)); // answers at once
      const reply = new Promise<string>((resolve) => harness.onReceive(() => resolve('reply')));
      await harness.send(Uint8Array.of(1), device.local);
      holdUp(400); // longer than the wait's final grace (250 ms)
      const got = await waitWithin(clock, reply, 20_000);
      if (tracked) expect(got, 'the reply, not a timeout').toBe('reply');
      else
        expect(got, 'without the count the clock ran to its limit (the failure this prevents)').toBe(
          TIMED_OUT,
        );
    } finally {
      untrack();
      await Promise.all([device.close(), harness.close()]);
    }
  });
}
