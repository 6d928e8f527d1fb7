// Fault switches of the node engine (every emulated device): frame-level rules of replies and start-up.
import type { FaultDefinition } from '../fault-definition.ts';

const EL = 'ECHONET Lite 1.14 part 2';
const AIF_LV = 'AIF LV meter v1.01';

export const NODE_FAULTS: readonly FaultDefinition[] = [
  {
    id: 'tid-not-echoed',
    device: 'node',
    rule: 'a response carries the TID of its request',
    specRef: `${EL} §3.2.2`,
    clause: 'EL-1.14/2/3.2.2',
  },
  {
    id: 'eoj-not-swapped',
    device: 'node',
    rule: 'a response swaps SEOJ and DEOJ of its request',
    specRef: `${EL} §3.2.4`,
    clause: 'EL-1.14/2/3.2.4',
  },
  {
    id: 'get-sna-pdc-nonzero',
    device: 'node',
    rule: 'Get_SNA lists refused EPCs with PDC = 0',
    specRef: `${EL} §3.2.5`,
    clause: 'EL-1.14/2/3.2.5',
  },
  {
    id: 'setc-sna-no-echo',
    device: 'node',
    rule: 'SetC_SNA echoes the PDC and EDT of refused EPCs',
    specRef: `${EL} §3.2.5`,
    clause: 'EL-1.14/2/3.2.5',
  },
  {
    id: 'get-res-as-inf',
    device: 'node',
    rule: 'a Get is answered with Get_Res (0x72)',
    specRef: `${EL} §3.2.5 table 3-10`,
    clause: 'EL-1.14/2/3.2.5',
  },
  {
    id: 'silent-on-get',
    device: 'node',
    rule: 'a Get is answered within Timer 1 (20 s)',
    specRef: `${AIF_LV} §2.4.2`,
    clause: 'AIF-LV-1.01/2.4.2',
  },
  {
    id: 'opc-capped-at-3',
    device: 'node',
    rule: 'a meter handles requests of up to 6 properties',
    specRef: `${AIF_LV} §2.4.4`,
    clause: 'AIF-LV-1.01/2.4.4',
  },
  {
    id: 'no-d5-at-startup',
    device: 'node',
    rule: 'a node announces its instance list (INF 0xD5) at start-up',
    specRef: `${EL} §4.3.1`,
    clause: 'EL-1.14/2/4.3.1',
  },
];
