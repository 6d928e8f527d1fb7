// The byte stream a Wi-SUN module is reached over: a serial port for a real dongle (serial-stream.ts), a
// pseudo-terminal or an in-memory pair (memory-stream.ts) for an emulated one. SKSTACK IP is ASCII lines
// with binary payloads (echonet-smart-meter.md §4), so the stream carries bytes, never strings.

export interface ByteStream {
  /** Resolves once the bytes are handed to the device (or to the other end of a pair). */
  write(bytes: Uint8Array): Promise<void>;
  /** Every chunk as it arrives; chunk boundaries mean nothing. Returns a function that removes it. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  close(): Promise<void>;
}
