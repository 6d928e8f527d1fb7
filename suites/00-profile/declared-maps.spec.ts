// The first case of every run: the device reports the property maps its profile declares. A mismatch
// means either the profile or the device is wrong; every later case trusts the profile.
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import { getValue } from '../../harness/conformance/meter-reads.ts';
import { fail } from '../../harness/conformance/verdict.ts';
import { byteHex } from '../../harness/echonet/hex.ts';
import { decodePropertyMap } from '../../harness/echonet/property-map.ts';
import { declaredMaps } from '../../harness/profile/declared-maps.ts';

conformance(
  {
    id: 'PR-DECL-001',
    title: 'the property maps the device reports (9D, 9E, 9F) are the ones the profile declares',
    specRef: 'PROFILE/DECLARED',
    severity: 'critical',
    realTimeMs: FEW_REQUESTS_MS,
    applies: (p) =>
      p.classes[0]?.declared ? true : 'the profile declares no property maps for its first class',
    catches: ['form2-off-by-one'],
  },
  async ({ dut, profile }) => {
    const declared = declaredMaps(profile);
    for (const [epc, name, wanted] of [
      [0x9f, 'Get', declared.get],
      [0x9e, 'Set', declared.set],
      [0x9d, 'announcement', declared.anno],
    ] as const) {
      const { value, frames } = await getValue(dut, epc);
      const map = decodePropertyMap(value);
      if (!map.ok)
        fail(`${byteHex(epc)} is a property map (APPENDIX 1)`, 'Form 1 or Form 2', map.error.message, frames);
      const missing = wanted.filter((e) => !map.value.includes(e));
      const extra = map.value.filter((e) => !wanted.includes(e));
      if (missing.length || extra.length) {
        fail(
          `the ${name} map (${byteHex(epc)}) is the declared one`,
          list(wanted),
          `${list(map.value)} (missing ${list(missing)}, not declared ${list(extra)})`,
          frames,
        );
      }
    }
  },
);

const list = (epcs: readonly number[]) => `[${epcs.map(byteHex).join(' ')}]`;
