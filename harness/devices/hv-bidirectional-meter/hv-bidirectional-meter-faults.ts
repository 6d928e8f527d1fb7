// Fault switches of the emulated bidirectional high-voltage meter object 0x028F01.
import type { FaultDefinition } from '../fault-definition.ts';

const APPENDIX_HB = 'APPENDIX Release R class 0x028F';

export const HV_BIDIRECTIONAL_METER_FAULTS: readonly FaultDefinition[] = [
  {
    id: 'd0-previous-minute-value',
    device: 'hv-bidirectional-meter',
    rule: 'D0 is the reading at the minute it is stamped with (the value ED gives for that minute)',
    specRef: `${APPENDIX_HB} EPCs 0xD0, 0xED`,
    clause: 'APPX-R/028F/D0',
  },
  {
    id: 'd0-stamp-seconds',
    device: 'hv-bidirectional-meter',
    rule: 'D0 is stamped on the minute (seconds 00)',
    specRef: `${APPENDIX_HB} EPC 0xD0`,
    clause: 'APPX-R/028F/D0',
  },
  {
    id: 'd1-forward-reverse-swapped',
    device: 'hv-bidirectional-meter',
    rule: 'D1 gives the forward (normal) lagging reactive energy first, then the reverse',
    specRef: `${APPENDIX_HB} EPCs 0xD1, 0xEE`,
    clause: 'APPX-R/028F/D1',
  },
  {
    id: 'eb-t-phase-not-no-data',
    device: 'hv-bidirectional-meter',
    rule: 'a single-phase two-wire meter gives 0x7FFFFFFE for the T phase of EB',
    specRef: `${APPENDIX_HB} EPC 0xEB`,
    clause: 'APPX-R/028F/EB',
    profile: 'fixtures/validity/hv-bidirectional-meter-two-wire.json',
  },
  {
    id: 'ee-ignores-ef',
    device: 'hv-bidirectional-meter',
    rule: 'EE answers the instant and count set in EF',
    specRef: `${APPENDIX_HB} EPCs 0xEE, 0xEF`,
    clause: 'APPX-R/028F/EF',
  },
  {
    id: 'ed-oldest-first',
    device: 'hv-bidirectional-meter',
    rule: 'ED lists the selected minute first, then each minute before it',
    specRef: `${APPENDIX_HB} EPCs 0xED, 0xEF`,
    clause: 'APPX-R/028F/ED',
  },
  {
    id: 'ef-11-segments-accepted',
    device: 'hv-bidirectional-meter',
    rule: 'EF accepts 1–10 segments only; others get SetC_SNA',
    specRef: `${APPENDIX_HB} EPC 0xEF`,
    clause: 'APPX-R/028F/EF',
  },
];
