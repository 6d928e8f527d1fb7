// Every fault switch of the reference devices: which rule it breaks and where the rule is written.
// The devices check these ids; harness/devices/FAULTS.md is generated from this list
// (`npm run faults:doc`) and a test keeps both in step.

export interface FaultDefinition {
  readonly id: string;
  readonly device: 'lv-meter' | 'node';
  readonly rule: string;
  readonly specRef: string;
}

const EL = 'ECHONET Lite 1.14 part 2';
const APPENDIX_LV = 'APPENDIX Release R class 0x0288';
const AIF_LV = 'AIF LV meter v1.01';

export const FAULTS: readonly FaultDefinition[] = [
  // node (every emulated device)
  {
    id: 'tid-not-echoed',
    device: 'node',
    rule: 'a response carries the TID of its request',
    specRef: `${EL} §3.2.2`,
  },
  {
    id: 'eoj-not-swapped',
    device: 'node',
    rule: 'a response swaps SEOJ and DEOJ of its request',
    specRef: `${EL} §3.2.4`,
  },
  {
    id: 'get-sna-pdc-nonzero',
    device: 'node',
    rule: 'Get_SNA lists refused EPCs with PDC = 0',
    specRef: `${EL} §3.2.5`,
  },
  {
    id: 'setc-sna-no-echo',
    device: 'node',
    rule: 'SetC_SNA echoes the PDC and EDT of refused EPCs',
    specRef: `${EL} §3.2.5`,
  },
  {
    id: 'get-res-as-inf',
    device: 'node',
    rule: 'a Get is answered with Get_Res (0x72)',
    specRef: `${EL} §3.2.5 table 3-10`,
  },
  {
    id: 'silent-on-get',
    device: 'node',
    rule: 'a Get is answered within Timer 1 (20 s)',
    specRef: `${AIF_LV} §2.4.2`,
  },
  {
    id: 'opc-capped-at-3',
    device: 'node',
    rule: 'a meter handles requests of up to 6 properties',
    specRef: `${AIF_LV} §2.4.4`,
  },
  {
    id: 'no-d5-at-startup',
    device: 'node',
    rule: 'a node announces its instance list (INF 0xD5) at start-up',
    specRef: `${EL} §4.3.1`,
  },
  // low-voltage meter object
  {
    id: 'form2-off-by-one',
    device: 'lv-meter',
    rule: 'property map Form 2: EPC e is bit (e >> 4) - 8 of byte 1 + (e & 0x0F)',
    specRef: 'APPENDIX 1 property map description format',
  },
  {
    id: 'get-map-lists-unserved',
    device: 'lv-meter',
    rule: 'every EPC of the Get property map (0x9F) is answered',
    specRef: `${EL} §3.2.5, ${APPENDIX_LV}`,
  },
  {
    id: 'e1-wrong-unit',
    device: 'lv-meter',
    rule: 'E1 gives the unit the counters are kept in',
    specRef: `${APPENDIX_LV} EPC 0xE1`,
  },
  {
    id: 'counter-backwards',
    device: 'lv-meter',
    rule: 'cumulative energy never decreases (other than at roll-over)',
    specRef: `${APPENDIX_LV} EPC 0xE0`,
  },
  {
    id: 'no-roll-over',
    device: 'lv-meter',
    rule: 'counters stay below 10^D7 (roll over at the effective digits)',
    specRef: `${APPENDIX_LV} EPC 0xD7`,
  },
  {
    id: 'e5-100-accepted',
    device: 'lv-meter',
    rule: 'E5 accepts days 0–99 only; others get SetC_SNA',
    specRef: `${APPENDIX_LV} EPC 0xE5`,
  },
  {
    id: 'e2-newest-first',
    device: 'lv-meter',
    rule: 'E2/E4 list the 48 half-hour values oldest first (00:00 → 23:30)',
    specRef: `${APPENDIX_LV} EPC 0xE2`,
  },
  {
    id: 'e2-day-field-zero',
    device: 'lv-meter',
    rule: 'E2/E4 begin with the day set in E5',
    specRef: `${APPENDIX_LV} EPC 0xE2`,
  },
  {
    id: 'unrecorded-slot-zero',
    device: 'lv-meter',
    rule: 'slots with no measurement carry 0xFFFFFFFE',
    specRef: `${APPENDIX_LV} EPC 0xE2`,
  },
  {
    id: 'e7-unsigned',
    device: 'lv-meter',
    rule: 'E7 is signed: negative under reverse power flow',
    specRef: `${APPENDIX_LV} EPC 0xE7`,
  },
  {
    id: 'e8-t-phase-zero',
    device: 'lv-meter',
    rule: 'single-phase two-wire meters report the T phase as 0x7FFE',
    specRef: `${APPENDIX_LV} EPC 0xE8`,
  },
  {
    id: 'ea-stale',
    device: 'lv-meter',
    rule: 'EA is the value at the latest :00 or :30',
    specRef: `${APPENDIX_LV} EPC 0xEA`,
  },
  {
    id: 'ed-any-minute',
    device: 'lv-meter',
    rule: 'ED accepts minute 00 or 30 only',
    specRef: `${APPENDIX_LV} EPC 0xED`,
  },
  {
    id: 'ec-oldest-first',
    device: 'lv-meter',
    rule: 'EC lists from the requested time backwards (newest first)',
    specRef: `${APPENDIX_LV} EPC 0xEC`,
  },
  {
    id: 'ef-n-11-accepted',
    device: 'lv-meter',
    rule: 'EF accepts 1–10 values only',
    specRef: `${APPENDIX_LV} EPC 0xEF`,
  },
  {
    id: 'one-minute-kept-30',
    device: 'lv-meter',
    rule: '1-minute values are kept 60 minutes',
    specRef: 'next-generation smart meter specification (1-minute values, 60 min); profile parameter',
  },
  {
    id: 'c0-byte0-wrong',
    device: 'lv-meter',
    rule: 'C0 begins with 0x00 then the maker code',
    specRef: `${APPENDIX_LV} EPC 0xC0`,
  },
  {
    id: 'inf-late-7min',
    device: 'lv-meter',
    rule: 'EA/EB are notified within 5 minutes after :00 and :30',
    specRef: `${AIF_LV} §3.2.1`,
  },
  {
    id: 'inf-missing',
    device: 'lv-meter',
    rule: 'EA/EB are notified after every :00 and :30',
    specRef: `${AIF_LV} §3.2.1`,
  },
];

export function faultsOf(device: FaultDefinition['device']): readonly FaultDefinition[] {
  return FAULTS.filter((f) => f.device === device);
}

/** The Markdown table of harness/devices/FAULTS.md. */
export function faultsMarkdown(): string {
  const rows = FAULTS.map((f) => `| \`${f.id}\` | ${f.device} | ${f.rule} | ${f.specRef} |`);
  return [
    '# Fault switches of the reference devices',
    '',
    'Generated from `harness/devices/faults.ts` by `npm run faults:doc`; do not edit by hand.',
    'Each switch breaks exactly one rule; the suites must give FAIL for each and PASS without any.',
    '',
    '| fault | device | rule it breaks | spec |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
