// The kernel's packet counters of one interface, read inside its namespace (`ip -s -j link`): what crossed
// a link, whoever sent it, judged from packets and not from any program's account of itself.
import { ip } from './ip-command.ts';

export interface LinkCounters {
  readonly rxPackets: number;
  readonly rxBytes: number;
  readonly txPackets: number;
  readonly txBytes: number;
}

export async function readCounters(ns: string, name: string): Promise<LinkCounters> {
  const [link] = JSON.parse(await ip(['-n', ns, '-s', '-j', 'link', 'show', 'dev', name])) as {
    stats64: { rx: { packets: number; bytes: number }; tx: { packets: number; bytes: number } };
  }[];
  if (!link) throw new Error(`no interface ${name} in namespace ${ns}`);
  const { rx, tx } = link.stats64;
  return { rxPackets: rx.packets, rxBytes: rx.bytes, txPackets: tx.packets, txBytes: tx.bytes };
}
