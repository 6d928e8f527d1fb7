// Types of harness/lot/live-view-client.js (the live view's page script, plain JavaScript for the browser).

/** A unit as the page shows it (harness/lot/live-view.ts sends them). */
export interface LiveUnit {
  readonly serial: string;
  readonly index: number;
  readonly state: 'waiting' | 'running' | 'done' | 'not tested';
  readonly done: number;
  readonly total: number;
  readonly last?: string;
  readonly verdict?: string;
  readonly notes?: readonly string[];
}

/** A class's plan as the page lists it. */
export interface LivePlan {
  readonly class: string;
  readonly n: number;
  readonly ac: number;
  readonly re: number;
}

export interface LiveState {
  readonly connection: 'connecting' | 'open' | 'closed';
  readonly lot: number;
  readonly plans: readonly LivePlan[];
  readonly units: Readonly<Record<string, LiveUnit>>;
  readonly finished?: { readonly decision: string; readonly classes: readonly Record<string, unknown>[] };
  /** Messages that were not the view's (not JSON, unknown type). */
  readonly ignored: number;
}

export function emptyState(): LiveState;
export function applyMessage(state: LiveState, text: string): LiveState;
export function summary(state: LiveState): Record<string, number>;
/** `WebSocketImpl`: the browser's WebSocket, or a test's (it sets onopen, onmessage, onclose). */
export function connect<S>(
  WebSocketImpl: new (url: string) => S,
  url: string,
  onState: (state: LiveState) => void,
): S;
