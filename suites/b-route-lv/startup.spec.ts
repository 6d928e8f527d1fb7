// AIF start-up of a low-voltage meter as the HEMS controller sees it (AIF LV §3.1.1, figures 3-2, 3-3):
// the ECHONET Lite attributes, then the meter attributes, each served, of the right size and decodable.

import { decodePropertyValue } from '../../harness/classes/decode-property-value.ts';
import { loadClassRegistry } from '../../harness/classes/load-classes.ts';
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectThat, framesOf, valueIn } from '../../harness/conformance/checks.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import { getValue } from '../../harness/conformance/meter-reads.ts';
import { fail } from '../../harness/conformance/verdict.ts';
import { byteHex, toHex } from '../../harness/echonet/hex.ts';
import { declaredMaps } from '../../harness/profile/declared-maps.ts';
import { lvMeter, lvServes } from './lv-applies.ts';

const registry = loadClassRegistry();

conformance(
  {
    id: 'LV-BR-STA-001',
    title:
      'start-up reads: 82, 9D, 9E, 9F then D3, D7, E1, EA (and EB with reverse flow), two at a time, all valid',
    specRef: 'AIF-LV-1.01/3.1.1',
    severity: 'critical',
    catches: ['d7-ascii-digit'],
    realTimeMs: FEW_REQUESTS_MS,
    applies: lvMeter,
  },
  async ({ dut, profile }) => {
    const get = declaredMaps(profile).get;
    const meterAttributes = [0xd3, 0xd7, 0xe1, 0xea, 0xeb].filter(
      (e) => get.includes(e) || e === 0xd7 || e === 0xe1 || e === 0xea,
    );
    const order = [0x82, 0x9d, 0x9e, 0x9f, ...meterAttributes];
    for (let i = 0; i < order.length; i += 2) {
      const pair = order.slice(i, i + 2); // a HEMS controller sends at most 2 properties (AIF §2.4.4)
      const x = await dut.get(...pair);
      for (const epc of pair) {
        const edt = valueIn(x, epc, `${byteHex(epc)} is served at start-up (AIF §3.1.1)`);
        const definition = registry.property(0x0288, epc);
        if (!definition) continue;
        const value = decodePropertyValue(definition, edt);
        if (!value.ok)
          fail(
            `${byteHex(epc)} decodes per the class definition (APPENDIX 0x0288)`,
            'a valid value',
            `${toHex(edt)}: ${value.error.message}`,
            framesOf(x),
          );
      }
    }
  },
);

conformance(
  {
    id: 'LV-BR-C0-001',
    title: 'C0 (Route B identification number) is 0x00, the maker code, then 12 bytes',
    specRef: 'APPX-R/0288/C0',
    severity: 'minor',
    realTimeMs: FEW_REQUESTS_MS,
    applies: lvServes(0xc0),
    catches: ['c0-byte0-wrong'],
  },
  async ({ dut, profile }) => {
    const { value, frames } = await getValue(dut, 0xc0);
    expectThat(value.length === 16, 'C0 is 16 bytes', 'PDC 16', `PDC ${value.length}`, frames);
    expectThat(value[0] === 0x00, 'C0 byte 1 is 0x00', '00', toHex(value.subarray(0, 1)), frames);
    expectThat(
      toHex(value.subarray(1, 4)) === profile.identity.makerCode,
      'C0 bytes 2–4 are the maker code',
      profile.identity.makerCode,
      toHex(value.subarray(1, 4)),
      frames,
    );
  },
);
