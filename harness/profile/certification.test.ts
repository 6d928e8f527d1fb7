import { expect, test } from '@playwright/test';
import { missingForCertification } from './certification.ts';
import { loadProfile } from './load-profile.ts';

const reference = loadProfile('profiles/reference-lv-meter.json').profile;

test('the reference profiles are complete enough to certify', () => {
  expect(missingForCertification(reference)).toEqual([]);
  expect(missingForCertification(loadProfile('profiles/reference-hv-meter.json').profile)).toEqual([]);
});

test('in certification the AIF timers and OPC limit may be tightened, never relaxed', () => {
  const timers = (t: Partial<typeof reference.timers>) =>
    missingForCertification({ ...reference, timers: { ...reference.timers, ...t } });
  expect(timers({ timer1Ms: 5_000, timer2Ms: 30_000, opcLimit: 8 }), 'tighter than the AIF: fine').toEqual(
    [],
  );
  expect(timers({ timer1Ms: 21_000, timer2Ms: 90_000, opcLimit: 3 }), 'each relaxed limit is named').toEqual([
    '/timers/timer1Ms: at most 20000 (AIF Timer 1) to certify; the profile relaxes it to 21000',
    '/timers/timer2Ms: at most 60000 (AIF Timer 2) to certify; the profile relaxes it to 90000',
    '/timers/opcLimit: at least 6 (AIF §2.4.4) to certify; the profile relaxes it to 3',
  ]);
});
