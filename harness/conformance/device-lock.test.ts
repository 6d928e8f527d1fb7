import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { deviceLockFile, lockDevice } from './device-lock.ts';

// a device of its own for each test: they may run at once in two workers, and the second writes a dead
// holder into its lock file
const DEVICE = { address: '127.0.0.250', port: 3999 };
const ABANDONED = { address: '127.0.0.250', port: 3998 };

test('a second holder waits until the first releases the device', async () => {
  const first = await lockDevice(DEVICE, 5);
  let second: Awaited<ReturnType<typeof lockDevice>> | undefined;
  const waiting = lockDevice(DEVICE, 5).then((lock) => {
    second = lock;
  });
  await new Promise((resolve) => setTimeout(resolve, 60));
  expect(second, 'the device is held: the second case waits').toBeUndefined();
  first.release();
  await waiting;
  expect(second, 'released: the second case takes the device').toBeDefined();
  second!.release();
});

test('a lock whose holder died is taken over', async () => {
  writeFileSync(deviceLockFile(ABANDONED), '999999999'); // no such process
  const lock = await lockDevice(ABANDONED, 5);
  expect(lock.waitedMs, 'taken at once').toBeLessThan(1_000);
  lock.release();
});
