// The controller object 0x05FF01 the emulated HEMS controller hosts (APPENDIX Release R class 0x05FF; AIF LV
// meter v1.01 §2.1: instance code fixed at 0x01). The class has no required property of its own: it answers
// the required super-class properties (0x80, 0x81, 0x82, 0x88, 0x8A, 0x9D–0x9F), and accepts 0x81.
import { HEMS_CONTROLLER } from '../../echonet/eoj.ts';
import { encodePropertyMap } from '../../echonet/property-map.ts';
import { writeUnsigned } from '../../echonet/values/integer.ts';
import type { DeviceObject } from '../node/device-object.ts';

export class ControllerObject implements DeviceObject {
  readonly eoj = HEMS_CONTROLLER;
  readonly getMap = [0x80, 0x81, 0x82, 0x88, 0x8a, 0x9d, 0x9e, 0x9f];
  readonly setMap = [0x81];
  readonly announceMap = [0x80, 0x81, 0x88];
  private installationLocation: Uint8Array = Uint8Array.of(0x00);

  constructor(private readonly makerCode: number) {}

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
      case 0x9d:
        return encodePropertyMap(this.announceMap);
      case 0x9e:
        return encodePropertyMap(this.setMap);
      case 0x9f:
        return encodePropertyMap(this.getMap);
      default:
        return undefined;
    }
  }

  write(epc: number, edt: Uint8Array): boolean {
    if (epc !== 0x81 || !(edt.length === 1 || (edt.length === 17 && edt[0] === 0x01))) return false;
    this.installationLocation = edt.slice();
    return true;
  }
}
