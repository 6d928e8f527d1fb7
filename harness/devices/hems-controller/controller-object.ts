// The controller object 0x05FF01 the emulated HEMS controller hosts (APPENDIX Release R class 0x05FF; AIF LV
// meter v1.01 §2.1: instance code fixed at 0x01). The class has no required property of its own: it answers
// the required super-class properties (0x80, 0x81, 0x82, 0x88, 0x8A, 0x9D–0x9F), and accepts 0x81.
import { HEMS_CONTROLLER } from '../../echonet/eoj.ts';
import type { DeviceObject } from '../node/device-object.ts';
import { SuperClassProperties } from '../node/super-class-properties.ts';

export class ControllerObject implements DeviceObject {
  readonly eoj = HEMS_CONTROLLER;
  readonly getMap = [0x80, 0x81, 0x82, 0x88, 0x8a, 0x9d, 0x9e, 0x9f];
  readonly setMap = [0x81];
  readonly announceMap = [0x80, 0x81, 0x88];
  private readonly superClass: SuperClassProperties;

  constructor(makerCode: number) {
    this.superClass = new SuperClassProperties(this, makerCode);
  }

  read(epc: number): Uint8Array | undefined {
    return this.superClass.read(epc);
  }

  write(epc: number, edt: Uint8Array): boolean {
    return this.superClass.write(epc, edt) ?? false;
  }
}
