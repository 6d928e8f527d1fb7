// The emulated SKSTACK IP module over an in-memory byte stream, with the reference LV meter behind its
// radio side: the connect sequence of echonet-smart-meter.md §4.4 in each dialect, PANA refusal, a Get
// of E7 answered as ERXUDP, binary data holding 0D 0A, lifetime expiry and re-authentication, the ARIB
// limit, and the argument checks of §4.1.
import { expect, test } from '@playwright/test';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { decodeStrict } from '../../echonet/decode-strict.ts';
import { eojHex, NODE_PROFILE } from '../../echonet/eoj.ts';
import { ESV } from '../../echonet/esv.ts';
import type { Format1Frame } from '../../echonet/frame.ts';
import { loadProfile } from '../../profile/load-profile.ts';
import { DIALECTS, type DialectName } from './dialects.ts';
import { getFrame, TestHost } from './skstack-test-host.ts';
import { type CommsUnitOptions, startCommsUnit } from './start-comms-unit.ts';

const { profile } = loadProfile('profiles/reference-lv-meter.json');
const ROUTE_B = profile.routeB!;
const START = Date.UTC(2026, 5, 1, 3, 0, 0);

async function unit(dialect: DialectName, options: Partial<CommsUnitOptions> = {}) {
  const clock = new VirtualClock({ start: START });
  const running = await startCommsUnit({ profile, clock, dialect, ...options });
  const host = new TestHost(running.module, clock);
  return { clock, running, host, module: running.module, dialect: DIALECTS[dialect] };
}

const get = (epc: number, tid = 1) => getFrame(epc, tid);

const frameOf = (bytes: Uint8Array): Format1Frame => {
  const decoded = decodeStrict(bytes);
  if (!decoded.ok || decoded.frame.format !== 1) throw new Error('ERXUDP data is not an ECHONET Lite frame');
  return decoded.frame;
};

type Unit = Awaited<ReturnType<typeof unit>>;

/** §4.4 up to EVENT 25, as node-echonet-lite does it (SFE 0 first); returns the meter's address. */
async function connect(u: Unit, credentials = ROUTE_B): Promise<string> {
  const { host, dialect } = u;
  const side = dialect.scanTakesSide ? ' 0' : '';
  expect(host.command('SKSREG SFE 0'), 'echo and OK in one write').toEqual(['SKSREG SFE 0\r\nOK\r\n']);
  expect(host.command(`SKSETPWD C ${credentials.password}`)).toEqual(['OK\r\n']);
  expect(host.command(`SKSETRBID ${credentials.id}`)).toEqual(['OK\r\n']);
  const from = host.chunks.length;
  expect(host.command(`SKSCAN 2 FFFFFFFF 6${side}`)).toEqual(['OK\r\n']);
  const beacon = await host.until((t) => t.startsWith('EVENT 20 '), 30_000, from);
  await host.until((t) => t.startsWith('EVENT 22 '), 30_000, from);
  expect(beacon, 'EVENT 20 and its whole EPANDESC block in one write').toMatch(
    /^EVENT 20 \S+( 0)?\r\nEPANDESC\r\n {2}Channel:21\r\n {2}Channel Page:09\r\n {2}Pan ID:8888\r\n {2}Addr:12345678ABCDEF01\r\n {2}LQI:E1\r\n( {2}Side:0\r\n)? {2}PairID:CCDDEEFF\r\n$/,
  );
  const field = (name: string) => new RegExp(`  ${name}:(\\S+)`).exec(beacon)![1]!;
  expect(host.command(`SKSREG S2 ${field('Channel')}`)).toEqual(['OK\r\n']);
  expect(host.command(`SKSREG S3 ${field('Pan ID')}`)).toEqual(['OK\r\n']);
  const ll = host.command(`SKLL64 ${field('Addr')}`);
  expect(ll, 'SKLL64: one line, no OK').toEqual(['FE80:0000:0000:0000:1034:5678:ABCD:EF01\r\n']);
  const address = ll[0]!.trim();
  const joined = host.chunks.length;
  expect(host.command(`SKJOIN ${address}`)).toEqual(['OK\r\n']);
  await host.until((t) => /^EVENT 2[45] /.test(t), 30_000, joined);
  await u.clock.advance(1000); // the meter's D5 INF, when the session is up
  return address;
}

for (const name of ['bp35a1', 'bp35c2', 'rl7023'] as const) {
  test.describe(`SKSTACK IP module, ${name} dialect`, () => {
    test('connect sequence (§4.4): scan, join, D5 INF, Get E7 by SKSENDTO answered as ERXUDP', async () => {
      const u = await unit(name);
      const { host, dialect } = u;
      const from = host.chunks.length;
      const address = await connect(u);
      const texts = host.texts(from);
      for (const text of texts.filter((t) => !/^(ERXUDP|EVENT 20|SKSREG SFE 0)/.test(t)))
        expect(text, 'every other write is one line').toMatch(/^[^\r\n]*\r\n$/);
      expect(
        texts.filter((t) => t.startsWith('EVENT 25 ')),
        'EVENT 25 from the PAA',
      ).toEqual([`EVENT 25 ${address}${dialect.eventTakesSide ? ' 0' : ''}\r\n`]);
      expect(texts.some((t) => t.startsWith('EVENT 24'))).toBe(false);

      // the meter announces its instance list once the session is up
      const inf = host.erxudps(dialect, from).find((e) => e.fields[3] === '0E1A');
      expect(inf, 'D5 INF as ERXUDP on port 0E1A').toBeDefined();
      expect(inf!.fields).toHaveLength(7 + dialect.erxudpFields.length);
      expect(inf!.fields[2], 'to ff02::1').toBe('FF02:0000:0000:0000:0000:0000:0000:0001');
      const d5 = frameOf(inf!.data);
      expect(d5.esv).toBe(ESV.INF);
      expect(eojHex(d5.seoj)).toBe(eojHex(NODE_PROFILE));

      const sent = host.chunks.length;
      const side = dialect.sendToTakesSide ? ' 0' : '';
      const answer = await host.sendTo(`1 ${address} 0E1A 1${side}`, get(0xe7));
      expect(answer, 'EVENT 21 and OK, each its own write').toEqual([
        `EVENT 21 ${address}${dialect.eventTakesSide ? ' 0' : ''} 00\r\n`,
        'OK\r\n',
      ]);
      await u.clock.advance(1000);
      const [reply] = host.erxudps(dialect, sent);
      expect(reply, 'Get_Res as ERXUDP').toBeDefined();
      const token = { 9: 'bp35a1', 10: 'rl7023', 11: 'bp35c2' };
      expect(token[(reply!.fields.length + 1) as 9 | 10 | 11], 'ERXUDP token count of the dialect').toBe(
        name,
      );
      expect(reply!.fields.slice(1, 6)).toEqual([
        address,
        u.module.address,
        '0E1A',
        '0E1A',
        '12345678ABCDEF01',
      ]);
      expect(reply!.datalen).toBe(reply!.data.length);
      expect(reply!.trailer).toBe('\r\n');
      const frame = frameOf(reply!.data);
      expect(frame.esv).toBe(ESV.Get_Res);
      expect('properties' in frame && frame.properties[0]!.epc).toBe(0xe7);
      expect('properties' in frame && frame.properties[0]!.edt).toHaveLength(4);
      await u.running.stop();
    });

    test('PANA refused: a wrong password or Route-B ID ends in EVENT 24, and nothing reaches the meter', async () => {
      for (const credentials of [
        { id: ROUTE_B.id, password: 'WRONGPASSWD0' },
        { id: `${ROUTE_B.id.slice(0, 31)}0`, password: ROUTE_B.password },
      ]) {
        const u = await unit(name);
        const from = u.host.chunks.length;
        const address = await connect(u, credentials);
        const texts = u.host.texts(from);
        expect(texts.some((t) => t.startsWith(`EVENT 24 ${address}`))).toBe(true);
        expect(texts.some((t) => t.startsWith('EVENT 25'))).toBe(false);
        const side = u.dialect.sendToTakesSide ? ' 0' : '';
        const sent = u.host.chunks.length;
        expect(
          await u.host.sendTo(`1 ${address} 0E1A 1${side}`, get(0xe7)),
          'sec 1 without a session',
        ).toEqual(['FAIL ER10\r\n']);
        await u.host.sendTo(`1 ${address} 0E1A 2${side}`, get(0xe7));
        await u.clock.advance(5000);
        expect(u.host.erxudps(u.dialect, sent)).toEqual([]);
        await u.running.stop();
      }
    });
  });
}

test.describe('SKSTACK IP module', () => {
  test('binary data holding 0D 0A crosses intact both ways, with the right DATALEN, ERXUDP in one write', async () => {
    const u = await unit('bp35a1');
    const address = await connect(u);
    const request = get(0xe7, 0x0d0a); // TID 0D 0A: the meter's reply carries it too
    const sent = u.host.chunks.length;
    await u.host.sendTo(`1 ${address} 0E1A 1`, request);
    await u.clock.advance(1000);
    const replies = u.host.erxudps(u.dialect, sent);
    expect(replies).toHaveLength(1);
    const reply = replies[0]!;
    expect(Buffer.from(reply.data).includes(Buffer.from([0x0d, 0x0a]))).toBe(true);
    expect(reply.datalen).toBe(reply.data.length);
    expect(reply.trailer).toBe('\r\n');
    expect(frameOf(reply.data).tid).toBe(0x0d0a);
    await u.running.stop();
  });

  test('WOPT 01 turns ERXUDP data to hex ASCII (ROPT answers OK 01); RL7023 has no WOPT', async () => {
    const u = await unit('bp35a1');
    const address = await connect(u);
    expect(u.host.command('ROPT')).toEqual(['OK 00\r\n']);
    expect(u.host.command('WOPT 01')).toEqual(['OK\r\n']);
    expect(u.host.command('ROPT')).toEqual(['OK 01\r\n']);
    const sent = u.host.chunks.length;
    await u.host.sendTo(`1 ${address} 0E1A 1`, get(0xe7));
    await u.clock.advance(1000);
    const [reply] = u.host.erxudps(u.dialect, sent, true);
    expect(reply!.trailer).toBe('\r\n');
    expect(frameOf(reply!.data).esv).toBe(ESV.Get_Res);
    u.host.command('SKRESET');
    expect(u.host.command('ROPT'), 'WOPT is persisted: SKRESET keeps it').toEqual(['ROPT\r\nOK 01\r\n']);
    await u.running.stop();
    const r = await unit('rl7023');
    expect(r.host.command('WOPT 01')).toEqual(['WOPT 01\r\nFAIL ER04\r\n']);
    await r.running.stop();
  });

  test('PANA lifetime (S16) runs out: EVENT 29, then re-authentication EVENT 25 with S17 1; with S17 0 the session ends', async () => {
    for (const reauth of [1, 0]) {
      const u = await unit('bp35a1');
      u.host.command('SKSREG S16 3C');
      u.host.command(`SKSREG S17 ${reauth}`);
      const address = await connect(u);
      const from = u.host.chunks.length;
      await u.clock.advance(58_000); // connect() waited 1 s after EVENT 25
      expect(u.host.texts(from).some((t) => t.startsWith('EVENT 29'))).toBe(false);
      await u.clock.advance(1_000);
      expect(u.host.texts(from)).toContain(`EVENT 29 ${address}\r\n`);
      await u.clock.advance(5_000);
      const after = u.host.texts(from).filter((t) => t.startsWith('EVENT'));
      expect(after).toEqual(
        reauth ? [`EVENT 29 ${address}\r\n`, `EVENT 25 ${address}\r\n`] : [`EVENT 29 ${address}\r\n`],
      );
      const sent = u.host.chunks.length;
      await u.host.sendTo(`1 ${address} 0E1A 2`, get(0xe7));
      await u.clock.advance(1000);
      expect(u.host.erxudps(u.dialect, sent).length, 'the meter answers only with a session').toBe(reauth);
      await u.running.stop();
    }
  });

  test('sends are held (FAIL ER10) while the module re-authenticates, and go out after EVENT 25', async () => {
    const u = await unit('bp35a1');
    u.host.command('SKSREG S16 3C');
    const address = await connect(u);
    await u.host.until((t) => t.startsWith('EVENT 29'), 60_000);
    expect(await u.host.sendTo(`1 ${address} 0E1A 1`, get(0xe7))).toEqual(['FAIL ER10\r\n']);
    const from = u.host.chunks.length;
    await u.host.until((t) => t.startsWith('EVENT 25'), 5_000, from);
    expect(await u.host.sendTo(`1 ${address} 0E1A 1`, get(0xe7))).toContain('OK\r\n');
    await u.running.stop();
  });

  test('the echo of SKSENDTO is its fields and a CR LF (none was sent), apart from EVENT 21 and OK', async () => {
    const u = await unit('bp35a1');
    const address = await connect(u);
    u.host.command('SKSREG SFE 1');
    expect(await u.host.sendTo(`1 ${address} 0E1A 1`, get(0xe7))).toEqual([
      `SKSENDTO 1 ${address} 0E1A 1 000E \r\n`,
      `EVENT 21 ${address} 00\r\n`,
      'OK\r\n',
    ]);
    await u.running.stop();
  });

  test('ARIB limit: EVENT 32 when the send time reaches it, sends refused while it holds, EVENT 33 after', async () => {
    // each 14-byte send is (14 + 40) × 8 / 100 = 4.32 ms of air time; 12 reach 50 ms
    const u = await unit('bp35a1', { arib: { windowMs: 60_000, limitMs: 50 } });
    const address = await connect(u);
    const from = u.host.chunks.length;
    for (let i = 0; i < 11; i++)
      expect(await u.host.sendTo(`1 ${address} 0E1A 1`, get(0xe7))).not.toContain('FAIL ER10\r\n');
    expect(u.host.texts(from).some((t) => t.startsWith('EVENT 32'))).toBe(false);
    await u.host.sendTo(`1 ${address} 0E1A 1`, get(0xe7));
    await u.host.until((t) => t.startsWith('EVENT 32'), 100, from);
    expect(u.host.command('SKSREG SFB')).toEqual(['ESREG 1\r\n', 'OK\r\n']);
    expect(await u.host.sendTo(`1 ${address} 0E1A 1`, get(0xe7))).toEqual(['FAIL ER10\r\n']);
    const released = await u.host.until((t) => t.startsWith('EVENT 33'), 120_000, from);
    expect(released).toBe(`EVENT 33 ${u.module.address}\r\n`);
    expect(u.host.command('SKSREG SFB')).toEqual(['ESREG 0\r\n', 'OK\r\n']);
    expect(await u.host.sendTo(`1 ${address} 0E1A 1`, get(0xe7))).toContain('OK\r\n');
    await u.running.stop();
  });

  test('SKTERM: OK then EVENT 27; EVENT 28 when the PAA does not answer; FAIL ER10 without a session', async () => {
    for (const meterAnswersTerm of [true, false]) {
      const u = await unit('bp35a1', { meterAnswersTerm });
      const address = await connect(u);
      const from = u.host.chunks.length;
      expect(u.host.command('SKTERM')).toEqual(['OK\r\n']);
      await u.clock.advance(10_000);
      expect(u.host.texts(from).slice(1)).toEqual([`EVENT ${meterAnswersTerm ? '27' : '28'} ${address}\r\n`]);
      expect(u.host.command('SKTERM')).toEqual(['FAIL ER10\r\n']);
      await u.running.stop();
    }
  });

  test('echo-back on at power-up: the echo goes with the first line; SKVER, SKINFO, SKSREG read', async () => {
    const u = await unit('bp35a1');
    expect(u.host.command('SKVER')).toEqual(['SKVER\r\nEVER 1.2.10\r\n', 'OK\r\n']);
    expect(u.host.command('SKINFO')).toEqual([
      'SKINFO\r\nEINFO FE80:0000:0000:0000:021D:1290:1234:5678 001D129012345678 21 FFFF FFFE\r\n',
      'OK\r\n',
    ]);
    expect(u.host.command('SKSREG S02')).toEqual(['SKSREG S02\r\nESREG 21\r\n', 'OK\r\n']);
    expect(u.host.command('SKSREG S16')).toEqual(['SKSREG S16\r\nESREG 00000384\r\n', 'OK\r\n']);
    expect(u.host.command('SKLL64 001D129012345678')).toEqual([
      'SKLL64 001D129012345678\r\nFE80:0000:0000:0000:021D:1290:1234:5678\r\n',
    ]);
    expect(u.host.command('SKTABLE E')).toEqual([
      'SKTABLE E\r\nEPORT\r\n3610\r\n716\r\n0\r\n0\r\n0\r\n0\r\n',
      'OK\r\n',
    ]);
    await u.running.stop();
  });

  test('ED scan (mode 0): OK, EVENT 1F, then EEDSCAN with a channel and LQI pair per channel of the mask', async () => {
    const u = await unit('bp35a1');
    u.host.command('SKSREG SFE 0');
    const from = u.host.chunks.length;
    expect(u.host.command('SKSCAN 0 00000003 2')).toEqual(['OK\r\n']);
    await u.clock.advance(2 * 9.6 * 5); // 2 channels × 9.6 ms × (2² + 1)
    expect(u.host.texts(from).slice(1)).toEqual([
      `EVENT 1F ${u.module.address}\r\n`,
      'EEDSCAN\r\n21 E1 22 10\r\n',
    ]);
    await u.running.stop();
  });

  test('FAIL codes (§4.1): ER04 unknown command, ER05 argument count, ER06 out of range', async () => {
    const a1 = await unit('bp35a1');
    a1.host.command('SKSREG SFE 0');
    const cases: [string, string][] = [
      ['SKFOO', 'ER04'],
      ['skver', 'ER04'],
      ['SKVER 1', 'ER05'],
      ['SKSCAN 2 FFFFFFFF 6 0', 'ER05'],
      ['SKSCAN 2 FFFFFFFF F', 'ER06'],
      ['SKSCAN 1 FFFFFFFF 6', 'ER06'],
      [`SKSETRBID ${ROUTE_B.id.slice(1)}`, 'ER06'],
      [`SKSETRBID ${ROUTE_B.id}0`, 'ER06'],
      ['SKSETRBID', 'ER05'],
      ['SKSETPWD C 0123', 'ER06'],
      ['SKSETPWD 0123456789AB', 'ER05'],
      ['SKSREG S2 99', 'ER06'],
      ['SKSREG S16 3B', 'ER06'],
      ['SKSREG SFD 1', 'ER06'],
      ['SKSREG S99', 'ER06'],
      ['SKLL64 001D12901234567', 'ER06'],
      ['SKJOIN FE80::1::2', 'ER06'],
      ['SKSENDTO 1 FE80::1 0E1A 1', 'ER05'],
      ['SKTERM', 'ER10'],
    ];
    for (const [line, code] of cases) expect(a1.host.command(line), line).toEqual([`FAIL ${code}\r\n`]);
    expect(await a1.host.sendTo('7 FE80::1 0E1A 1', get(0x80)), 'handle 7').toEqual(['FAIL ER06\r\n']);
    await a1.running.stop();
    const c2 = await unit('bp35c2');
    expect(c2.host.command('SKSCAN 2 FFFFFFFF 6'), 'BP35C2 given the single-hop syntax').toEqual([
      'SKSCAN 2 FFFFFFFF 6\r\nFAIL ER05\r\n',
    ]);
    expect(c2.host.command('SKSCAN 2 FFFFFFFF 6 2')).toEqual(['SKSCAN 2 FFFFFFFF 6 2\r\nFAIL ER06\r\n']);
    await c2.running.stop();
  });

  test('the lower-case length digit node-echonet-lite sends (SKSETPWD c …) is taken', async () => {
    const u = await unit('bp35a1');
    expect(u.host.command(`SKSETPWD c ${ROUTE_B.password}`)).toEqual([
      `SKSETPWD c ${ROUTE_B.password}\r\nOK\r\n`,
    ]);
    await u.running.stop();
  });

  test('a command split into single bytes is read as when written at once', async () => {
    const u = await unit('bp35a1');
    for (const byte of Buffer.from('SKVER\r\n')) u.module.input(Uint8Array.of(byte));
    expect(u.host.texts()).toEqual(['SKVER\r\nEVER 1.2.10\r\n', 'OK\r\n']);
    await u.running.stop();
  });
});
