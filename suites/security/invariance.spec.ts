// Property-based (fast-check): whatever a B-route client sends that the meter must not act on — bytes that
// are no frame, frames cut short or with a bad header, requests of an unknown service, Sets of
// utility-only properties, replays of another client's SetC — the meter's state as another client reads
// it over the wire does not change: the utility-only properties (BRG-LV/10, our reading) and, where each
// client has its own, the victim's history selectors (E5, ED, EF). The attacker is a second client of
// the meter when it takes several (/bRoute), else the dut client itself (then its own selectors are not
// part of the state: it may set them).

import fc from 'fast-check';
import { pass } from '../../harness/clock/wait.ts';
import { openClients, withRelease } from '../../harness/conformance/b-route-clients.ts';
import { expectEsv } from '../../harness/conformance/checks.ts';
import { conformance, observe } from '../../harness/conformance/conformance.ts';
import type { DutClient } from '../../harness/conformance/dut-client.ts';
import { type Gate, meters } from '../../harness/conformance/gates.ts';
import { selector } from '../../harness/conformance/meter-reads.ts';
import { checkProperty, runsFor } from '../../harness/conformance/property-case.ts';
import { utilityOnlyEpcs } from '../../harness/conformance/utility-only.ts';
import { VerdictError } from '../../harness/conformance/verdict.ts';
import { encodeFrame } from '../../harness/echonet/encode.ts';
import { eoj } from '../../harness/echonet/eoj.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { byteHex, toHex } from '../../harness/echonet/hex.ts';
import { declaredMaps } from '../../harness/profile/declared-maps.ts';
import type { Profile } from '../../harness/profile/profile.ts';
import { multiClient } from '../multi-client/mc-applies.ts';

/** How long the meter has to take in each run's frames before the state is read again. */
const SETTLE_MS = 200;

/** The victim's selectors, set before the attack (the meter's own sort: LV 0x0288). */
function victimSelectors(profile: Profile, now: number): { epc: number; edt: Uint8Array }[] {
  const set = declaredMaps(profile).set;
  const wanted = [
    { epc: 0xe5, edt: Uint8Array.of(3) },
    { epc: 0xed, edt: selector(Math.floor(now / 1_800_000) * 1_800_000 - 3_600_000, 2) },
    { epc: 0xef, edt: selector(Math.floor(now / 60_000) * 60_000 - 300_000, 3) },
  ];
  return wanted.filter((w) => set.includes(w.epc));
}

const invarianceGate: Gate = (p) => {
  const meter = meters(p);
  if (meter !== true) return meter;
  return utilityOnlyEpcs(p).length > 0 ? true : 'the profile serves none of the utility-only properties';
};

/** Reads `epcs` in requests of at most the meter's OPC limit: the state as `client` sees it. */
async function readState(
  client: DutClient,
  epcs: readonly number[],
  opc: number,
): Promise<Map<number, string>> {
  const state = new Map<number, string>();
  for (let i = 0; i < epcs.length; i += opc) {
    const x = await client.request(
      ESV.Get,
      epcs.slice(i, i + opc).map((epc) => ({ epc, edt: new Uint8Array(0) })),
    );
    expectEsv(x, ESV.Get_Res, 'the meter still answers a Get of its state after the attack');
    if ('properties' in x.frame) for (const p of x.frame.properties) state.set(p.epc, toHex(p.edt));
  }
  return state;
}

conformance(
  {
    id: 'SEC-PB-001',
    title:
      'property: malformed, unauthorised or replayed frames from a B-route client never change the state another client reads',
    specRef: 'BRG-LV/10',
    severity: 'critical',
    applies: invarianceGate,
    catches: ['malformed-frame-resets-selectors'],
    realTimeMs: withRelease(10 * 60_000),
  },
  async ({ profile, clock, transcript, dut }) => {
    // a victim and an attacker of their own where the meter takes several clients over UDP
    const several = multiClient(profile) === true && profile.bRoute!.maxClients >= 2;
    const set = several ? await openClients(profile, clock, transcript, dut, 2) : undefined;
    try {
      const [victim, attacker] = set ? (set.clients as [DutClient, DutClient]) : [dut, dut];
      const own =
        several && profile.bRoute!.selectors === 'per-client' ? victimSelectors(profile, clock.now()) : [];
      const replays: Uint8Array[] = [];
      for (const s of own) {
        const x = await victim.setC(s.epc, s.edt);
        expectEsv(x, ESV.Set_Res, `the victim sets its own ${byteHex(s.epc)} before the attack`);
        replays.push(encodeFrame(x.request));
      }
      const watched = [...utilityOnlyEpcs(profile), ...own.map((s) => s.epc)];
      const opc = profile.timers.opcLimit;
      const readsPerRun = 2 * Math.ceil(watched.length / opc);
      const rate = profile.bRoute?.requestsPerMinute;
      const paceMs = rate === undefined ? 0 : Math.ceil((readsPerRun * 60_000) / rate);
      const deoj = eoj(profile.classes[0]!.eoj);
      const utility = utilityOnlyEpcs(profile);
      // the bytes as a client may send them, reserved ESVs and all: no encoder check stands in the way
      const frame = (esv: number, properties: { epc: number; edt: Uint8Array }[], tid: number) =>
        Uint8Array.from([
          0x10,
          0x81,
          tid >> 8,
          tid & 0xff,
          0x05,
          0xff,
          0x01,
          deoj.classGroup,
          deoj.classCode,
          deoj.instance,
          esv,
          properties.length,
          ...properties.flatMap((p) => [p.epc, p.edt.length, ...p.edt]),
        ]);
      const attack = fc.oneof(
        fc.uint8Array({ minLength: 1, maxLength: 48 }).map((b) => ({ kind: 'bytes', bytes: b })),
        fc
          .tuple(
            fc.integer({ min: 0, max: 0xffff }),
            fc.constantFrom(...utility),
            fc.uint8Array({ minLength: 1, maxLength: 4 }),
            fc.constantFrom(ESV.SetC, ESV.SetI),
          )
          .map(([tid, epc, edt, esv]) => ({ kind: 'utility set', bytes: frame(esv, [{ epc, edt }], tid) })),
        fc
          .tuple(
            fc.integer({ min: 0, max: 0xffff }),
            fc.integer({ min: 0, max: 0xff }),
            fc.integer({ min: 0x80, max: 0xff }),
          )
          .filter(([, esv]) => ![ESV.Get, ESV.INF_REQ, ESV.SetC, ESV.SetI, ESV.SetGet].includes(esv as never))
          .map(([tid, esv, epc]) => ({
            kind: 'unknown service',
            bytes: frame(esv, [{ epc, edt: new Uint8Array(0) }], tid),
          })),
        fc
          .tuple(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(...utility), fc.nat())
          .map(([tid, epc, cut]) => {
            const whole = frame(ESV.SetC, [{ epc, edt: Uint8Array.of(0, 0, 0, 1) }], tid);
            return { kind: 'cut short', bytes: whole.subarray(0, 4 + (cut % (whole.length - 4))) };
          }),
        ...(replays.length ? [fc.constantFrom(...replays).map((b) => ({ kind: 'replay', bytes: b }))] : []),
      );
      const kinds = new Map<string, number>();
      await checkProperty(
        fc.asyncProperty(fc.array(attack, { minLength: 1, maxLength: 5 }), async (frames) => {
          const before = await readState(victim, watched, opc);
          const sent: number[] = [];
          for (const f of frames) {
            kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
            sent.push((await attacker.send(f.bytes)).seq);
          }
          // and the victim keeps to its own rate (/bRoute/requestsPerMinute) over every run and shrink
          await pass(clock, SETTLE_MS + paceMs, dut.options.wait ?? {});
          const after = await readState(victim, watched, opc);
          for (const epc of watched)
            if (after.get(epc) !== before.get(epc))
              throw new VerdictError(
                'FAIL',
                `frames a B-route client must not act on leave the meter's state as another client reads it (B-route guideline §10, our reading): expected ${byteHex(epc)} = ${before.get(epc)}, got ${after.get(epc) ?? 'none'} after ${frames.map((f) => `${f.kind} ${toHex(f.bytes)}`).join(', ')}`,
                sent,
                'BRG-LV/10',
              );
        }),
        { numRuns: runsFor(clock, 60), seed: 15 },
      );
      observe(
        `attack list: ${[...kinds].map(([k, n]) => `${n} × ${k}`).join(', ')} from ${attacker.options.transport.local.address}; state read by ${victim.options.transport.local.address} (${watched.map(byteHex).join(' ')}) unchanged`,
      );
    } finally {
      await set?.close();
    }
  },
);
