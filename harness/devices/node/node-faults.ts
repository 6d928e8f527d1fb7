// Fault switches of the node engine (every emulated device): frame-level rules of replies and start-up.
import type { FaultDefinition } from '../fault-definition.ts';

const EL = 'ECHONET Lite 1.14 part 2';
const AIF_LV = 'AIF LV meter v1.01';
const APPENDIX_NP = 'APPENDIX Release R class 0x0EF0';
const APPENDIX_SUPER = 'APPENDIX Release R device super class 0x0000';

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
  {
    id: 'seti-accepted-answered',
    device: 'node',
    rule: 'an accepted SetI gets no reply (SetI_SNA only on refusal)',
    specRef: `${EL} §3.2.5 table 3-10`,
    clause: 'EL-1.14/2/3.2.5',
  },
  {
    id: 'inf-req-sna-as-get-sna',
    device: 'node',
    rule: 'an INF_REQ of a property the object lacks is answered with INF_SNA (0x53), not Get_SNA (0x52)',
    specRef: `${EL} §3.2.5 table 3-11`,
    clause: 'EL-1.14/2/3.2.5',
  },
  {
    id: 'setget-always-sna',
    device: 'node',
    rule: 'a SetGet whose writes and reads all succeed is answered with SetGet_Res (0x7E)',
    specRef: `${EL} §3.2.5 table 3-10`,
    clause: 'EL-1.14/2/3.2.5',
  },
  {
    id: 'missing-object-answered',
    device: 'node',
    rule: 'a request to an object the node does not have is discarded',
    specRef: `${EL} §4.2.3`,
    clause: 'EL-1.14/2/4.2.3',
  },
  {
    id: 'malformed-answered',
    device: 'node',
    rule: 'a frame that cannot be parsed (PDC beyond the end) gets no reply',
    specRef: `${EL} §3.2.5`,
    clause: 'EL-1.14/2/3.2.5',
  },
  {
    id: 'd3-counts-node-profile',
    device: 'node',
    rule: 'node profile D3 counts the instances, the node profile excluded (as D6 lists them)',
    specRef: `${APPENDIX_NP} EPC 0xD3`,
    clause: 'APPX-R/0EF0',
  },
  {
    id: 'np-82-format-byte-order',
    device: 'node',
    rule: 'node profile 0x82 byte 3 bit 0 declares Format 1 (bitmap 0x01 0x00)',
    specRef: `${APPENDIX_NP} EPC 0x82`,
    clause: 'APPX-R/0EF0',
  },
  {
    id: 'np-83-maker-zero',
    device: 'node',
    rule: 'node profile 0x83 is 0xFE, the maker code, then 13 unique bytes',
    specRef: `${APPENDIX_NP} EPC 0x83`,
    clause: 'APPX-R/0EF0',
  },
  {
    id: 'get-edt-one-byte-short-0x8a',
    device: 'node',
    rule: 'a device object answers 0x8A (maker code) with the 3 bytes its class data gives',
    specRef: `${APPENDIX_SUPER} EPC 0x8A`,
    clause: 'APPX-R/0000/8A/entry',
  },
  {
    id: 'set-out-of-range-accepted',
    device: 'node',
    rule: 'a SetC of a settable EPC with a value outside its class data range is refused with SetC_SNA',
    specRef: 'APPENDIX Release R class 0x0288 EPC 0xE5',
    clause: 'APPX-R/0288/E5/entry',
  },
  {
    id: 'noset-epc-set-accepted',
    device: 'node',
    rule: "a SetC of an EPC outside the object's Set map is refused with SetC_SNA",
    specRef: `${EL} §3.2.5`,
    clause: 'EL-1.14/2/3.2.5',
  },
  {
    id: 'anno-missing-on-change',
    device: 'node',
    rule: 'a change of a property in the announcement map (0x81 by SetC) is announced by INF',
    specRef: `${APPENDIX_SUPER} EPC 0x81, ${EL} §4.3.1`,
    clause: 'APPX-R/0000/81/entry',
  },
];
