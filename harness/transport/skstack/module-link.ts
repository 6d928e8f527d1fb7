// The host's end of the serial line to one module: bytes out, records in (reader.ts). The command
// runner and the transport both listen to the same records.
import { Listeners } from '../listeners.ts';
import type { ByteStream } from './byte-stream.ts';
import { SkstackReader, type SkstackReaderOptions } from './reader.ts';
import type { SkstackRecord } from './records.ts';

export class SkstackLink {
  private readonly records = new Listeners<SkstackRecord>();
  private readonly bytes = new Listeners<Uint8Array>();
  private readonly reader: SkstackReader;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly stream: ByteStream,
    options: SkstackReaderOptions,
  ) {
    this.reader = new SkstackReader(options, (record) => this.records.emit(record));
    this.unsubscribe = stream.onData((bytes) => {
      this.bytes.emit(bytes);
      this.reader.push(bytes);
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    return this.stream.write(bytes);
  }

  onRecord(listener: (record: SkstackRecord) => void): () => void {
    return this.records.add(listener);
  }

  /** The module's bytes as they were read, before the reader cuts them into records. */
  onBytes(listener: (bytes: Uint8Array) => void): () => void {
    return this.bytes.add(listener);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    this.bytes.clear();
    this.reader.end();
    this.records.clear();
    await this.stream.close();
  }
}
