// The live view's page script against a mock WebSocket server (mock-socket): the state it keeps from the
// view's messages — snapshot, unit changes, the decision — and what it does with a message that is not ours.
import { expect, test } from '@playwright/test';
import { WebSocket as MockWebSocket, Server } from 'mock-socket';
import { applyMessage, connect, emptyState, type LiveState, summary } from './live-view-client.js';

const URL = 'ws://127.0.0.1:9/events';

const unit = (serial: string, index: number, extra: Record<string, unknown> = {}) => ({
  serial,
  index,
  state: 'waiting',
  done: 0,
  total: 0,
  ...extra,
});

test('snapshot, then unit changes, then the decision: the state follows the messages over the socket', async () => {
  const server = new Server(URL);
  server.on('connection', (socket) => {
    socket.send(
      JSON.stringify({
        type: 'snapshot',
        lot: 500,
        plans: [{ class: 'major', n: 50, ac: 1, re: 2 }],
        units: [unit('SN1', 0), unit('SN2', 1)],
      }),
    );
    socket.send(
      JSON.stringify({
        type: 'unit',
        unit: unit('SN1', 0, { state: 'running', done: 3, total: 14, last: 'PASS FR-TID-001' }),
      }),
    );
    socket.send(
      JSON.stringify({
        type: 'unit',
        unit: unit('SN2', 1, {
          state: 'done',
          done: 14,
          total: 14,
          verdict: 'FAIL',
          notes: ['FR-OPC-001 (major)'],
        }),
      }),
    );
    socket.send(
      JSON.stringify({
        type: 'finished',
        decision: 'reject',
        classes: [{ class: 'major', decision: 'reject' }],
      }),
    );
  });
  const states: LiveState[] = [];
  const socket = connect(MockWebSocket, URL, (state) => states.push(state));
  await expect.poll(() => states.at(-1)?.finished?.decision).toBe('reject');
  const last = states.at(-1)!;
  expect(last.connection).toBe('open');
  expect(last.lot).toBe(500);
  expect(last.units.SN1).toMatchObject({ state: 'running', done: 3, total: 14, last: 'PASS FR-TID-001' });
  expect(last.units.SN2).toMatchObject({ verdict: 'FAIL', notes: ['FR-OPC-001 (major)'] });
  expect(summary(last)).toMatchObject({ running: 1, FAIL: 1, waiting: 0 });
  server.close();
  await expect.poll(() => states.at(-1)?.connection).toBe('closed');
  socket.close();
});

test('a message that is not JSON or not of the view is counted and changes nothing else', () => {
  const start = applyMessage(
    emptyState(),
    JSON.stringify({ type: 'snapshot', lot: 2, plans: [], units: [unit('A', 0)] }),
  );
  for (const text of ['not json', '{"type":"other"}', 'null', '{"type":"unit"}']) {
    const next = applyMessage(start, text);
    expect(next.ignored, text).toBe(start.ignored + 1);
    expect(next.units, text).toEqual(start.units);
  }
});

test('a unit message for a serial the snapshot did not list is shown too (a re-test under its own serial)', () => {
  const start = applyMessage(
    emptyState(),
    JSON.stringify({ type: 'snapshot', lot: 2, plans: [], units: [] }),
  );
  const next = applyMessage(
    start,
    JSON.stringify({ type: 'unit', unit: unit('B', 1, { state: 'running' }) }),
  );
  expect(Object.keys(next.units)).toEqual(['B']);
});
