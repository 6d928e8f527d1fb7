// The device super class (APPENDIX Release R class 0x0000) as every emulated device object serves it:
// operation status 0x80 (ON), installation location 0x81 (writable: 1 byte, or 17 bytes starting 0x01),
// standard version 0x82 (Release R), fault status 0x88 (no fault), maker code 0x8A, and the property maps
// 0x9D/0x9E/0x9F of the object. The node profile shares the property-map part.
import { encodePropertyMap } from '../../echonet/property-map.ts';
import { writeUnsigned } from '../../echonet/values/integer.ts';
import type { DeviceObject } from './device-object.ts';

type Maps = Pick<DeviceObject, 'getMap' | 'setMap' | 'announceMap'>;

/** 0x9D, 0x9E or 0x9F of an object, in Form 1 or Form 2; undefined for any other EPC. */
export function propertyMapOf(object: Maps, epc: number): Uint8Array | undefined {
  if (epc === 0x9d) return encodePropertyMap(object.announceMap);
  if (epc === 0x9e) return encodePropertyMap(object.setMap);
  if (epc === 0x9f) return encodePropertyMap(object.getMap);
  return undefined;
}

export class SuperClassProperties {
  private installationLocation: Uint8Array = Uint8Array.of(0x00);

  constructor(
    private readonly object: Maps,
    private readonly makerCode: number,
  ) {}

  /** The EDT of a super-class EPC; undefined for the class's own EPCs. */
  read(epc: number): Uint8Array | undefined {
    switch (epc) {
      case 0x80:
        return Uint8Array.of(0x30);
      case 0x81:
        return this.installationLocation;
      case 0x82: // Release R: 00 00 'R' 00
        return Uint8Array.of(0x00, 0x00, 0x52, 0x00);
      case 0x88:
        return Uint8Array.of(0x42);
      case 0x8a:
        return writeUnsigned(this.makerCode, 3);
      default:
        return propertyMapOf(this.object, epc);
    }
  }

  /** A write of 0x81: accepted (true) or refused (false); undefined for any other EPC. */
  write(epc: number, edt: Uint8Array): boolean | undefined {
    if (epc !== 0x81) return undefined;
    if (edt.length !== 1 && !(edt.length === 17 && edt[0] === 0x01)) return false;
    this.installationLocation = edt.slice();
    return true;
  }
}
