// Fault switches of the emulated high-voltage meter object 0x028A01.
import type { FaultDefinition } from '../fault-definition.ts';

const APPENDIX_HV = 'APPENDIX Release R class 0x028A';

export const HV_METER_FAULTS: readonly FaultDefinition[] = [
  {
    id: 'e1-100-accepted',
    device: 'hv-meter',
    rule: 'E1 accepts days 0–99 only; others get SetC_SNA',
    specRef: `${APPENDIX_HV} EPC 0xE1`,
    clause: 'APPX-R/028A/E7',
  },
  {
    id: 'e7-newest-first',
    device: 'hv-meter',
    rule: 'E7 lists the 48 half-hour values oldest first (00:00 → 23:30)',
    specRef: `${APPENDIX_HV} EPC 0xE7`,
    clause: 'APPX-R/028A/E7',
  },
  {
    id: 'c6-slot-zero-unrecorded',
    device: 'hv-meter',
    rule: 'C6 slots with no measurement carry 0xFFFFFFFE',
    specRef: `${APPENDIX_HV} EPC 0xC6`,
    clause: 'APPX-R/028A/C6',
  },
  {
    id: 'e6-wrong-unit',
    device: 'hv-meter',
    rule: 'E6 gives the unit the active energy is kept in',
    specRef: `${APPENDIX_HV} EPC 0xE6`,
    clause: 'APPX-R/028A/C3',
  },
  {
    id: 'd4-wrong-multiplier',
    device: 'hv-meter',
    rule: 'D4 gives the multiplier the coefficient D3 is applied with',
    specRef: `${APPENDIX_HV} EPC 0xD4`,
    clause: 'APPX-R/028A/D3',
  },
  {
    id: 'c3-not-half-hour-aligned',
    device: 'hv-meter',
    rule: 'C3 is stamped with the latest :00 or :30 (seconds 00)',
    specRef: `${APPENDIX_HV} EPC 0xC3`,
    clause: 'APPX-R/028A/C3',
  },
  {
    id: 'c3-energy-not-doubled',
    device: 'hv-meter',
    rule: 'demand (C3, C6, C1) is the 30-minute average power: 2 × the energy of the half hour',
    specRef: `${APPENDIX_HV} EPC 0xC3`,
    clause: 'APPX-R/028A/C3',
  },
  {
    id: 'ca-decreasing',
    device: 'hv-meter',
    rule: 'the cumulative reactive energy CA never decreases (other than at roll-over)',
    specRef: `${APPENDIX_HV} EPC 0xCA`,
    clause: 'APPX-R/028A/CA',
  },
  {
    id: 'c1-below-a-half-hour-demand',
    device: 'hv-meter',
    rule: 'C1 is the largest 30-minute demand since the fixed date E0',
    specRef: `${APPENDIX_HV} EPCs 0xC1, 0xE0`,
    clause: 'APPX-R/028A/C1',
  },
  {
    id: 'e2-stale',
    device: 'hv-meter',
    rule: 'E2 is the reading at the present minute',
    specRef: `${APPENDIX_HV} EPC 0xE2`,
    clause: 'APPX-R/028A/E2',
  },
  {
    id: 'e7-day-field-zero',
    device: 'hv-meter',
    rule: 'C6/CE/E7 begin with the day set in E1',
    specRef: `${APPENDIX_HV} EPCs 0xC6, 0xCE, 0xE7`,
    clause: 'APPX-R/028A/E7',
  },
];
