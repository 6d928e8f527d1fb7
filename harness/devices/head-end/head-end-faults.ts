// Fault switches of the reference head-end (harness/devices/head-end/): each breaks one A-route rule of
// the seed's 通信/システム standard functions, as suites/a-route/ checks it through the contract.
import type { FaultDefinition } from '../fault-definition.ts';

const SEED = 'NG seed 通信（FAN・WAN）/システム（HES・MDMS）（Aルート）の標準機能';
const PROFILE = 'profiles/reference-head-end.json';

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
];
