// Load generator for bench/many-meters-bench.ts, run in a worker thread so that it has a core of its own:
// it keeps `window` Get requests in flight over a few UDP sockets, each to a random meter, and counts the
// Get_Res that come back (ESV 0x72 with the request's TID) during `durationMs`.
// Plain JavaScript: a worker does not go through the TypeScript loader.
import { createSocket } from 'node:dgram';
import { parentPort, workerData } from 'node:worker_threads';

const { targets, port, request, window, durationMs, sockets: socketCount } = workerData;
const template = Buffer.from(request);
const GET_RES = 0x72;

const sockets = await Promise.all(
  Array.from({ length: socketCount }, () => {
    const socket = createSocket({ type: 'udp4', recvBufferSize: 1 << 22, sendBufferSize: 1 << 22 });
    return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket)));
  }),
);

let tid = 0;
let sent = 0;
let answered = 0;
let wrong = 0;
let running = true;
const outstanding = new Map(); // tid → send time (lost datagrams are retired after 1 s)

function sendOne(socket) {
  tid = (tid + 1) & 0xffff;
  const bytes = Buffer.from(template);
  bytes.writeUInt16BE(tid, 2);
  outstanding.set(tid, performance.now());
  sent++;
  socket.send(bytes, port, targets[Math.floor(Math.random() * targets.length)]);
}

for (const socket of sockets) {
  socket.on('message', (bytes) => {
    const replyTid = bytes.readUInt16BE(2);
    if (!outstanding.delete(replyTid)) return; // late, after being retired
    if (!running) return;
    if (bytes[10] === GET_RES) answered++;
    else wrong++;
    sendOne(socket);
  });
}

const started = performance.now();
for (let i = 0; i < window; i++) sendOne(sockets[i % sockets.length]);
// refill the window for datagrams lost on the way (a full receive buffer drops them)
const refill = setInterval(() => {
  const now = performance.now();
  for (const [id, at] of outstanding) {
    if (now - at < 1000) break;
    outstanding.delete(id);
    if (running) sendOne(sockets[id % sockets.length]);
  }
}, 250);

setTimeout(() => {
  running = false;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(refill);
  setTimeout(() => {
    for (const socket of sockets) socket.close();
    parentPort.postMessage({ sent, answered, wrong, seconds });
  }, 200);
}, durationMs);
