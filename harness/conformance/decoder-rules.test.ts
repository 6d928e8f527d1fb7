// The rules of the strict decoder a profile switches off (profile.decoder.rules): only rules marked
// verified: false in harness/echonet/frame-rules.ts may be; the run record and the certificate show them;
// the dut client accepts a frame that breaks only such a rule, and the transcript notes the rule it breaks.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readRunRecord } from '../../reports/run-record-io.ts';
import { REFERENCE, smcertSync } from '../cli/smcert-child.ts';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { LV_METER } from '../echonet/eoj.ts';
import type { StrictOptions } from '../echonet/frame-rules.ts';
import { fromHex } from '../echonet/hex.ts';
import { checkProfile } from '../profile/load-profile.ts';
import { ProfileError } from '../profile/profile-error.ts';
import { redactProfile } from '../profile/redact.ts';
import { createLoopbackNetwork } from '../transport/loopback.ts';
import type { Endpoint } from '../transport/transport.ts';
import { DutClient } from './dut-client.ts';
import { Transcript } from './transcript.ts';

const { $schema: _, ...PROFILE } = REFERENCE;
const EPC_RANGE_OFF = { rules: { 'epc.range': false } } as const;

test('a profile switching off a rule marked verified: false loads, and the run record and certificate show it', () => {
  const profile = checkProfile('p.json', { ...PROFILE, decoder: EPC_RANGE_OFF });
  expect(redactProfile(profile).decoder, 'the redacted profile the record keeps').toEqual(EPC_RANGE_OFF);
  const dir = mkdtempSync(join(tmpdir(), 'smcert-decoder-'));
  try {
    writeFileSync(join(dir, 'profile.json'), JSON.stringify({ ...PROFILE, decoder: EPC_RANGE_OFF }));
    const out = join(dir, 'run');
    const run = smcertSync([
      'run',
      '--profile',
      join(dir, 'profile.json'),
      '--out',
      out,
      '--grep',
      'NP-ID-001',
    ]);
    expect(run.code, `the run passes\n${run.out}${run.err}`).toBe(0);
    const record = readRunRecord(join(out, 'run-record.json'));
    const content = record.profile.content;
    expect(
      content.kind !== 'head-end' && content.decoder,
      'the run record keeps the rules switched off',
    ).toEqual(EPC_RANGE_OFF);
    expect(readFileSync(join(out, 'certificate.html'), 'utf8'), 'the certificate lists them').toContain(
      'decoder rules switched off: epc.range (EPC must be 0x80–0xFF; APPENDIX 1 (property map description format))',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a profile switching off a verified rule, an unknown rule or switching one on is refused', () => {
  const refusal = (rules: Record<string, unknown>) => {
    try {
      checkProfile('p.json', { ...PROFILE, decoder: { rules } });
    } catch (error) {
      expect(error, 'a ProfileError').toBeInstanceOf(ProfileError);
      return (error as Error).message;
    }
    throw new Error(`decoder rules ${JSON.stringify(rules)} were accepted`);
  };
  const switchable = 'the rules that can be switched off are epc.range, pdc.write-request, pdc.infc-res';
  expect(refusal({ ehd1: false }), 'ehd1 is verified (ECHONET Lite 1.14 part 2 §3.2.1.1)').toBe(
    `p.json: at /decoder/rules/ehd1: 'ehd1' is a verified rule (ECHONET Lite 1.14 part 2 §3.2.1.1) and cannot be switched off — remove the entry; ${switchable}`,
  );
  expect(refusal({ 'epc.rang': false }), 'a misspelt rule').toBe(
    `p.json: at /decoder/rules/epc.rang: no decoder rule 'epc.rang' — ${switchable}`,
  );
  expect(refusal({ 'epc.range': true }), 'rules can only be switched off').toBe(
    'p.json: at /decoder/rules/epc.range: must be false — a rule can only be switched off; to keep it on, remove the entry',
  );
});

test.describe('a frame that breaks only a switched-off rule', () => {
  const DEVICE: Endpoint = { address: '127.0.0.2', port: 3610 };
  const HARNESS: Endpoint = { address: '127.0.0.1', port: 3610 };
  // INF from 028801 of EPC 0x10 (below 0x80: breaks epc.range only), PDC 1, EDT 0x30
  const INF_EPC_10 = fromHex('1081 0001 028801 05FF01 73 01 10 01 30');

  async function receive(bytes: Uint8Array, strict: StrictOptions) {
    const network = createLoopbackNetwork();
    const clock = new VirtualClock({ start: Date.UTC(2026, 5, 15, 3) });
    const device = network.attach(DEVICE);
    const transcript = new Transcript(strict);
    const dut = new DutClient({
      transport: network.attach(HARNESS),
      clock,
      transcript,
      device: DEVICE,
      deviceEoj: LV_METER,
      timer1Ms: 20_000,
      timer2Ms: 60_000,
      strict,
      wait: { idleMs: 1, finalGraceMs: 20 },
    });
    await device.send(bytes, HARNESS);
    const arrival = await dut.waitFor(() => true, 1_000);
    dut.close();
    return { arrival, summary: transcript.entries[0]?.summary ?? '' };
  }

  test('is accepted by the dut client and described with a note of the rule switched off', async () => {
    const { arrival, summary } = await receive(INF_EPC_10, EPC_RANGE_OFF);
    expect(arrival?.frame, 'the strict reading without epc.range').toMatchObject({
      esv: 0x73,
      properties: [{ epc: 0x10 }],
    });
    expect(summary, 'the transcript describes the frame as read').toMatch(/^TID=0001 028801→05FF01 INF/);
    expect(summary, 'and notes the rule it breaks').toContain(
      '[breaks epc.range, switched off by the profile: property[0].EPC at byte 12: EPC must be 0x80–0xFF; expected 0x80–0xFF, got 0x10',
    );
  });

  test('is malformed when the rule is on, and a verified rule broken too still rejects it', async () => {
    const on = await receive(INF_EPC_10, {});
    expect(on.arrival?.frame, 'no strict reading with every rule on').toBeUndefined();
    expect(on.summary, 'the transcript names the rule').toMatch(/^malformed: .*EPC must be 0x80–0xFF/);
    const trailing = await receive(Uint8Array.of(...INF_EPC_10, 0x00), EPC_RANGE_OFF);
    expect(trailing.arrival?.frame, 'frame.trailing is verified: still malformed').toBeUndefined();
    expect(trailing.summary).toMatch(/^malformed: .*no bytes may follow the last property/);
  });
});
