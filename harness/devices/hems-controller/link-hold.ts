// When the controller's Wi-SUN module holds its sends, as the module reports it on the serial line
// (echonet-smart-meter.md §4.2): the ARIB STD-T108 send-time limit from EVENT 32 to EVENT 33, a PANA
// re-authentication from EVENT 29 to EVENT 25. momonga documents the module-side blocking in both
// (§3.3); the reference controller waits them out instead of sending into a FAIL (hems-controller.ts).
import { Listeners } from '../../transport/listeners.ts';
import { EVENT } from '../../transport/skstack/events.ts';
import type { EventRecord } from '../../transport/skstack/records.ts';

export type HoldReason = 'arib-limit' | 'reauthentication';

export interface LinkHold {
  /** Why the link holds sends now; empty when it does not. */
  readonly reasons: ReadonlySet<HoldReason>;
  /** Calls `listener` each time the reasons change; returns how to stop. */
  onChange(listener: () => void): () => void;
}

/** The hold as the module's EVENTs tell it (a SkstackTransport's onEvent); stop() stops listening. */
export function skstackLinkHold(events: {
  onEvent(listener: (event: EventRecord) => void): () => void;
}): LinkHold & { stop(): void } {
  const reasons = new Set<HoldReason>();
  const changes = new Listeners<void>();
  const set = (reason: HoldReason, on: boolean): void => {
    if (reasons.has(reason) === on) return;
    if (on) reasons.add(reason);
    else reasons.delete(reason);
    changes.emit();
  };
  const stop = events.onEvent((event) => {
    switch (event.code) {
      case EVENT.transmitLimitActivated:
        return set('arib-limit', true);
      case EVENT.transmitLimitReleased:
        return set('arib-limit', false);
      case EVENT.sessionExpired:
        return set('reauthentication', true);
      // EVENT 25 the session is up again; 24, 26–28 it ended: the transport re-joins before it sends
      case EVENT.panaEstablished:
      case EVENT.panaError:
      case EVENT.terminationRequested:
      case EVENT.terminated:
      case EVENT.terminationTimedOut:
        return set('reauthentication', false);
    }
  });
  return {
    reasons,
    onChange: (listener) => changes.add(listener),
    stop: () => {
      stop();
      changes.clear();
    },
  };
}
