// Every fault switch of the reference devices: which rule it breaks and where the rule is written.
// Each device keeps its own list beside its code; harness/devices/FAULTS.md is generated from them all
// (`npm run faults:doc`) and a test keeps both in step.
import { COMMS_UNIT_FAULTS } from './comms-unit/comms-unit-faults.ts';
import { UNIT_SWAP_FAULTS } from './comms-unit/unit-swap-faults.ts';
import type { FaultDefinition } from './fault-definition.ts';
import { HEAD_END_FAULTS } from './head-end/head-end-faults.ts';
import { HEMS_FAULTS } from './hems-controller/hems-faults.ts';
import { HV_BIDIRECTIONAL_METER_FAULTS } from './hv-bidirectional-meter/hv-bidirectional-meter-faults.ts';
import { HV_METER_FAULTS } from './hv-meter/hv-meter-faults.ts';
import { LV_METER_FAULTS } from './lv-meter/lv-meter-faults.ts';
import { B_ROUTE_CLIENT_FAULTS } from './node/b-route-client-faults.ts';
import { NODE_FAULTS } from './node/node-faults.ts';
import { SECURITY_FAULTS } from './node/security-faults.ts';

export type { FaultDefinition } from './fault-definition.ts';

export const FAULTS: readonly FaultDefinition[] = [
  ...NODE_FAULTS,
  ...LV_METER_FAULTS,
  ...B_ROUTE_CLIENT_FAULTS,
  ...SECURITY_FAULTS,
  ...HV_METER_FAULTS,
  ...HV_BIDIRECTIONAL_METER_FAULTS,
  ...HEMS_FAULTS,
  ...COMMS_UNIT_FAULTS,
  ...UNIT_SWAP_FAULTS,
  ...HEAD_END_FAULTS,
];

export function faultsOf(device: FaultDefinition['device']): readonly FaultDefinition[] {
  return FAULTS.filter((f) => f.device === device);
}

/** The Markdown table of harness/devices/FAULTS.md. */
export function faultsMarkdown(): string {
  const rows = FAULTS.map(
    (f) =>
      `| \`${f.id}\` | ${f.device} | ${f.rule} | ${f.specRef} | ${f.clause}${f.profile ? ` (tried on ${f.profile})` : ''} |`,
  );
  return [
    '# Fault switches of the reference devices',
    '',
    'Generated from `harness/devices/faults.ts` by `npm run faults:doc`; do not edit by hand.',
    'Each switch breaks exactly one rule; the suites must give FAIL for each and PASS without any.',
    '',
    '| fault | device | rule it breaks | spec | clause (suites/clauses.json) |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
