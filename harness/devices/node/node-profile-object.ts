// Node profile object 0x0EF001 (ECHONET Lite 1.14 part 2 §6.11; APPENDIX class 0x0EF0): what a node
// says about itself — version, identification, and the instance and class lists of the objects it hosts.
import { classOf, NODE_PROFILE } from '../../echonet/eoj.ts';
import { encodeInstanceList } from '../../echonet/values/instance-list.ts';
import { writeUnsigned } from '../../echonet/values/integer.ts';
import type { DeviceObject } from './device-object.ts';
import { propertyMapOf } from './super-class-properties.ts';

export interface NodeProfileOptions {
  readonly makerCode: number;
  /** 13 bytes making the identification number (0x83) unique after 0xFE and the maker code. */
  readonly uniqueId: Uint8Array;
  /** Fault switches that change what the node profile reports. */
  readonly faults: ReadonlySet<string>;
}

export class NodeProfileObject implements DeviceObject {
  readonly eoj = NODE_PROFILE;
  readonly getMap = [0x80, 0x82, 0x83, 0x8a, 0x9d, 0x9e, 0x9f, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7];
  readonly setMap: number[] = [];
  readonly announceMap = [0x80, 0xd5];

  constructor(
    private readonly objects: () => readonly DeviceObject[],
    private readonly options: NodeProfileOptions,
  ) {}

  read(epc: number): Uint8Array | undefined {
    const objects = this.objects();
    const classes = [...new Set(objects.map((o) => classOf(o.eoj)))];
    switch (epc) {
      case 0x80:
        return Uint8Array.of(0x30);
      case 0x82: // ECHONET Lite 1.13 (0x01 0x0D), Format 1 supported (0x01 0x00); the fault swaps the bitmap
        return this.fault('np-82-format-byte-order')
          ? Uint8Array.of(0x01, 0x0d, 0x00, 0x01)
          : Uint8Array.of(0x01, 0x0d, 0x01, 0x00);
      case 0x83: // 0xFE, the maker code, 13 unique bytes; the fault leaves the maker code zero
        return Uint8Array.from([
          0xfe,
          ...writeUnsigned(this.fault('np-83-maker-zero') ? 0 : this.options.makerCode, 3),
          ...padded(this.options.uniqueId, 13),
        ]);
      case 0x8a:
        return writeUnsigned(this.options.makerCode, 3);
      case 0x9d:
      case 0x9e:
      case 0x9f:
        return propertyMapOf(this, epc);
      case 0xd3: // instances, not counting the node profile (the fault counts it, as D4 counts its class)
        return writeUnsigned(objects.length + (this.fault('d3-counts-node-profile') ? 1 : 0), 3);
      case 0xd4: // classes, counting the node profile
        return writeUnsigned(classes.length + 1, 2);
      case 0xd5:
      case 0xd6:
        return instanceList(objects);
      case 0xd7:
        return Uint8Array.from([classes.length, ...classes.flatMap((c) => [c >> 8, c & 0xff])]);
      default:
        return undefined;
    }
  }

  write(): boolean {
    return false;
  }

  private fault(name: string): boolean {
    return this.options.faults.has(name);
  }
}

/** Count (≤ 84) then the EOJs, node profile excluded (§6.11.1, 0xD5/0xD6). */
export function instanceList(objects: readonly DeviceObject[]): Uint8Array {
  return encodeInstanceList(objects.map((o) => o.eoj));
}

function padded(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set(bytes.subarray(0, size));
  return out;
}
