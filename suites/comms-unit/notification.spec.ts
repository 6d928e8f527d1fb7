// The 30-minute notification over the radio (AIF LV §3.2.1): EA notified by the meter within 5 minutes
// after the next :00 or :30 reaches the host through the module as ERXUDP, decoded by the harness.
import { announces } from '../../harness/conformance/announcements.ts';
import { expectThat } from '../../harness/conformance/checks.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import { HALF_HOUR, halfHourFloor, jstText, MINUTE } from '../../harness/conformance/meter-reads.ts';
import { lvMeter } from '../b-route-lv/lv-applies.ts';
import { joinedModule, meterAnswers, onWisunAnd } from './cu-applies.ts';

const WINDOW = 5 * MINUTE;

conformance(
  {
    id: 'CU-INF-001',
    title: 'the 30-minute notification of EA (INF or INFC) reaches the host over the radio',
    specRef: 'AIF-LV-1.01/3.2.1',
    severity: 'major',
    applies: onWisunAnd(lvMeter),
    catches: [],
    noFaultBecause:
      'the meter’s notification faults (inf-missing, inf-late-7min) are tried on the UDP profile, where LV-BR-INF-001 catches them; no module fault drops one datagram',
    realTimeMs: HALF_HOUR + WINDOW + 60_000,
  },
  async ({ wisun, dut, clock }) => {
    const session = joinedModule(wisun);
    await meterAnswers(dut, 'the meter answers a Get over the radio'); // it learns its controller (INFC)
    const boundary = halfHourFloor(clock.now()) + HALF_HOUR;
    await session.pass(boundary - clock.now());
    const since = dut.arrivals.length;
    const got = await dut.waitFor(
      announces(0xea, { from: dut.options.deviceEoj, confirmed: true }),
      WINDOW,
      since,
    );
    expectThat(
      got !== undefined,
      `EA is notified over the radio within 5 min after ${jstText(boundary)}`,
      `INF or INFC of EA by ${jstText(boundary + WINDOW)}`,
      'none',
      [],
    );
  },
);
