// Fault switches of a meter's B-route security (suites/security/): each breaks one rule of what a B-route
// client may do, as the current guideline's security requirements read (§10; its text is not public,
// so suites/security/utility-only.json and the profile's /security are our reading).
import type { FaultDefinition } from '../fault-definition.ts';

export const SECURITY_FAULTS: readonly FaultDefinition[] = [
  {
    id: 'utility-setting-from-b-route',
    device: 'lv-meter',
    rule: 'a B-route client cannot change a utility-only property: a SetC of the coefficient (0xD3) is refused and leaves it as it was',
    specRef: 'B-route guideline §10 security requirements (our reading: suites/security/utility-only.json)',
    clause: 'BRG-LV/10',
  },
  {
    id: 'command-outside-list-answered',
    device: 'hv-meter',
    rule: 'a high-voltage meter answers only the ECHONET Lite commands it lists (/security/commands): another service is refused',
    specRef: 'B-route guideline (high-voltage) network requirements: only the listed ECHONET Lite commands',
    clause: 'BRG-HV/COMMANDS',
  },
  {
    id: 'malformed-frame-resets-selectors',
    device: 'lv-meter',
    rule: 'a frame the meter cannot decode changes nothing: another client’s history selectors stay as it set them',
    specRef:
      'B-route guideline §10 security requirements (our reading); ECHONET Lite 1.14 part 2 §3.2 (a malformed frame is discarded)',
    clause: 'BRG-LV/10',
  },
];
