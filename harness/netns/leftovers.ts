// Namespaces left by a run that was killed before its teardown: ours by name (harness/netns/netns-names.ts)
// and made by a process that is gone. Each is removed with the processes still inside it (a meter or a
// UDP peer orphaned by the kill), at the start of the next topology.
import { ip, runIp } from './ip-command.ts';
import { ownerPid } from './netns-names.ts';

/** Removes our namespaces whose maker is no longer alive; returns their names. */
export async function removeLeftovers(): Promise<string[]> {
  const removed: string[] = [];
  for (const ns of await listNamespaces()) {
    const pid = ownerPid(ns);
    if (pid === undefined || alive(pid)) continue;
    await removeNamespace(ns);
    removed.push(ns);
  }
  return removed;
}

/** Every namespace `ip netns` knows. */
export async function listNamespaces(): Promise<string[]> {
  const out = await runIp(['-j', 'netns', 'list']);
  if (!out.ok || !out.stdout.trim()) return [];
  return (JSON.parse(out.stdout) as { name: string }[]).map((n) => n.name);
}

/** Stops the processes inside `ns` (SIGKILL, by pid) and deletes it; its veth ends go with it. */
export async function removeNamespace(ns: string): Promise<void> {
  const pids = await runIp(['netns', 'pids', ns]);
  for (const pid of pids.ok ? pids.stdout.split(/\s+/).filter(Boolean).map(Number) : []) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await ip(['netns', 'delete', ns]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}
