// Fault switches of the exchangeable communication unit (exchangeable-unit.ts): a meter whose unit is
// replaced while it runs (seed 論点①: only the communication part of the meter is exchangeable; a
// Wi-SUN unit, or one with Wi-SUN and Wi-Fi 2.4 GHz). Each breaks one rule of the swap; they go to the
// profile's transport.faults with the module's own (device comms-unit) and act only at a swap.
import type { FaultDefinition } from '../fault-definition.ts';

const SEED = 'next-generation smart meter study group, 論点① (exchangeable communication unit)';

export const UNIT_SWAP_FAULTS: readonly FaultDefinition[] = [
  {
    id: 'cu-swap-value-lost',
    device: 'comms-unit',
    rule: 'the meter keeps recording while its unit is out: no 30-minute or 1-minute value is lost across a swap',
    specRef: SEED,
    clause: 'NG/UNIT-SWAP-DATA',
  },
  {
    id: 'cu-swap-value-duplicated',
    device: 'comms-unit',
    rule: 'a value that fell due while the unit was out is the meter’s own, not the last one before the swap recorded again',
    specRef: SEED,
    clause: 'NG/UNIT-SWAP-DATA',
  },
  {
    id: 'cu-swap-credentials-kept',
    device: 'comms-unit',
    rule: 'a unit fitted to the meter takes the Route-B credentials provisioned for it (the re-provisioned ones)',
    specRef: SEED,
    clause: 'NG/UNIT-SWAP-CREDENTIALS',
  },
  {
    id: 'cu-swap-old-credentials-accepted',
    device: 'comms-unit',
    rule: 'after a swap with re-provisioned credentials, the previous unit’s password is refused (PANA, EVENT 24)',
    specRef: SEED,
    clause: 'NG/UNIT-SWAP-CREDENTIALS',
  },
  {
    id: 'cu-swap-wifi-silent',
    device: 'comms-unit',
    rule: 'a unit with Wi-SUN and Wi-Fi answers on both media: ECHONET Lite over UDP (IPv4 and IPv6) on Wi-Fi',
    specRef: SEED,
    clause: 'NG/UNIT-SWAP-MEDIA',
  },
];
