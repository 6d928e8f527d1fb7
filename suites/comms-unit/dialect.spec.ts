// The module's dialect (echonet-smart-meter.md §4.1; write boundaries of skstack-clients.md): no echo of
// command lines after SKSREG SFE 0, FAIL ER04 for an unknown command, SKLL64 flipping the MAC's U/L bit;
// and, where the module's writes are seen (emulated target), EVENT 20 with its EPANDESC block in one write.
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectThat } from '../../harness/conformance/checks.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import { inconclusive } from '../../harness/conformance/verdict.ts';
import { EVENT } from '../../harness/transport/skstack/events.ts';
import { fullIpv6 } from '../../harness/transport/skstack/ipv6.ts';
import { moduleOf, onEmulatedWisun, onWisun } from './cu-applies.ts';

/** Not a command of any dialect (§4.1). */
const UNKNOWN = 'SKNOSUCHCMD';
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** §4.1 SKLL64: FE80:: with the MAC as interface identifier, its U/L bit (0x02 of the first byte) flipped. */
function linkLocalOf(mac: string): string {
  const first = (Number.parseInt(mac.slice(0, 2), 16) ^ 0b0000_0010).toString(16).padStart(2, '0');
  const id = `${first}${mac.slice(2)}`.toUpperCase();
  return `FE80:0000:0000:0000:${id.match(/.{4}/g)!.join(':')}`;
}

conformance(
  {
    id: 'CU-DIAL-001',
    title: 'no echo after SKSREG SFE 0, FAIL ER04 for an unknown command, SKLL64 flips the U/L bit',
    specRef: 'SK/FAIL-CODES',
    severity: 'major',
    applies: onWisun,
    catches: ['sk-echo-ignores-sfe', 'sk-unknown-command-er05', 'sk-ll64-ul-kept'],
    realTimeMs: FEW_REQUESTS_MS,
  },
  async ({ wisun }) => {
    const s = moduleOf(wisun); // a broken SKLL64 breaks the join too: raw commands still reach the module
    const off = await s.run('SKSREG SFE 0');
    if (!off.ok) inconclusive(`the module refused SKSREG SFE 0 (FAIL ${off.code})`);
    const ver = await s.run('SKVER');
    const echoes = ver.records.filter((r) => r.kind === 'echo').map((r) => (r.kind === 'echo' ? r.text : ''));
    expectThat(
      echoes.length === 0,
      'with SFE 0 the module echoes no command line (§4.1 SKSREG SFE)',
      'EVER and OK only',
      `the echo '${echoes.join("', '")}'`,
      [],
      'SK/ECHO-BACK',
    );
    const unknown = await s.run(UNKNOWN);
    expectThat(
      !unknown.ok && unknown.code === 'ER04',
      'an unknown command is answered FAIL ER04 (unsupported command; ER05 is a wrong argument count)',
      'FAIL ER04',
      unknown.ok ? 'OK' : `FAIL ${unknown.code}`,
      [],
    );
    const info = await s.run('SKINFO');
    const einfo = info.ok ? info.records.find((r) => r.kind === 'info' && r.keyword === 'EINFO') : undefined;
    const mac = einfo?.kind === 'info' ? einfo.tokens[1] : undefined;
    if (!mac || !/^[0-9A-Fa-f]{16}$/.test(mac)) inconclusive('SKINFO gave no EINFO with the module’s MAC');
    const ll64 = await s.run(`SKLL64 ${mac}`, { answer: 'line' });
    const got = ll64.ok ? (fullIpv6(ll64.answer.trim()) ?? ll64.answer) : `FAIL ${ll64.code}`;
    expectThat(
      got === linkLocalOf(mac),
      `SKLL64 ${mac} gives the link-local address with the U/L bit flipped`,
      linkLocalOf(mac),
      got,
      [],
      'SK/LL64',
    );
  },
);

/** Duration factor 4: 28 channels × 9.6 ms × 17 ≈ 4.6 s (§4.1). */
const SCAN_DURATION = 4;

conformance(
  {
    id: 'CU-SCAN-001',
    title: 'an active scan writes EVENT 20 and its EPANDESC block in one write',
    specRef: 'SK/EPANDESC-WRITE',
    severity: 'minor',
    applies: onEmulatedWisun('the module’s write boundaries are not seen through the serial port'),
    catches: ['sk-epandesc-split'],
    realTimeMs: FEW_REQUESTS_MS,
  },
  async ({ wisun }) => {
    const s = moduleOf(wisun);
    const emulated = s.emulated!;
    const from = emulated.chunks.length;
    const side = s.dialect.side === undefined ? '' : ` ${s.dialect.side}`;
    const scan = await s.run(`SKSCAN 2 FFFFFFFF ${SCAN_DURATION}${side}`, {
      timeoutMs: 30_000,
      waitingFor: 'EVENT 22',
      until: (r) => r.kind === 'event' && r.code === EVENT.activeScanCompleted,
    });
    if (!scan.ok) inconclusive(`the module refused the active scan (FAIL ${scan.code})`);
    const texts = emulated.chunks.slice(from).map(latin1);
    const beacon = texts.find((t) => t.startsWith('EVENT 20 '));
    if (!beacon) inconclusive('the active scan found no beacon (no EVENT 20)');
    expectThat(
      beacon.includes('EPANDESC\r\n') && beacon.includes('  Addr:'),
      'EVENT 20 and its whole EPANDESC block come in one write (skstack-clients.md)',
      'EVENT 20, EPANDESC and its lines in one chunk',
      `a chunk of ${JSON.stringify(beacon)} alone`,
      [],
    );
  },
);
