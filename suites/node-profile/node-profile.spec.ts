// The node profile object 0x0EF001: the instance list at start-up, the counts and lists of the objects the
// node hosts, its version and identification, and property maps every object answers by.

import { announces } from '../../harness/conformance/announcements.ts';
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectEsv, expectThat, framesOf, valueIn } from '../../harness/conformance/checks.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import type { DutClient } from '../../harness/conformance/dut-client.ts';
import { tellOperator } from '../../harness/conformance/operator.ts';
import { fail, inconclusive } from '../../harness/conformance/verdict.ts';
import { type Eoj, eojHex, NODE_PROFILE } from '../../harness/echonet/eoj.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { byteHex, toHex } from '../../harness/echonet/hex.ts';
import { decodePropertyMap } from '../../harness/echonet/property-map.ts';
import { decodeInstanceList } from '../../harness/echonet/values/instance-list.ts';
import { readUnsigned } from '../../harness/echonet/values/integer.ts';

const always = () => true as const;

/** A D5/D6 instance list read strictly (harness/echonet/values/instance-list.ts); a malformed one FAILs. */
function instanceList(edt: Uint8Array, epc: number, frames: number[]): readonly Eoj[] {
  const list = decodeInstanceList(edt);
  if (!list.ok)
    fail(
      `${byteHex(epc)} is an instance list (§6.11.1: count, then count × 3 bytes)`,
      list.error.expected,
      list.error.actual,
      frames,
    );
  return list.value;
}

async function nodeValue(dut: DutClient, epc: number) {
  const x = await dut.request(ESV.Get, [{ epc, edt: new Uint8Array(0) }], { deoj: NODE_PROFILE });
  return { value: valueIn(x, epc, `node profile ${byteHex(epc)} is served`), frames: framesOf(x) };
}

conformance(
  {
    id: 'NP-D5-001',
    title: 'the node announces its instance list (INF 0xD5) at start-up',
    specRef: 'EL-1.14/2/4.3.1',
    severity: 'major',
    realTimeMs: (p) =>
      p.target.type === 'real' && p.target.powerUpWaitMs ? p.target.powerUpWaitMs : FEW_REQUESTS_MS,
    applies: (p) =>
      p.target.type === 'emulated' || p.target.powerUpWaitMs
        ? true
        : 'a real device must be powered up while the harness listens: declare target.powerUpWaitMs to run this case with an operator',
    catches: ['no-d5-at-startup'],
  },
  async ({ dut, profile }) => {
    // an emulated device starts with the case; a real one is powered up by the operator while we listen
    const waitMs =
      profile.target.type === 'real' ? (profile.target.powerUpWaitMs ?? 0) : profile.timers.timer1Ms;
    if (profile.target.type === 'real')
      tellOperator(
        `NP-D5-001: power the device at ${dut.options.device.address} up now (switch it off first if it is on); waiting up to ${waitMs / 1000} s for its start-up INF 0xD5`,
      );
    const d5 = await dut.waitFor(announces(0xd5), waitMs);
    if (!d5 && profile.target.type === 'real')
      inconclusive(
        `no INF 0xD5 within the ${waitMs / 1000} s declared for the power-up (target.powerUpWaitMs): was the device powered up?`,
      );
    if (!d5)
      fail(
        'INF 0xD5 from the node profile at start-up (§4.3.1)',
        'an INF with 0xD5',
        `none within ${waitMs / 1000} s`,
        [],
      );
    const frame = d5.frame!;
    const list =
      'properties' in frame ? frame.properties.find((p) => p.epc === 0xd5)!.edt : new Uint8Array(0);
    const wanted = profile.classes[0]!.eoj;
    const listed = instanceList(list, 0xd5, [d5.entry.seq]).map(eojHex);
    expectThat(
      listed.includes(wanted),
      'the instance list names the device object',
      wanted,
      `[${listed.join(' ')}]`,
      [d5.entry.seq],
    );
    expectThat(
      d5.multicast,
      'the start-up instance list is multicast',
      'multicast to the ECHONET group',
      'unicast',
      [d5.entry.seq],
    );
  },
);

conformance(
  {
    id: 'NP-INST-001',
    title: 'D3, D4, D6 and D7 agree with one another and with the objects found',
    specRef: 'APPX-R/0EF0',
    severity: 'major',
    catches: ['d3-counts-node-profile'],
    realTimeMs: FEW_REQUESTS_MS,
    applies: always,
  },
  async ({ dut, profile }) => {
    const d6 = await nodeValue(dut, 0xd6);
    const d3 = await nodeValue(dut, 0xd3);
    const d7 = await nodeValue(dut, 0xd7);
    const d4 = await nodeValue(dut, 0xd4);
    const frames = [...d6.frames, ...d3.frames, ...d7.frames, ...d4.frames];
    const instances = instanceList(d6.value, 0xd6, frames).map(eojHex);
    const count = instances.length;
    expectThat(
      instances.includes(profile.classes[0]!.eoj),
      'D6 lists the device object',
      profile.classes[0]!.eoj,
      `[${instances.join(' ')}]`,
      frames,
    );
    expectThat(
      readUnsigned(d3.value, 0, 3) === count,
      'D3 counts the instances D6 lists',
      String(count),
      String(readUnsigned(d3.value, 0, 3)),
      frames,
    );
    const classes = [...new Set(instances.map((e) => e.slice(0, 4)))].sort();
    const d7Classes = Array.from({ length: d7.value[0] ?? 0 }, (_, i) =>
      toHex(d7.value.subarray(1 + 2 * i, 3 + 2 * i)),
    ).sort();
    expectThat(
      classes.join() === d7Classes.join(),
      'D7 lists the classes of the D6 instances',
      `[${classes.join(' ')}]`,
      `[${d7Classes.join(' ')}]`,
      frames,
    );
    expectThat(
      readUnsigned(d4.value, 0, 2) === classes.length + 1,
      'D4 counts the classes, the node profile included',
      String(classes.length + 1),
      String(readUnsigned(d4.value, 0, 2)),
      frames,
    );
  },
);

conformance(
  {
    id: 'NP-VER-001',
    title: 'node profile 0x82: ECHONET Lite version 1.x and Format 1 supported',
    specRef: 'APPX-R/0EF0',
    severity: 'minor',
    catches: ['np-82-format-byte-order'],
    realTimeMs: FEW_REQUESTS_MS,
    applies: always,
  },
  async ({ dut }) => {
    const { value, frames } = await nodeValue(dut, 0x82);
    expectThat(value.length === 4, '0x82 is 4 bytes', 'PDC 4', `PDC ${value.length}`, frames);
    expectThat(value[0] === 0x01, '0x82 byte 1: major version 1', '0x01', byteHex(value[0] ?? 0), frames);
    expectThat(
      ((value[2] ?? 0) & 0x01) === 0x01,
      '0x82 byte 3 bit 0: Format 1 (specified message) supported',
      'bit 0 set',
      byteHex(value[2] ?? 0),
      frames,
    );
  },
);

conformance(
  {
    id: 'NP-ID-001',
    title: 'identification 0x83 is 0xFE, the maker code and 13 bytes; 0x8A is the declared maker code',
    specRef: 'APPX-R/0EF0',
    severity: 'minor',
    catches: ['np-83-maker-zero'],
    realTimeMs: FEW_REQUESTS_MS,
    applies: always,
  },
  async ({ dut, profile }) => {
    const id = await nodeValue(dut, 0x83);
    const maker = await nodeValue(dut, 0x8a);
    const frames = [...id.frames, ...maker.frames];
    expectThat(
      id.value.length === 17 && id.value[0] === 0xfe,
      '0x83 is 17 bytes beginning 0xFE',
      'FE + 16 bytes',
      toHex(id.value),
      frames,
    );
    expectThat(
      toHex(maker.value) === profile.identity.makerCode,
      '0x8A is the maker code the profile declares',
      profile.identity.makerCode,
      toHex(maker.value),
      frames,
    );
    expectThat(
      toHex(id.value.subarray(1, 4)) === profile.identity.makerCode,
      '0x83 bytes 2–4 are the maker code',
      profile.identity.makerCode,
      toHex(id.value.subarray(1, 4)),
      frames,
    );
  },
);

conformance(
  {
    id: 'NP-MAP-001',
    title: 'every EPC of the Get map (9F) is answered by Get_Res',
    specRef: 'EL-1.14/2/3.2.5',
    severity: 'major',
    realTimeMs: FEW_REQUESTS_MS,
    applies: always,
    catches: ['get-map-lists-unserved'],
  },
  async ({ dut }) => {
    const x = await dut.get(0x9f);
    const map = decodePropertyMap(valueIn(x, 0x9f, '0x9F is served'));
    if (!map.ok)
      fail('0x9F is a property map (APPENDIX 1)', 'Form 1 or Form 2', map.error.message, framesOf(x));
    // one EPC a request, E5/ED/EF-selected histories included (they answer with the default selection)
    for (const epc of map.value) {
      const get = await dut.get(epc);
      expectEsv(
        get,
        ESV.Get_Res,
        `${byteHex(epc)} is listed in the Get map, so a Get of it is answered with Get_Res`,
      );
      valueIn(get, epc, `${byteHex(epc)} is answered with its value`); // of the size its class defines
    }
  },
);
