// Each reference profile starts its device: D5 at start-up names the profile's class, and the device
// answers a Get of its Get property map (9F) with the EPCs the profile declares (next-generation ones too).
import { expect, test } from '@playwright/test';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { decodeStrict } from '../../echonet/decode-strict.ts';
import { encodeFrame } from '../../echonet/encode.ts';
import { eoj, eojHex } from '../../echonet/eoj.ts';
import { ESV } from '../../echonet/esv.ts';
import { decodePropertyMap } from '../../echonet/property-map.ts';
import { declaredMaps } from '../../profile/declared-maps.ts';
import { loadProfile } from '../../profile/load-profile.ts';
import { createLoopbackNetwork } from '../../transport/loopback.ts';
import { startEmulatedDevice } from './start-emulated-device.ts';

for (const file of ['profiles/reference-lv-meter.json', 'profiles/reference-hv-meter.json']) {
  test(`${file}: the device announces its class and serves the declared Get map`, async () => {
    const { profile } = loadProfile(file);
    const declared = profile.classes[0]!;
    if (profile.transport.type !== 'udp') throw new Error(`${file}: a udp profile`);
    const network = createLoopbackNetwork();
    const device = await startEmulatedDevice(profile, new VirtualClock({ start: Date.UTC(2026, 5, 1) }), {
      transport: network.attach({ address: profile.transport.address, port: 3610 }),
    });
    const client = network.attach({ address: '127.0.0.1', port: 3610 });
    const replies: Uint8Array[] = [];
    client.onReceive((d) => replies.push(d.bytes));
    const request = encodeFrame({
      format: 1,
      tid: 7,
      seoj: eoj('05FF01'),
      deoj: eoj(declared.eoj),
      esv: ESV.Get,
      properties: [{ epc: 0x9f, edt: new Uint8Array(0) }],
    });
    await client.send(request, device.transport.local);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await device.stop();

    const d5 = network.sent[0]!;
    expect(d5.multicast, 'first datagram: the D5 instance-list INF by multicast').toBe(true);
    const list = decodeStrict(d5.bytes);
    if (!list.ok || !('properties' in list.frame)) throw new Error('D5 INF does not decode');
    expect(list.frame.properties[0]!.edt.subarray(1, 4), 'D5 lists the profile class').toEqual(
      Uint8Array.from(Buffer.from(declared.eoj, 'hex')),
    );
    const reply = decodeStrict(replies[0] ?? new Uint8Array(0));
    if (!reply.ok || !('properties' in reply.frame)) throw new Error('no Get_Res to Get 9F');
    expect(eojHex(reply.frame.seoj)).toBe(declared.eoj);
    const map = decodePropertyMap(reply.frame.properties[0]!.edt);
    if (!map.ok) throw map.error;
    expect(map.value, 'Get map (9F) = the declared Get EPCs and next-generation items').toEqual(
      declaredMaps(profile).get,
    );
  });
}
