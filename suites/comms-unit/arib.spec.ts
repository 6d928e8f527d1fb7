// The ARIB STD-T108 transmission-time limit (echonet-smart-meter.md §4.2 EVENT 32/33; momonga documents
// the blocking): once the module's send time in the window reaches the limit it reports EVENT 32 and
// refuses SKSENDTO until EVENT 33. On an emulated target the comms unit gets a small limit (its `arib`
// option); a real dongle would need about an hour of sending (the limit commonly quoted is 360 s per
// hour [M]), so the case is NA there.
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectThat } from '../../harness/conformance/checks.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import { inconclusive } from '../../harness/conformance/verdict.ts';
import { encodeFrame } from '../../harness/echonet/encode.ts';
import { HEMS_CONTROLLER, LV_METER } from '../../harness/echonet/eoj.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { EVENT } from '../../harness/transport/skstack/events.ts';
import { moduleOf, onEmulatedWisun } from './cu-applies.ts';

/** 20 ms of send time per minute: a Get (14 bytes) takes about 4.3 ms of air time (skstack-timing.ts). */
const SMALL_LIMIT = { windowMs: 60_000, limitMs: 20 };
const MAX_SENDS = 50;

conformance(
  {
    id: 'CU-ARIB-001',
    title: 'past the ARIB send-time limit the module reports EVENT 32 and refuses SKSENDTO',
    specRef: 'SK/ARIB-LIMIT',
    severity: 'major',
    applies: onEmulatedWisun('the limit is reached only after about an hour of sending (360 s of air time)'),
    catches: ['sk-arib-limit-ignored'],
    realTimeMs: FEW_REQUESTS_MS,
  },
  async ({ wisun }) => {
    const emulated = moduleOf(wisun).emulated!;
    const own = await emulated.open({ arib: SMALL_LIMIT });
    try {
      const s = own.session;
      if (s.joinError)
        inconclusive(`precondition (a link of the case's own joined) not met: ${s.joinError.message}`);
      const side = s.dialect.side === undefined ? '' : ` ${s.dialect.side}`;
      const get = encodeFrame({
        format: 1,
        tid: 1,
        seoj: HEMS_CONTROLLER,
        deoj: LV_METER,
        esv: ESV.Get,
        properties: [{ epc: 0x80, edt: new Uint8Array(0) }],
      });
      const line = `SKSENDTO 1 ${s.meter.address} 0E1A 1${side} ${get.length.toString(16).toUpperCase().padStart(4, '0')}`;
      const send = () =>
        s.run(line, {
          data: get,
          waitingFor: 'EVENT 21',
          until: (r) => r.kind === 'event' && r.code === EVENT.udpSendCompleted,
        });
      const limitedAt = () =>
        s.records.findIndex((r) => r.kind === 'event' && r.code === EVENT.transmitLimitActivated);
      // send until the module refuses, or MAX_SENDS: the limit is reached after about 5
      let sends = 0;
      let refused: { code: string; at: number } | undefined;
      for (; sends < MAX_SENDS && !refused; sends++) {
        const at = s.records.length;
        const sent = await send();
        if (!sent.ok) refused = { code: sent.code, at };
      }
      const limited = limitedAt();
      expectThat(
        limited >= 0,
        `the module reports EVENT 32 once its send time reaches the limit (${SMALL_LIMIT.limitMs} ms per ${SMALL_LIMIT.windowMs / 1000} s)`,
        `EVENT 32 within ${MAX_SENDS} sends of ${get.length} bytes`,
        refused ? `FAIL ${refused.code} at send ${sends} without EVENT 32` : 'none',
        [],
      );
      if (refused && limited > refused.at)
        inconclusive(`SKSENDTO ${sends} was refused (FAIL ${refused.code}) before EVENT 32 came`);
      expectThat(
        refused !== undefined,
        'no SKSENDTO goes out while the ARIB STD-T108 limit holds (EVENT 32 … EVENT 33)',
        'FAIL (the send held) for the first SKSENDTO after EVENT 32',
        `all ${sends} sends confirmed (OK, EVENT 21), EVENT 32 notwithstanding`,
        [],
      );
    } finally {
      await own.close();
    }
  },
);
