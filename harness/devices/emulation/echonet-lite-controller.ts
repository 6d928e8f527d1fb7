// A controller we did not write: the `echonet-lite` package discovers ECHONET Lite nodes by multicast
// (Get 0xD6 … to 0EF001 at 224.0.23.0) and reads E7 and E0 from the first LV meter that answers.
// Prints one JSON line {meter, e7, e0} and exits 0, or exits 1 after 15 s. Run by
// emulate-interop.test.ts inside a private network namespace (only lo), next to `smcert emulate`.
import { createRequire } from 'node:module';

interface ElData {
  SEOJ: string;
  ESV: string;
  DETAILs: Record<string, string>;
}
interface EchonetLite {
  GET: string;
  initialize(
    objects: string[],
    onFrame: (rinfo: { address: string }, els: ElData) => void,
    ipVer: number,
    options: object,
  ): Promise<unknown>;
  search(): void;
  sendOPC1(ip: string, seoj: string, deoj: string, esv: string, epc: string, edt: string): void;
  release(): void;
}

const el = createRequire(import.meta.url)('echonet-lite') as EchonetLite;
const found: { meter?: string; e7?: string; e0?: string } = {};

const finish = (code: number) => {
  console.log(JSON.stringify(found));
  el.release();
  process.exit(code);
};
setTimeout(() => finish(1), 15_000);

await el.initialize(
  ['05ff01'],
  (rinfo, els) => {
    if (els.SEOJ === '0ef001' && els.ESV === '72' && els.DETAILs.d6?.includes('028801') && !found.meter) {
      found.meter = rinfo.address;
      el.sendOPC1(rinfo.address, '05ff01', '028801', el.GET, 'e7', '');
      el.sendOPC1(rinfo.address, '05ff01', '028801', el.GET, 'e0', '');
    }
    if (els.SEOJ === '028801' && els.ESV === '72') {
      if (els.DETAILs.e7) found.e7 = els.DETAILs.e7;
      if (els.DETAILs.e0) found.e0 = els.DETAILs.e0;
      if (found.e7 && found.e0) finish(0);
    }
  },
  4,
  { v4: '127.0.0.1', autoGetProperties: false, ignoreMe: true, debugMode: false },
);
setTimeout(() => el.search(), 300);
