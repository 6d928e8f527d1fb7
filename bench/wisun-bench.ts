// The LV suite over Wi-SUN (profiles/reference-lv-meter-wisun.json: the reference meter behind the
// emulated SKSTACK IP module, reached through the harness's SKSTACK transport) against the same suite
// over UDP (profiles/reference-lv-meter.json), run in turns so that both see the same machine. Target:
// the Wi-SUN run takes at most twice the UDP run's wall time.
import { runSuiteOnce, type SuiteRun } from './suite-bench.ts';

const UDP = 'profiles/reference-lv-meter.json';
const WISUN = 'profiles/reference-lv-meter-wisun.json';

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function benchWisun(rounds = 3): string[] {
  const udp: SuiteRun[] = [];
  const wisun: SuiteRun[] = [];
  for (let i = 0; i < rounds; i++) {
    udp.push(runSuiteOnce(UDP));
    wisun.push(runSuiteOnce(WISUN));
  }
  const a = median(udp.map((r) => r.wallMs));
  const b = median(wisun.map((r) => r.wallMs));
  const pass = (run: SuiteRun) => run.record.cases.filter((c) => c.verdict === 'PASS').length;
  // every case that passes over UDP passes over Wi-SUN; the comms-unit cases are NA over UDP
  const passedOverUdp = udp[0]!.record.cases.filter((c) => c.verdict === 'PASS').map((c) => c.id);
  const lost = wisun.flatMap((r) =>
    passedOverUdp.filter((id) => r.record.cases.find((c) => c.id === id)?.verdict !== 'PASS'),
  );
  const extra = wisun[0]!.record.cases.filter((c) => c.verdict === 'PASS' && !passedOverUdp.includes(c.id));
  return [
    `Wi-SUN: the LV suite over the emulated SKSTACK module against UDP, ${rounds} runs each in turns (median wall time, whole process)`,
    `  udp   ${(a / 1000).toFixed(1)} s, ${pass(udp[0]!)} PASS (${UDP})`,
    `  wisun ${(b / 1000).toFixed(1)} s, ${pass(wisun[0]!)} PASS (${WISUN})`,
    `  ratio: ${(b / a).toFixed(2)}× the UDP run (target ≤ 2×)`,
    lost.length === 0
      ? `  every case that passes over UDP (${passedOverUdp.length}) passes over Wi-SUN in each run, and ${extra.length} more (${[...new Set(extra.map((c) => c.id.split('-').slice(0, 2).join('-')))].join(', ')}) that need the radio`
      : `  over Wi-SUN these UDP PASSes did not pass: ${[...new Set(lost)].join(', ')}`,
  ];
}
