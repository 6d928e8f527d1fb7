// Fault switches of the emulated low-voltage meter object 0x028801.
import type { FaultDefinition } from '../fault-definition.ts';

const EL = 'ECHONET Lite 1.14 part 2';
const APPENDIX_LV = 'APPENDIX Release R class 0x0288';
const AIF_LV = 'AIF LV meter v1.01';

export const LV_METER_FAULTS: readonly FaultDefinition[] = [
  {
    id: 'form2-off-by-one',
    device: 'lv-meter',
    rule: 'property map Form 2: EPC e is bit (e >> 4) - 8 of byte 1 + (e & 0x0F)',
    specRef: 'APPENDIX 1 property map description format',
    clause: 'PROFILE/DECLARED', // a well-formed map of other EPCs: it shows as a map other than the declared one
  },
  {
    id: 'get-map-lists-unserved',
    device: 'lv-meter',
    rule: 'every EPC of the Get property map (0x9F) is answered',
    specRef: `${EL} §3.2.5, ${APPENDIX_LV}`,
    clause: 'EL-1.14/2/3.2.5',
  },
  {
    id: 'e1-wrong-unit',
    device: 'lv-meter',
    rule: 'E1 gives the unit the counters are kept in',
    specRef: `${APPENDIX_LV} EPC 0xE1`,
    clause: 'APPX-R/0288/D3',
  },
  {
    id: 'counter-backwards',
    device: 'lv-meter',
    rule: 'cumulative energy never decreases (other than at roll-over)',
    specRef: `${APPENDIX_LV} EPC 0xE0`,
    clause: 'APPX-R/0288/E0',
  },
  {
    id: 'no-roll-over',
    device: 'lv-meter',
    rule: 'counters stay below 10^D7 (roll over at the effective digits)',
    specRef: `${APPENDIX_LV} EPC 0xD7`,
    clause: 'APPX-R/0288/E0',
    profile: 'fixtures/validity/lv-meter-near-roll-over.json',
  },
  {
    id: 'e5-100-accepted',
    device: 'lv-meter',
    rule: 'E5 accepts days 0–99 only; others get SetC_SNA',
    specRef: `${APPENDIX_LV} EPC 0xE5`,
    clause: 'APPX-R/0288/E2',
  },
  {
    id: 'e2-newest-first',
    device: 'lv-meter',
    rule: 'E2/E4 list the 48 half-hour values oldest first (00:00 → 23:30)',
    specRef: `${APPENDIX_LV} EPC 0xE2`,
    clause: 'APPX-R/0288/E2',
  },
  {
    id: 'e2-day-field-zero',
    device: 'lv-meter',
    rule: 'E2/E4 begin with the day set in E5',
    specRef: `${APPENDIX_LV} EPC 0xE2`,
    clause: 'APPX-R/0288/E2',
  },
  {
    id: 'unrecorded-slot-zero',
    device: 'lv-meter',
    rule: 'slots with no measurement carry 0xFFFFFFFE',
    specRef: `${APPENDIX_LV} EPC 0xE2`,
    clause: 'APPX-R/0288/E2',
  },
  {
    id: 'e7-unsigned',
    device: 'lv-meter',
    rule: 'E7 is signed: negative under reverse power flow',
    specRef: `${APPENDIX_LV} EPC 0xE7`,
    clause: 'APPX-R/0288/E7',
  },
  {
    id: 'e8-t-phase-zero',
    device: 'lv-meter',
    rule: 'single-phase two-wire meters report the T phase as 0x7FFE',
    specRef: `${APPENDIX_LV} EPC 0xE8`,
    clause: 'APPX-R/0288/E8',
    profile: 'fixtures/validity/lv-meter-two-wire.json',
  },
  {
    id: 'ea-stale',
    device: 'lv-meter',
    rule: 'EA is the value at the latest :00 or :30',
    specRef: `${APPENDIX_LV} EPC 0xEA`,
    clause: 'APPX-R/0288/EA',
  },
  {
    id: 'ed-any-minute',
    device: 'lv-meter',
    rule: 'ED accepts minute 00 or 30 only',
    specRef: `${APPENDIX_LV} EPC 0xED`,
    clause: 'APPX-R/0288/EC',
  },
  {
    id: 'ec-oldest-first',
    device: 'lv-meter',
    rule: 'EC lists from the requested time backwards (newest first)',
    specRef: `${APPENDIX_LV} EPC 0xEC`,
    clause: 'APPX-R/0288/EC',
  },
  {
    id: 'ef-n-11-accepted',
    device: 'lv-meter',
    rule: 'EF accepts 1–10 values only',
    specRef: `${APPENDIX_LV} EPC 0xEF`,
    clause: 'APPX-R/0288/EE',
  },
  {
    id: 'one-minute-kept-30',
    device: 'lv-meter',
    rule: '1-minute values are kept 60 minutes',
    specRef: 'next-generation smart meter specification (1-minute values, 60 min); profile parameter',
    clause: 'NG/1MIN-60',
  },
  {
    id: 'c0-byte0-wrong',
    device: 'lv-meter',
    rule: 'C0 begins with 0x00 then the maker code',
    specRef: `${APPENDIX_LV} EPC 0xC0`,
    clause: 'APPX-R/0288/C0',
  },
  {
    id: 'inf-late-7min',
    device: 'lv-meter',
    rule: 'EA/EB are notified within 5 minutes after :00 and :30',
    specRef: `${AIF_LV} §3.2.1`,
    clause: 'AIF-LV-1.01/3.2.1',
  },
  {
    id: 'inf-missing',
    device: 'lv-meter',
    rule: 'EA/EB are notified after every :00 and :30',
    specRef: `${AIF_LV} §3.2.1`,
    clause: 'AIF-LV-1.01/3.2.1',
  },
  {
    id: 'next-gen-retention-halved',
    device: 'lv-meter',
    rule: 'next-generation interval values are kept for the retention the profile declares',
    specRef: 'next-generation smart meter specification (retention per interval); profile parameter',
    clause: 'NG/RETENTION',
  },
];
