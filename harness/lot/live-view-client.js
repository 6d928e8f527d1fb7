// The live view's page script (served by harness/lot/live-view.ts; types in live-view-client.d.ts): the
// state of the lot from the WebSocket's messages (a snapshot, then each unit's change, then the decision),
// and a render of it into the page. Plain JavaScript: the browser loads it as it is.

/** The state before any message. */
export function emptyState() {
  return { connection: 'connecting', lot: 0, plans: [], units: {}, finished: undefined, ignored: 0 };
}

/** The state after one message (text as received); a message that is not ours is counted, not fatal. */
export function applyMessage(state, text) {
  let message;
  try {
    message = JSON.parse(text);
  } catch {
    return { ...state, ignored: state.ignored + 1 };
  }
  if (message?.type === 'snapshot') {
    const units = {};
    for (const u of message.units ?? []) units[u.serial] = u;
    return { ...state, lot: message.lot, plans: message.plans ?? [], units, finished: message.finished };
  }
  if (message?.type === 'unit' && message.unit?.serial)
    return { ...state, units: { ...state.units, [message.unit.serial]: message.unit } };
  if (message?.type === 'finished')
    return { ...state, finished: { decision: message.decision, classes: message.classes ?? [] } };
  return { ...state, ignored: state.ignored + 1 };
}

/** Counts of the units by what the page shows: waiting, running, each verdict. */
export function summary(state) {
  const counts = { waiting: 0, running: 0, PASS: 0, FAIL: 0, UNDET: 0, NA: 0, 'not tested': 0 };
  for (const u of Object.values(state.units)) {
    const key = u.state === 'done' ? (u.verdict ?? 'NA') : u.state;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Opens the socket and calls onState after every change; returns the socket. */
export function connect(WebSocketImpl, url, onState) {
  let state = emptyState();
  const socket = new WebSocketImpl(url);
  const change = (next) => {
    state = next;
    onState(state);
  };
  socket.onopen = () => change({ ...state, connection: 'open' });
  socket.onmessage = (event) => change(applyMessage(state, String(event.data)));
  socket.onclose = () => change({ ...state, connection: 'closed' });
  return socket;
}

const text = (document, tag, content, attributes = {}) => {
  const element = document.createElement(tag);
  element.textContent = content;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
};

/** Draws the state into the page's #status, #summary, #plans and #units. */
export function render(document, state) {
  const counts = summary(state);
  const decision = state.finished ? `decision: ${String(state.finished.decision).toUpperCase()}` : 'running';
  document.getElementById('status').textContent = `${decision} — connection ${state.connection}`;
  document.getElementById('status').dataset.decision = state.finished ? state.finished.decision : '';
  document.getElementById('summary').textContent = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const plans = document.getElementById('plans');
  plans.replaceChildren(
    ...state.plans.map((p) => {
      const decided = state.finished?.classes.find((c) => c.class === p.class);
      return text(
        document,
        'li',
        `${p.class}: n ${p.n}, Ac ${p.ac}, Re ${p.re}${decided ? ` — ${decided.nonconforming} nonconforming → ${decided.decision}` : ''}`,
      );
    }),
  );
  const rows = Object.values(state.units).sort((a, b) => a.index - b.index);
  document.getElementById('units').replaceChildren(
    ...rows.map((u) => {
      const row = document.createElement('tr');
      row.dataset.serial = u.serial;
      row.dataset.state = u.state;
      row.append(
        text(document, 'td', String(u.index + 1)),
        text(document, 'td', u.serial),
        text(document, 'td', u.state === 'done' ? (u.verdict ?? '') : u.state, {
          class: `v-${u.verdict ?? u.state}`,
        }),
        text(document, 'td', u.total ? `${u.done}/${u.total}` : ''),
        text(document, 'td', u.notes?.length ? u.notes.join('; ') : (u.last ?? '')),
      );
      return row;
    }),
  );
}

/** The page's entry: connect to the view's socket and draw every change. */
export function mount(document, WebSocketImpl, url) {
  return connect(WebSocketImpl, url, (state) => render(document, state));
}
