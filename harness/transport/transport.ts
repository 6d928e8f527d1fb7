// One interface for every way a frame reaches a device: UDP (node:dgram, IPv4/IPv6, multicast),
// in-memory loopback for unit tests, later SKSTACK over a byte stream. Emulated and real devices use the
// same code path.

export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

export interface Datagram {
  readonly bytes: Uint8Array;
  readonly from: Endpoint;
  /** True when it was received as multicast (sent to the group), false for unicast. */
  readonly multicast: boolean;
}

export interface Transport {
  /** Where this transport receives unicast. */
  readonly local: Endpoint;
  send(bytes: Uint8Array, to: Endpoint): Promise<void>;
  /** Sends to the ECHONET Lite multicast group of this transport's family (224.0.23.0 or ff02::1), port 3610 unless configured. */
  sendMulticast(bytes: Uint8Array): Promise<void>;
  /** Registers a listener; returns a function that removes it. */
  onReceive(listener: (datagram: Datagram) => void): () => void;
  close(): Promise<void>;
}

/** ECHONET Lite 1.14 part 2 §1.2 (via the B-route guideline): UDP port 3610, groups 224.0.23.0 and ff02::1. */
export const ECHONET_PORT = 3610;
export const MULTICAST_V4 = '224.0.23.0';
export const MULTICAST_V6 = 'ff02::1';
