import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { appliesTo } from '../conformance/case-meta.ts';
import { missingForCertification } from './certification.ts';
import { checkProfile, loadProfile } from './load-profile.ts';
import { meterKindBehind, meterProfile } from './meter-behind.ts';
import { ProfileError } from './profile-error.ts';
import { REDACTED, redactProfile, redactText } from './redact.ts';

const REFERENCE = fileURLToPath(new URL('../../profiles/reference-lv-meter.json', import.meta.url));
const reference = () => JSON.parse(readFileSync(REFERENCE, 'utf8'));

function problemsOf(text: string): ProfileError {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-profile-'));
  const file = join(dir, 'device.json');
  try {
    writeFileSync(file, text);
    loadProfile(file);
  } catch (error) {
    if (error instanceof ProfileError) return error;
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error('the profile loaded without an error');
}

const edited = (edit: (p: ReturnType<typeof reference>) => void) => {
  const p = reference();
  edit(p);
  return problemsOf(JSON.stringify(p));
};

test.describe('device profiles', () => {
  test('the reference LV meter profile loads, with defaults filled in', () => {
    const { profile } = loadProfile(REFERENCE);
    expect(profile.kind).toBe('lv-meter');
    expect(profile.timers.responseLatencyMs).toBe(0);
    expect(profile.target.type).toBe('emulated');
  });

  test('a missing file, an empty file and broken JSON are errors naming the file and the fix', () => {
    expect(() => loadProfile('/nonexistent/device.json')).toThrow(
      /\/nonexistent\/device.json: at \/: no such file/,
    );
    expect(problemsOf('  \n').message).toMatch(/device.json: at \/: the profile is empty/);
    expect(problemsOf('{ "kind": ').message).toMatch(
      /device.json: line 1, column 11: not valid JSON: expected a value .* — fix the syntax there/,
    );
  });

  test('schema problems name the JSON pointer and how to fix them', () => {
    expect(edited((p) => (p.transprot = p.transport)).message).toMatch(
      /at \/: unknown field 'transprot' \(did you mean 'transport'\?\) — remove it or fix its spelling/,
    );
    expect(edited((p) => delete p.identity.serial).message).toMatch(/at \/identity: missing field 'serial'/);
    expect(edited((p) => (p.routeB.id = 'short')).message).toMatch(
      /at \/routeB\/id: .*the Route-B ID has 32 letters or digits/,
    );
    expect(edited((p) => (p.kind = 'meter')).message).toMatch(/at \/kind: must be one of/);
  });

  test('semantic problems: unknown fault, class missing for the kind, EPC used twice', () => {
    expect(edited((p) => (p.target.faults = ['no-such-fault'])).message).toMatch(
      /at \/target\/faults\/0: no fault switch 'no-such-fault'.*FAULTS.md/,
    );
    expect(edited((p) => (p.classes[0].eoj = '028A01')).message).toMatch(
      /at \/classes: a lv-meter hosts class 0x0288/,
    );
    expect(edited((p) => (p.nextGeneration[1].epc = '0xF0')).message).toMatch(
      /at \/nextGeneration\/1\/epc: 0xF0 is already used/,
    );
  });

  test('the 30 → 15-minute switch: only on a 30-minute item with its switchEpc', () => {
    const switching = (p: ReturnType<typeof reference>) =>
      p.nextGeneration.findIndex((i: { switchableTo?: number }) => i.switchableTo === 15);
    expect(
      edited((p) => {
        p.nextGeneration[switching(p)].intervalMinutes = 15;
      }).message,
    ).toMatch(/at \/nextGeneration\/\d+\/switchableTo: only a 30-minute item switches to 15 minutes/);
    expect(
      edited((p) => {
        p.nextGeneration[switching(p)].switchEpc = '0xF0';
      }).message,
    ).toMatch(/switchEpc: 0xF0 is already used/);
  });

  test('every problem is reported, not only the first', () => {
    const error = edited((p) => {
      p.routeB.password = 'x';
      p.identity.makerCode = 'zz';
    });
    expect(error.problems.length).toBeGreaterThanOrEqual(2);
  });

  test('Route-B ID and password are redacted from the profile and from any text', () => {
    const { profile } = loadProfile(REFERENCE);
    const shown = JSON.stringify(redactProfile(profile));
    expect(shown).not.toContain(profile.routeB!.id);
    expect(shown).not.toContain(profile.routeB!.password);
    expect(shown).toContain(REDACTED);
    expect(redactText(`id=${profile.routeB!.id} pw=${profile.routeB!.password}`, profile)).toBe(
      `id=${REDACTED} pw=${REDACTED}`,
    );
  });
});

test.describe('a comms-unit profile (a SKSTACK IP module under test)', () => {
  const COMMS_UNIT = fileURLToPath(new URL('../../profiles/reference-comms-unit.json', import.meta.url));
  const unit = () => JSON.parse(readFileSync(COMMS_UNIT, 'utf8'));
  const editedUnit = (edit: (p: ReturnType<typeof unit>) => void) => {
    const p = unit();
    edit(p);
    return problemsOf(JSON.stringify(p));
  };

  test('the reference comms unit loads: the module over skstack, the LV meter behind it, ready to certify', () => {
    const { profile } = loadProfile(COMMS_UNIT);
    expect(profile.kind).toBe('comms-unit');
    expect(profile.transport).toMatchObject({ type: 'skstack', dialect: 'bp35a1', maxFrameBytes: 0x04d0 });
    expect(meterKindBehind(profile)).toBe('lv-meter');
    expect(meterProfile(profile).kind).toBe('lv-meter');
    expect(missingForCertification(profile)).toEqual([]);
  });

  test('a comms unit is reached over skstack, names the meter behind it and its Route-B credentials', () => {
    expect(
      editedUnit((p) => {
        p.transport = { type: 'udp', family: 4, address: '127.0.0.1' };
      }).message,
    ).toMatch(
      /at \/transport\/type: a comms unit is a Wi-SUN module on a serial line: use "type": "skstack"/,
    );
    expect(editedUnit((p) => (p.classes = [{ eoj: '05FF01', release: 'R' }])).message).toMatch(
      /at \/classes: a comms unit names the meter behind it by its class/,
    );
    expect(editedUnit((p) => delete p.routeB).message).toMatch(
      /at \/routeB: a comms unit joins the meter behind it with its Route-B ID and password/,
    );
    // the target's faults are those of the meter behind it
    const withFaults = unit();
    withFaults.target.faults = ['e2-newest-first', 'tid-not-echoed'];
    expect(checkProfile('unit.json', withFaults).kind).toBe('comms-unit');
    expect(editedUnit((p) => (p.target.faults = ['e7-newest-first'])).message).toMatch(
      /at \/target\/faults\/0: no fault switch 'e7-newest-first' for a comms-unit/,
    );
  });

  test('only the comms-unit area applies to it; a meter case is NA naming the module under test', () => {
    const { profile } = loadProfile(COMMS_UNIT);
    const meta = { applies: () => true as const };
    expect(appliesTo({ ...meta, id: 'CU-SIZE-002' }, profile)).toBe(true);
    expect(appliesTo({ ...meta, id: 'LV-BR-E7-001' }, profile)).toMatch(
      /the device under test is a Wi-SUN module \(kind "comms-unit"\)/,
    );
    expect(appliesTo({ ...meta, id: 'LV-BR-E7-001' }, loadProfile(REFERENCE).profile)).toBe(true);
  });
});
