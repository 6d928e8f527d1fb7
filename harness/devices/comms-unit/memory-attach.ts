// The host end of an in-memory byte stream on an emulated module: each of the module's writes goes out as
// one chunk, and whatever the host writes reaches the module's input, in any split (an in-process link
// for unit tests; the run reaches the module over a real PTY: pty-attach.ts).
import type { ByteStream } from '../../transport/skstack/byte-stream.ts';
import { createMemoryStreamPair } from '../../transport/skstack/memory-stream.ts';
import type { SkstackModule } from './skstack-module.ts';

export function attachInMemory(module: SkstackModule): ByteStream {
  const pair = createMemoryStreamPair();
  module.onOutput((chunk) => {
    pair.module.write(chunk).catch(() => {}); // the host end closed first: nothing is listening any more
  });
  pair.module.onData((bytes) => module.input(bytes));
  return pair.host;
}
