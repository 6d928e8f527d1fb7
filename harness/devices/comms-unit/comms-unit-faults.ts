// Fault switches of the emulated SKSTACK IP module (the comms unit's Wi-SUN B-route side). Each breaks
// one rule of echonet-smart-meter.md §4 or of the write boundaries of skstack-clients.md.
import type { FaultDefinition } from '../fault-definition.ts';

const SK = 'SKSTACK IP reference notes';

export const COMMS_UNIT_FAULTS: readonly FaultDefinition[] = [
  {
    id: 'sk-wrong-password-accepted',
    device: 'comms-unit',
    rule: 'SKJOIN ends in EVENT 24 unless the Route-B ID and password are the meter’s',
    specRef: `${SK} §4.1 SKJOIN, §4.4`,
    clause: 'SK/PANA-AUTH',
  },
  {
    id: 'sk-no-event25-after-reauth',
    device: 'comms-unit',
    rule: 'after EVENT 29 with S17 on, the re-authenticated session is announced by EVENT 25',
    specRef: `${SK} §4.2 EVENT 29`,
    clause: 'SK/PANA-REAUTH',
  },
  {
    id: 'sk-rbid-31-accepted',
    device: 'comms-unit',
    rule: 'SKSETRBID takes exactly 32 characters',
    specRef: `${SK} §4.1 SKSETRBID`,
    clause: 'SK/SETRBID',
  },
  {
    id: 'sk-erxudp-split-at-crlf',
    device: 'comms-unit',
    rule: 'ERXUDP is written in one piece, even when its binary data holds 0D 0A',
    specRef: `${SK} §4.3, skstack-clients.md`,
    clause: 'SK/ERXUDP-WRITE',
  },
  {
    id: 'sk-datalen-hex-digits',
    device: 'comms-unit',
    rule: 'ERXUDP <DATALEN> is the number of data bytes',
    specRef: `${SK} §4.3`,
    clause: 'SK/ERXUDP-DATALEN',
  },
  {
    id: 'sk-hex-in-binary-mode',
    device: 'comms-unit',
    rule: 'ERXUDP data is binary unless WOPT 01 (or the module’s own default) asks for hex ASCII',
    specRef: `${SK} §4.1 WOPT, §4.3`,
    clause: 'SK/ERXUDP-DATA-FORM',
  },
  {
    id: 'sk-arib-limit-ignored',
    device: 'comms-unit',
    rule: 'no SKSENDTO goes out while the ARIB STD-T108 send-time limit holds (EVENT 32 … EVENT 33)',
    specRef: `${SK} §4.2 EVENT 32/33`,
    clause: 'SK/ARIB-LIMIT',
  },
  {
    id: 'sk-epandesc-split',
    device: 'comms-unit',
    rule: 'EVENT 20 and its EPANDESC block are written together',
    specRef: `${SK} §4.1 SKSCAN, skstack-clients.md`,
    clause: 'SK/EPANDESC-WRITE',
  },
  {
    id: 'sk-echo-ignores-sfe',
    device: 'comms-unit',
    rule: 'with SFE 0 the module echoes no command line',
    specRef: `${SK} §4.1 SKSREG SFE`,
    clause: 'SK/ECHO-BACK',
  },
  {
    id: 'sk-unknown-command-er05',
    device: 'comms-unit',
    rule: 'an unknown command is answered FAIL ER04',
    specRef: `${SK} §4.1 error codes`,
    clause: 'SK/FAIL-CODES',
  },
  {
    id: 'sk-sendto-over-limit-accepted',
    device: 'comms-unit',
    rule: 'SKSENDTO with a <DATALEN> over the Wi-SUN frame limit (0x04D0) is refused with FAIL',
    specRef: `${SK} §4.1 SKSENDTO; smdn-SK maxDataLength 0x04D0`,
    clause: 'SK/SENDTO-LIMIT',
  },
  {
    id: 'sk-ll64-ul-kept',
    device: 'comms-unit',
    rule: 'SKLL64 flips the U/L bit of the MAC in the link-local address',
    specRef: `${SK} §4.1 SKLL64`,
    clause: 'SK/LL64',
  },
  {
    id: 'sk-pana-no-lockout',
    device: 'comms-unit',
    rule: 'after the declared failed PANA authentications in a row the meter refuses every join until the lock-out ends',
    specRef: 'B-route guideline §10 security requirements (our reading; figures in /security/bruteForce)',
    clause: 'BRG-LV/10',
  },
];
