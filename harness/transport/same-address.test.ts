// The device's address as the profile spells it and as the socket reports it compare equal.
import { expect, test } from '@playwright/test';
import { canonicalAddress, sameAddress } from './same-address.ts';

test('IPv6 addresses in any spelling are the same address; IPv4 as it is', () => {
  expect(sameAddress('FE80::21D:12FF:FE34:5678', 'fe80::21d:12ff:fe34:5678')).toBe(true);
  expect(sameAddress('2001:db8:0:0:0:0:0:1', '2001:db8::1')).toBe(true);
  expect(sameAddress('::1', '0:0:0:0:0:0:0:1')).toBe(true);
  expect(sameAddress('2001:db8::1', '2001:db8::2')).toBe(false);
  expect(sameAddress('127.0.0.2', '127.0.0.2')).toBe(true);
  expect(sameAddress('127.0.0.2', '127.0.0.20')).toBe(false);
  expect(canonicalAddress('FE80::1%eth0')).toBe('fe80::1%eth0');
});

test('a zone is compared when both addresses give one', () => {
  expect(sameAddress('fe80::1%eth0', 'FE80::1%eth0')).toBe(true);
  expect(sameAddress('fe80::1%eth0', 'fe80::1%eth1')).toBe(false);
  expect(sameAddress('fe80::1%eth0', 'fe80::1')).toBe(true);
});
