// Fault switches of the emulated HEMS controller 0x05FF01 (the B-route client side of the AIF).
import type { FaultDefinition } from '../fault-definition.ts';

const EL = 'ECHONET Lite 1.14 part 2';
const APPENDIX_LV = 'APPENDIX Release R class 0x0288';
const AIF_LV = 'AIF LV meter v1.01';
const SKSTACK = 'SKSTACK IP (reference notes)';
/** The faults of the module's holds show only over Wi-SUN. */
const WISUN_PROFILE = 'profiles/reference-hems-controller-wisun.json';

export const HEMS_FAULTS: readonly FaultDefinition[] = [
  {
    id: 'no-infc-res',
    device: 'hems-controller',
    rule: 'an INFC is answered with INFC_Res (0x7A)',
    specRef: `${EL} §3.2.5 table 3-10, ${AIF_LV} §3.2.1`,
    clause: 'EL-1.14/2/3.2.5',
  },
  {
    id: 'infc-res-wrong-tid',
    device: 'hems-controller',
    rule: 'INFC_Res carries the TID of its INFC',
    specRef: `${EL} §3.2.2`,
    clause: 'EL-1.14/2/3.2.2',
  },
  {
    id: 'opc-over-2',
    device: 'hems-controller',
    rule: 'a HEMS controller puts at most 2 properties in one request',
    specRef: `${AIF_LV} §2.4.4`,
    clause: 'AIF-LV-1.01/2.4.4',
  },
  {
    id: 'no-wait-for-d5',
    device: 'hems-controller',
    rule: 'after link-up the HEMS controller waits Timer 1 for the instance list (INF 0xD5) before asking for it',
    specRef: `${AIF_LV} §3.1.1`,
    clause: 'AIF-LV-1.01/3.1.1',
  },
  {
    id: 'timer1-5s',
    device: 'hems-controller',
    rule: 'a HEMS controller waits Timer 1 (≥ 20 s) for the reply to an OPC = 1 request',
    specRef: `${AIF_LV} §2.4.2`,
    clause: 'AIF-LV-1.01/2.4.2',
  },
  {
    id: 'no-fallback-get',
    device: 'hems-controller',
    rule: 'when the 30-minute notification is missing, the HEMS controller Gets EA from about :05 / :35',
    specRef: `${AIF_LV} §3.3.1`,
    clause: 'AIF-LV-1.01/3.3.1',
  },
  {
    id: 'polls-every-10s',
    device: 'hems-controller',
    rule: 'the HEMS controller keeps to its declared request rate: EA comes from the 30-minute notification, not from a Get every 10 s',
    specRef: `${AIF_LV} §3.2.1, §3.3.1; B-route guideline §11 (frequency not confirmed)`,
    clause: 'BRG-LV/11',
  },
  {
    id: 'e2-without-e5',
    device: 'hems-controller',
    rule: 'the day is set in E5 (SetC) before E2 / E4 are read',
    specRef: `${APPENDIX_LV} EPC 0xE2 (atomic with 0xE5), ${AIF_LV} figure 3-6`,
    clause: 'APPX-R/0288/E2',
  },
  {
    id: 'wrong-seoj',
    device: 'hems-controller',
    rule: 'the HEMS controller object is 0x05FF01 (instance code fixed at 0x01)',
    specRef: `${AIF_LV} §2.1`,
    clause: 'AIF-LV-1.01/2.1',
  },
  {
    id: 'ignores-inf',
    device: 'hems-controller',
    rule: 'the HEMS controller takes the 30-minute value from an INF notification as from an INFC',
    specRef: `${AIF_LV} §3.2.1`,
    clause: 'AIF-LV-1.01/3.2.1/HEMS',
  },
  {
    id: 'sets-installation-location',
    device: 'hems-controller',
    rule: 'a HEMS controller sends only the B-route commands: Get of a readable property, SetC of the history selectors (E5, ED, EF) only',
    specRef:
      'B-route guideline §2 and its list of required commands (not in the public sources: our reading)',
    clause: 'BRG-LV/2',
  },
  {
    id: 'stops-after-timeout',
    device: 'hems-controller',
    rule: 'after the meter restarts, the HEMS controller reads it again: a request that timed out does not end its reading',
    specRef: 'AIF LV meter v1.01 §2.4.2, §3.3.1 (our reading: the fallback Get goes on)',
    clause: 'SMCERT/HC-RECOVER',
  },
  // over Wi-SUN: the controller ignores one hold of its module and sends again at once on each FAIL (up
  // to 20 times, 0.1 s apart); it keeps to the other hold (hems-controller.ts linkFree)
  {
    id: 'sends-during-reauth',
    device: 'hems-controller',
    rule: 'while its module re-authenticates the PANA session (EVENT 29 … EVENT 25) the controller does not keep sending',
    specRef: `${SKSTACK} §4.2 EVENT 29, EVENT 25; reference notes §3.3 (momonga: the module blocks sends)`,
    clause: 'SK/HOST-REAUTH-HOLD',
    profile: WISUN_PROFILE,
  },
  {
    id: 'resends-when-arib-limited',
    device: 'hems-controller',
    rule: 'while the ARIB STD-T108 send-time limit holds (EVENT 32 … EVENT 33) the controller does not keep sending',
    specRef: `${SKSTACK} §4.2 EVENT 32, EVENT 33; reference notes §3.3 (momonga: the module blocks sends)`,
    clause: 'SK/HOST-ARIB-HOLD',
    profile: WISUN_PROFILE,
  },
];
