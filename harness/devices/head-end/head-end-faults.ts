// Fault switches of the reference head-end (harness/devices/head-end/): each breaks one A-route rule of
// the seed's 通信/システム standard functions, as suites/a-route/ checks it through the contract.
import type { FaultDefinition } from '../fault-definition.ts';

const SEED = 'NG seed 通信（FAN・WAN）/システム（HES・MDMS）（Aルート）の標準機能';
const PROFILE = 'profiles/reference-head-end.json';
const AMPERE = 'NG seed その他機能: 遠隔アンペア制御機能（予約機能付き）';

export const HEAD_END_FAULTS: readonly FaultDefinition[] = [
  {
    id: 'he-late-delivery',
    device: 'head-end',
    rule: 'every 30-minute value is available within 60 minutes of its interval’s end (LV)',
    specRef: `${SEED}: 30分値有効電力量を30分毎に60分以内に送付`,
    clause: 'NG/A-ROUTE-DELIVERY',
    profile: PROFILE,
  },
  {
    id: 'he-hv-late-delivery',
    device: 'head-end',
    rule: 'every 30-minute value of an HV meter is available within 30 minutes of its interval’s end (answered after 35: within the LV 60 only)',
    specRef: `${SEED}: 高圧 30分毎・30分以内`,
    clause: 'NG/A-ROUTE-DELIVERY',
    profile: PROFILE,
  },
  {
    id: 'he-dropped-slot',
    device: 'head-end',
    rule: 'every value delivered is held: none acknowledged and lost',
    specRef: `${SEED}: 30分値有効電力量を30分毎に60分以内に送付`,
    clause: 'NG/A-ROUTE-COMPLETE',
    profile: PROFILE,
  },
  {
    id: 'he-duplicated-slot',
    device: 'head-end',
    rule: 'each interval of a meter is held once: none answered twice',
    specRef: `${SEED}: 30分値有効電力量を30分毎に60分以内に送付`,
    clause: 'NG/A-ROUTE-COMPLETE',
    profile: PROFILE,
  },
  {
    id: 'he-truncated-digits',
    device: 'head-end',
    rule: 'the 8 digits of active energy reach the MDMS as delivered',
    specRef: 'NG seed 計測粒度 ※２: 有効電力量の取得・表示桁数は、MDMSまで８桁でシステム構築',
    clause: 'NG/A-ROUTE-DIGITS',
    profile: PROFILE,
  },
  {
    id: 'he-short-retention',
    device: 'head-end',
    rule: '30-minute values are kept 3 years (today’s A-route: 2)',
    specRef: `${SEED}: （3年間保存）`,
    clause: 'NG/A-ROUTE-RETENTION',
    profile: PROFILE,
  },
  {
    id: 'he-missed-outage',
    device: 'head-end',
    rule: 'an outage is detected from the missing 30-minute values within the declared time',
    specRef: 'NG seed 通信/システム: ポーリング・30分値の有効活用による停電検知・復旧検知機能',
    clause: 'NG/A-ROUTE-OUTAGE',
    profile: PROFILE,
  },
  {
    id: 'he-write-behind',
    device: 'head-end',
    rule: 'a value acknowledged is stored: a restart of the head-end loses none',
    specRef: `${SEED}: 30分値有効電力量を30分毎に60分以内に送付（3年間保存）`,
    clause: 'NG/A-ROUTE-DURABLE',
    profile: PROFILE,
  },
  {
    id: 'he-reservation-early',
    device: 'head-end',
    rule: 'a reserved change of the ampere limit takes effect at its time, not before',
    specRef: AMPERE,
    clause: 'NG/AMPERE-RESERVATION',
    profile: PROFILE,
  },
  {
    id: 'he-cancelled-reservation-executed',
    device: 'head-end',
    rule: 'a cancelled reservation never takes effect',
    specRef: AMPERE,
    clause: 'NG/AMPERE-CANCEL',
    profile: PROFILE,
  },
  {
    id: 'he-instantaneous-stale',
    device: 'head-end',
    rule: 'an instantaneous value asked for is measured on request, not answered from an earlier read',
    specRef: `${SEED}: 有効電力と電流の瞬時値を必要なときに送付`,
    clause: 'NG/A-ROUTE-INSTANT',
    profile: PROFILE,
  },
  // the meters behind the reference head-end (head-end-meters.ts): their current limiters
  {
    id: 'he-limiter-over-cap',
    device: 'head-end',
    rule: 'a limit over the wiring’s cap (single-phase two-wire: 30 A) is refused and the limit kept',
    specRef: `${AMPERE}; next-generation.md: single-phase two-wire capped at 30 A`,
    clause: 'NG/AMPERE-CONTROL',
    profile: PROFILE,
  },
  {
    id: 'he-limiter-reclose-early',
    device: 'head-end',
    rule: 'a tripped breaker stays open for the reclose delay (it closes after half of it)',
    specRef: `${AMPERE}; next-generation.md: self-reclose after ~10 s to ~1 min`,
    clause: 'NG/AMPERE-BREAKER',
    profile: PROFILE,
  },
  {
    id: 'he-limiter-no-lockout',
    device: 'head-end',
    rule: 'the declared number of trips within the window locks the breaker out (it never does)',
    specRef: `${AMPERE}; next-generation.md: lock-out after 3–10 trips within 10–30 minutes`,
    clause: 'NG/AMPERE-BREAKER',
    profile: PROFILE,
  },
  {
    id: 'he-limiter-forgets-reservations',
    device: 'head-end',
    rule: 'a reservation survives a power cycle of the meter (it keeps them in volatile memory only)',
    specRef: AMPERE,
    clause: 'NG/AMPERE-DURABLE',
    profile: PROFILE,
  },
];
