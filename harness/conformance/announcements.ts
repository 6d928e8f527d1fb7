// Which arrivals announce a property: an INF (and, where the notification may be confirmed, an INFC)
// carrying the EPC, from the object that should send it (ECHONET Lite §4.3.1; the 0xD5 instance list,
// the 0xEA 30-minute value of AIF LV §3.2.1).
import { type Eoj, sameEoj } from '../echonet/eoj.ts';
import { ESV } from '../echonet/esv.ts';
import type { Arrival } from './dut-client.ts';

export interface AnnouncementFilter {
  /** The sending object; any object when left out. */
  readonly from?: Eoj;
  /** INFC counts too (a notification the profile may declare confirmed). */
  readonly confirmed?: boolean;
}

export const announces =
  (epc: number, { from, confirmed = false }: AnnouncementFilter = {}) =>
  (a: Arrival): boolean =>
    a.frame?.format === 1 &&
    (a.frame.esv === ESV.INF || (confirmed && a.frame.esv === ESV.INFC)) &&
    (from === undefined || sameEoj(a.frame.seoj, from)) &&
    'properties' in a.frame &&
    a.frame.properties.some((p) => p.epc === epc);
