// The reference head-end over real HTTP, on its SQLite database: what it acknowledged survives a kill
// and a restart of its process (smcert emulate), a value delivered twice is held once, 8 digits come back
// as 8 digits; a message off the contract (harness/a-route/openapi.json) is refused naming the field, by
// the head-end and by the harness's client alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { MeterReadings } from '../../a-route/contract.ts';
import { HttpHeadEnd } from '../../a-route/http-head-end.ts';
import { startSmcert } from '../../cli/smcert-child.ts';
import { startHeadEnd } from './head-end-server.ts';

/** A day of 30-minute values of one meter, 8 digits, ending with the counter's top. */
function day(meter: string): MeterReadings {
  const start = Date.parse('2026-12-01T00:00:00+09:00');
  const values = Array.from({ length: 48 }, (_, k) => ({
    timeStamp: new Date(start + (k + 1) * 1_800_000).toISOString(),
    value: String(99_999_952 + k).padStart(8, '0'),
  }));
  return {
    MeterReading: [
      {
        Meter: { mRID: meter },
        IntervalBlocks: [{ ReadingType: { ref: 'energy-forward-30min' }, IntervalReadings: values }],
      },
    ],
  };
}

const QUERY = {
  readingType: 'energy-forward-30min',
  from: '2026-11-30T15:00:00Z',
  to: '2026-12-01T15:00:01Z',
};

const emulate = (db: string, port: number) =>
  startSmcert(
    [
      'emulate',
      '--profile',
      'profiles/reference-head-end.json',
      '--db',
      db,
      '--port',
      String(port),
      '--address',
      '127.0.0.80',
    ],
    'emulating the head-end',
    60_000,
  );

test('what the head-end acknowledged survives a kill and a restart; duplicates are held once', async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'smcert-head-end-'));
  const db = join(dir, 'head-end.db');
  let child = await emulate(db, 18_611);
  try {
    const headEnd = new HttpHeadEnd('http://127.0.0.80:18611');
    expect(await headEnd.ingestReadings(day('m1'))).toEqual({ stored: 48, duplicates: 0 });
    expect(await headEnd.ingestReadings(day('m1')), 'the same day again: held once').toEqual({
      stored: 0,
      duplicates: 48,
    });
    child.kill('SIGKILL'); // no chance to flush anything on the way out
    await new Promise((resolve) => child.once('exit', resolve));
    child = await emulate(db, 18_611);
    const back = await headEnd.readings({ meters: ['m1'], ...QUERY });
    const values = back.MeterReading[0]!.IntervalBlocks[0]!.IntervalReadings;
    expect(values.length, 'all 48 values, after the restart').toBe(48);
    expect(
      values.map((v) => v.value),
      '8 digits each, as delivered',
    ).toEqual(day('m1').MeterReading[0]!.IntervalBlocks[0]!.IntervalReadings.map((v) => v.value));
    expect(
      (await headEnd.readings({ meters: ['m2'], ...QUERY })).MeterReading,
      'another meter: nothing',
    ).toEqual([]);
  } finally {
    child.kill('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a message off the contract is refused naming its field, by the head-end and by the client', async () => {
  const running = await startHeadEnd({ database: ':memory:', address: '127.0.0.81', port: 0 });
  try {
    const bad = await fetch(`${running.url}/meter-readings`, {
      method: 'POST',
      body: JSON.stringify({
        MeterReading: [
          {
            Meter: { mRID: 'm1' },
            IntervalBlocks: [
              {
                ReadingType: { ref: 'energy-forward-30min' },
                IntervalReadings: [{ timeStamp: '2026-12-01T00:30:00+09:00', value: 12345 }],
              },
            ],
          },
        ],
      }),
    });
    expect(bad.status).toBe(400);
    expect(
      ((await bad.json()) as { problems: { pointer: string }[] }).problems.map((p) => p.pointer),
    ).toEqual(['/MeterReading/0/IntervalBlocks/0/IntervalReadings/0/value']);
    const client = new HttpHeadEnd(running.url);
    await expect(
      client.readings({
        meters: ['m1'],
        readingType: 'energy-forward-30min',
        from: 'yesterday',
        to: '2026-12-02T00:00:00Z',
      }),
    ).rejects.toThrow(/HTTP 400: GET \/meter-readings: query parameter from is wrong/);
    const offContract = { ...day('m1') };
    (offContract.MeterReading[0]!.IntervalBlocks[0] as { ReadingType: { ref: string } }).ReadingType.ref =
      'kWh';
    await expect(
      client.ingestReadings(offContract),
      'the harness sends nothing off the contract',
    ).rejects.toThrow(/what the harness sends.*at \/MeterReading\/0\/IntervalBlocks\/0\/ReadingType\/ref/);
  } finally {
    await running.close();
  }
  // a head-end whose answer breaks the contract: the client names it and takes nothing from it
  const liar = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ stored: '48' }));
  });
  await new Promise<void>((resolve) => liar.listen(0, '127.0.0.81', resolve));
  try {
    const client = new HttpHeadEnd(`http://127.0.0.81:${(liar.address() as AddressInfo).port}`);
    await expect(client.ingestReadings(day('m1'))).rejects.toThrow(
      /the head-end's answer.*at \/stored: must be integer|must have required property 'duplicates'/,
    );
  } finally {
    liar.close();
  }
});
