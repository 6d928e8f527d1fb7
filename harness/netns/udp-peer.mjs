// A UDP peer inside a network namespace, started by harness/netns/udp-peer.ts as
// `ip netns exec <ns> node udp-peer.mjs <ip:port>...`. Plain JavaScript, so it starts in milliseconds.
// It binds each endpoint and writes one JSON line per event on stdout:
//   {"event":"listening"}
//   {"event":"received","on":"ip:port","from":"ip:port","hex":"…"}
//   {"event":"sent","id":n} or {"event":"error","id":n,"message":"…"}
// and sends what its stdin asks, one JSON line each: {"id":n,"from":"ip:port","to":"ip:port","hex":"…"}
// (`from` one of its endpoints). It ends when its stdin closes, so it never outlives its harness.
import { createSocket } from 'node:dgram';
import { createInterface } from 'node:readline';

const split = (text) => {
  const at = text.lastIndexOf(':');
  return { address: text.slice(0, at), port: Number(text.slice(at + 1)) };
};
const say = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

const sockets = new Map();
await Promise.all(
  process.argv.slice(2).map(
    (text) =>
      new Promise((resolve, reject) => {
        const { address, port } = split(text);
        const socket = createSocket('udp4');
        socket.once('error', reject);
        socket.on('message', (bytes, from) =>
          say({
            event: 'received',
            on: text,
            from: `${from.address}:${from.port}`,
            hex: bytes.toString('hex'),
          }),
        );
        socket.bind({ address, port, exclusive: true }, () => {
          socket.off('error', reject);
          socket.on('error', () => {}); // an ICMP error of an earlier send: not this peer's business
          sockets.set(text, socket);
          resolve();
        });
      }),
  ),
);
say({ event: 'listening' });

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { id, from, to, hex } = JSON.parse(line);
  const socket = sockets.get(from);
  const { address, port } = split(to);
  if (!socket) {
    say({ event: 'error', id, message: `not bound to ${from}` });
    continue;
  }
  socket.send(Buffer.from(hex, 'hex'), port, address, (error) =>
    say(error ? { event: 'error', id, message: error.message } : { event: 'sent', id }),
  );
}
for (const socket of sockets.values()) socket.close();
