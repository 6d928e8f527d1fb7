// Fault switches of a meter's B-route clients (b-route-clients.ts, echonet-node.ts): each breaks one rule
// of the next-generation multi-client B-route as the profile declares it (/bRoute; seed 論点④).
import type { FaultDefinition } from '../fault-definition.ts';

const SEED = 'next-generation study group seed 論点④ (several B-route clients; figures declared in /bRoute)';

export const B_ROUTE_CLIENT_FAULTS: readonly FaultDefinition[] = [
  {
    id: 'mc-n-plus-one-accepted',
    device: 'lv-meter',
    rule: 'a meter serves at most bRoute.maxClients B-route clients at once: the next one is refused as declared',
    specRef: SEED,
    clause: 'NG/MULTI-CLIENT-MAX',
  },
  {
    id: 'mc-notify-first-client-only',
    device: 'lv-meter',
    rule: 'every B-route client gets the 30-minute notification, not only the first one',
    specRef: `${SEED}; AIF LV meter v1.01 §3.2.1`,
    clause: 'NG/MULTI-CLIENT-NOTIFY',
  },
  {
    id: 'mc-selectors-shared',
    device: 'lv-meter',
    rule: 'with per-client selectors, one client’s SetC of E5 (ED, EF) does not change what another client reads',
    specRef: `${SEED}; APPENDIX Release R class 0x0288 E2/E5 atomic`,
    clause: 'NG/MULTI-CLIENT-SELECTORS',
  },
  {
    id: 'mc-rate-limit-ignored',
    device: 'lv-meter',
    rule: 'a client’s requests beyond bRoute.requestsPerMinute in 60 s are answered as bRoute.overRate declares',
    specRef: SEED,
    clause: 'NG/MULTI-CLIENT-RATE',
  },
  {
    id: 'mc-client-starved',
    device: 'lv-meter',
    rule: 'a greedy client does not starve another: the other’s request within its rate is answered within Timer 1',
    specRef: `${SEED} (fair access respecting the meter’s load); AIF LV meter v1.01 §2.4.2`,
    clause: 'NG/MULTI-CLIENT-FAIR',
  },
  {
    id: 'mc-revoked-still-served',
    device: 'lv-meter',
    rule: 'a revoked B-route client is refused from then on, the others still served',
    specRef: SEED,
    clause: 'NG/MULTI-CLIENT-REVOKE',
  },
  {
    id: 'mc-inconsistent-values',
    device: 'lv-meter',
    rule: 'every B-route client reads the same values: the same EA for the same half hour, the same E0',
    specRef: `${SEED}; APPENDIX Release R class 0x0288 EA`,
    clause: 'NG/MULTI-CLIENT-CONSISTENT',
  },
  {
    id: 'mc-idle-client-kept',
    device: 'lv-meter',
    rule: 'a B-route client silent for bRoute.idleReleaseMs is released: its place is free for another client',
    specRef: SEED,
    clause: 'NG/MULTI-CLIENT-IDLE',
  },
  {
    id: 'mc-credentials-crossed',
    device: 'lv-meter',
    rule: 'with per-client Route-B credentials, the meter takes a client’s ID only with that client’s password',
    specRef: `${SEED}; B-route guideline (Route-B ID 32 / password 12 characters)`,
    clause: 'NG/MULTI-CLIENT-CREDENTIALS',
    profile: 'profiles/reference-lv-meter-wisun.json',
  },
  {
    id: 'mc-revoked-credential-accepted',
    device: 'lv-meter',
    rule: 'a client whose Route-B ID the utility revoked is refused at its next authentication, the others still served',
    specRef: SEED,
    clause: 'NG/MULTI-CLIENT-REVOKE-CREDENTIALS',
    profile: 'profiles/reference-lv-meter-wisun.json',
  },
];
