// Requests waiting for their reply, for every requester (the harness's dut client, the emulated HEMS
// controller). A frame is the reply of the request it answers on every header field (reply-match.ts:
// ECHONET Lite 1.14 part 2 §3.2.2 the same TID, §3.2.4 the EOJs swapped, §3.2.5 table 3-10/3-11 an ESV
// answering the request's), and of no other; a request ends once, by its reply, its timer (AIF LV §2.4.2
// Timer 1/Timer 2, on the run's clock), a cancel or a stop.
import type { Clock, TimerHandle } from '../clock/clock.ts';
import { TIMED_OUT, type WaitOptions, waitWithin } from '../clock/wait.ts';
import type { Format1Frame, Frame } from './frame.ts';
import { answersRequest, readableTid } from './reply-match.ts';

/** Something that arrived and may be a reply: its strict reading (undefined when malformed) and its bytes. */
export interface Candidate {
  readonly frame: Frame | undefined;
  readonly bytes: Uint8Array;
}

export type RequestOutcome<A> =
  | { readonly kind: 'reply'; readonly reply: A; readonly elapsedMs: number }
  | { readonly kind: 'timeout'; readonly waitedMs: number }
  | { readonly kind: 'cancelled'; readonly reason: string }
  | { readonly kind: 'stopped' };

export interface PendingRequest<A> {
  readonly request: Format1Frame;
  /** Waits `timeoutMs` of the clock's time from now for the reply (it may have come already). */
  wait(timeoutMs: number): Promise<RequestOutcome<A>>;
  /** Ends the request unanswered, e.g. because it could not be sent. */
  cancel(reason: string): void;
}

export interface RequestTableOptions {
  readonly clock: Clock;
  /**
   * How a wait lets the clock's time pass. Absent: a timer on the clock ends it, and whoever runs a
   * virtual clock moves it (a device among devices). Given: the waiter moves a virtual clock itself, with
   * real pauses for datagrams in flight and a real grace before the limit (harness/clock/wait.ts).
   */
  readonly drive?: WaitOptions;
}

interface Entry<A> {
  readonly request: Format1Frame;
  readonly accept: (candidate: A) => boolean;
  readonly openedAt: number;
  end(outcome: RequestOutcome<A>): void;
}

export class RequestTable<A extends Candidate> {
  private readonly entries = new Set<Entry<A>>();

  constructor(private readonly options: RequestTableOptions) {}

  /**
   * Registers `request` before it is sent, so that a reply arriving at once is not missed. `accept`
   * narrows which frame answering it is taken (the sender's address, multicast, the content); a malformed
   * frame with the request's TID is offered to it too.
   */
  open(request: Format1Frame, accept: (candidate: A) => boolean = () => true): PendingRequest<A> {
    const { clock } = this.options;
    let resolve: (outcome: RequestOutcome<A>) => void = () => {};
    const outcome = new Promise<RequestOutcome<A>>((r) => {
      resolve = r;
    });
    let timer: TimerHandle | undefined;
    const entry: Entry<A> = {
      request,
      accept,
      openedAt: clock.now(),
      end: (result) => {
        if (!this.entries.delete(entry)) return;
        timer?.cancel();
        resolve(result);
      },
    };
    this.entries.add(entry);
    const timedOut = () => entry.end({ kind: 'timeout', waitedMs: clock.now() - entry.openedAt });
    return {
      request,
      wait: async (timeoutMs) => {
        if (!this.entries.has(entry)) return outcome;
        if (this.options.drive === undefined) {
          timer = clock.setTimer(timeoutMs, timedOut);
          return outcome;
        }
        if ((await waitWithin(clock, outcome, timeoutMs, this.options.drive)) === TIMED_OUT) timedOut();
        return outcome;
      },
      cancel: (reason) => entry.end({ kind: 'cancelled', reason }),
    };
  }

  /** Gives `candidate` to the first waiting request it answers; false when it answers none. */
  offer(candidate: A): boolean {
    const tid = candidate.frame ? candidate.frame.tid : readableTid(candidate.bytes);
    for (const entry of this.entries) {
      if (entry.request.tid !== tid) continue;
      if (candidate.frame !== undefined && !answersRequest(entry.request, candidate.frame)) continue;
      if (!entry.accept(candidate)) continue;
      const elapsedMs = this.options.clock.now() - entry.openedAt;
      entry.end({ kind: 'reply', reply: candidate, elapsedMs });
      return true;
    }
    return false;
  }

  /** True while a request with this TID waits for its reply. */
  waiting(tid: number): boolean {
    for (const entry of this.entries) if (entry.request.tid === tid) return true;
    return false;
  }

  /** Ends every waiting request as stopped. */
  stop(): void {
    for (const entry of [...this.entries]) entry.end({ kind: 'stopped' });
  }
}
