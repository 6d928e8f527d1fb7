// The live view of a lot (smcert lot, unless --no-live): a page on 127.0.0.1 (a port the system gives)
// that shows each sampled unit's progress and verdict and, at the end, the decision, pushed over a
// WebSocket (ws). A browser that connects gets the whole state first, then every change. The page's script
// is harness/lot/live-view-client.js, served as it is.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { LotDecision } from '../sampling/lot-decision.ts';
import type { LivePlan, LiveUnit } from './live-view-client.js';
import type { LotEvent, UnitReport } from './lot-run.ts';
import { unitNotes, unitVerdict } from './unit-verdict.ts';

const CLIENT = readFileSync(new URL('./live-view-client.js', import.meta.url), 'utf8');
const PAGE = readFileSync(new URL('./live-view.html', import.meta.url), 'utf8');

export interface LiveHeader {
  readonly lot: number;
  readonly plans: readonly LivePlan[];
  readonly units: readonly { readonly serial: string; readonly index: number }[];
}

export interface LiveView {
  readonly url: string;
  start(header: LiveHeader): void;
  publish(event: LotEvent): void;
  /** The lot's decision (a shard has none: its label instead). */
  finish(decision: LotDecision | undefined, shard?: { readonly index: number; readonly total: number }): void;
  close(): Promise<void>;
}

export function liveUnit(unit: UnitReport): LiveUnit {
  const result = unit.attempts.at(-1)?.result;
  return {
    serial: unit.serial,
    index: unit.index,
    state: unit.state,
    done: unit.progress?.done ?? 0,
    total: unit.progress?.total ?? 0,
    ...(unit.progress?.last ? { last: `${unit.progress.last.verdict} ${unit.progress.last.id}` } : {}),
    ...(unit.state === 'done' && result ? { verdict: unitVerdict(result), notes: unitNotes(result) } : {}),
    ...(unit.notTested ? { notes: [unit.notTested] } : {}),
  };
}

export async function startLiveView(): Promise<LiveView> {
  let header: LiveHeader = { lot: 0, plans: [], units: [] };
  const units = new Map<string, LiveUnit>();
  let finished: unknown;
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (type: string, body: string) => {
      response.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (path === '/') return send('text/html', PAGE);
    if (path === '/live-view-client.js') return send('text/javascript', CLIENT);
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  const sockets = new WebSocketServer({ server, path: '/events' });
  const snapshot = () =>
    JSON.stringify({
      type: 'snapshot',
      lot: header.lot,
      plans: header.plans,
      units: [...units.values()],
      ...(finished ? { finished } : {}),
    });
  sockets.on('connection', (socket) => socket.send(snapshot()));
  const broadcast = (message: unknown) => {
    const text = JSON.stringify(message);
    for (const client of sockets.clients) if (client.readyState === WebSocket.OPEN) client.send(text);
  };
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    start(next) {
      header = next;
      units.clear();
      for (const u of next.units) units.set(u.serial, { ...u, state: 'waiting', done: 0, total: 0 });
      broadcast(JSON.parse(snapshot()));
    },
    publish(event) {
      const unit = liveUnit(event.unit);
      units.set(unit.serial, unit);
      broadcast({ type: 'unit', unit });
    },
    finish(decision, shard) {
      finished = {
        decision: decision?.decision ?? `shard ${shard?.index}/${shard?.total}: no decision`,
        classes: (decision?.classes ?? []).map((c) => ({
          class: c.severity,
          n: c.plan.n,
          ac: c.plan.ac,
          re: c.plan.re,
          nonconforming: c.nonconforming.length,
          undetermined: c.undetermined.length,
          decision: c.decision,
        })),
      };
      broadcast({ type: 'finished', ...(finished as object) });
    },
    async close() {
      for (const client of sockets.clients) client.close(1001, 'the lot is done');
      await new Promise<void>((resolvePromise) => sockets.close(() => resolvePromise()));
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
    },
  };
}
