// Addresses into the module's full form (echonet-smart-meter.md §4.1 SKLL64) and back to comparison.
import { expect, test } from '@playwright/test';
import { fullIpv6, sameIpv6 } from './ipv6.ts';

test('compressed, zoned and lower-case addresses expand to eight groups of four upper-case digits', () => {
  for (const [input, full] of [
    ['fe80::21d:1290:1234:5678', 'FE80:0000:0000:0000:021D:1290:1234:5678'],
    ['fe80::21d:1290:1234:5678%wlan0', 'FE80:0000:0000:0000:021D:1290:1234:5678'],
    ['ff02::1', 'FF02:0000:0000:0000:0000:0000:0000:0001'],
    ['::', '0000:0000:0000:0000:0000:0000:0000:0000'],
    ['FE80:0000:0000:0000:021D:1290:1234:5678', 'FE80:0000:0000:0000:021D:1290:1234:5678'],
  ]) {
    expect(fullIpv6(input!), input).toBe(full);
  }
});

test('IPv4 and non-addresses are refused', () => {
  for (const input of ['127.0.0.1', '::ffff:127.0.0.1', 'FE80', '', 'OK']) {
    expect(fullIpv6(input), input).toBeUndefined();
  }
  expect(sameIpv6('ff02::1', 'FF02:0000:0000:0000:0000:0000:0000:0001'), 'same group').toBe(true);
  expect(sameIpv6('OK', 'OK'), 'not addresses').toBe(false);
});
