// An ERXUDP read from the module's raw bytes, apart from the harness's reader, so that a case can judge
// its fields against the data (echonet-smart-meter.md §4.3): `ERXUDP <fields…> <DATALEN> <DATA>` where
// DATA is DATALEN bytes (binary) or 2 × DATALEN hex digits (WOPT 01), then CR LF. The frame's own length
// comes from its ECHONET Lite structure (EHD, TID, EOJs, ESV, OPC, then EPC PDC EDT each), not from DATALEN.
import type { SkstackDialect } from '../transport/skstack/dialects.ts';

export interface RawErxudp {
  /** Offset of `ERXUDP` in the bytes searched. */
  readonly at: number;
  /** The header tokens, `ERXUDP` first, DATALEN last. */
  readonly tokens: readonly string[];
  readonly datalen: number;
  /** Offset of the first data byte in the bytes searched. */
  readonly dataAt: number;
  /** How the data came: binary (starts 10 81), hex ASCII (starts "1081"), or neither. */
  readonly form: 'binary' | 'hex' | 'other';
  /** The ECHONET Lite frame read from the data by its own structure (hex decoded), if whole. */
  readonly frame?: Uint8Array;
}

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** Every ERXUDP to local port 0E1A (ECHONET Lite) in `bytes`. */
export function rawErxudps(bytes: Uint8Array, dialect: SkstackDialect): RawErxudp[] {
  const text = latin1(bytes);
  const found: RawErxudp[] = [];
  const count = 1 + dialect.erxudp.length + 1; // keyword, fields, DATALEN
  const lport = 1 + dialect.erxudp.indexOf('lport');
  for (let at = text.indexOf('ERXUDP '); at >= 0; at = text.indexOf('ERXUDP ', at + 1)) {
    const tokens: string[] = [];
    let i = at;
    while (tokens.length < count) {
      const space = text.indexOf(' ', i);
      if (space < 0 || space - at > 256) break;
      tokens.push(text.slice(i, space));
      i = space + 1;
    }
    if (tokens.length < count || tokens[lport]?.toUpperCase() !== '0E1A') continue;
    const datalen = Number.parseInt(tokens[count - 1] ?? '', 16);
    if (!Number.isInteger(datalen)) continue;
    const data = bytes.subarray(i);
    const form =
      data[0] === 0x10 && data[1] === 0x81
        ? 'binary'
        : /^1081/i.test(latin1(data.subarray(0, 4)))
          ? 'hex'
          : 'other';
    const frame = form === 'binary' ? frameOf(data) : form === 'hex' ? frameOf(hexPrefix(data)) : undefined;
    found.push({ at, tokens, datalen, dataAt: i, form, ...(frame ? { frame } : {}) });
  }
  return found;
}

/** The bytes of the longest run of hex digit pairs at the start of `ascii`. */
function hexPrefix(ascii: Uint8Array): Uint8Array {
  const match = /^(?:[0-9A-Fa-f]{2})*/.exec(latin1(ascii))?.[0] ?? '';
  return Uint8Array.from(Buffer.from(match, 'hex'));
}

/** A format-1 frame at the start of `data`, cut at its own end; undefined when it is not whole. */
export function frameOf(data: Uint8Array): Uint8Array | undefined {
  if (data.length < 12 || data[0] !== 0x10 || data[1] !== 0x81) return undefined;
  const esv = data[10]!;
  // SetGet (6E) and its answers (7E, 5E) carry two property lists (ECHONET Lite part 2 §3.2.5)
  const lists = esv === 0x6e || esv === 0x7e || esv === 0x5e ? 2 : 1;
  let at = 11;
  for (let list = 0; list < lists; list++) {
    const opc = data[at];
    if (opc === undefined) return undefined;
    at++;
    for (let p = 0; p < opc; p++) {
      const pdc = data[at + 1];
      if (pdc === undefined) return undefined;
      at += 2 + pdc;
    }
  }
  return at <= data.length ? data.slice(0, at) : undefined;
}
