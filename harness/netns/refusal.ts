// Whether this machine lets the harness build network namespaces, as a reason for people when it does
// not (the case is then INCONC with it, never PASS): not Linux, iproute2 or sysctl missing, or a
// namespace refused for want of privilege (not root, a container without CAP_SYS_ADMIN: EPERM, EACCES).
import { existsSync } from 'node:fs';
import { IP, type IpResult, runIp } from './ip-command.ts';

/** Where `sysctl` (procps) is looked for; it sets the namespaces' own kernel settings. */
export const SYSCTL = ['/usr/sbin/sysctl', '/sbin/sysctl', '/usr/bin/sysctl'].find((p) => existsSync(p));

/** Why namespaces cannot be built here before trying (platform, tools), or undefined. */
export async function toolsMissing(): Promise<string | undefined> {
  if (process.platform !== 'linux')
    return `network namespaces are a Linux feature; this machine runs ${process.platform}`;
  if ((await runIp(['-V'])).missing)
    return `iproute2's ip is not installed (looked for ${IP} and on PATH): install iproute2`;
  if (SYSCTL === undefined) return 'sysctl is not installed (/usr/sbin/sysctl, /sbin/sysctl): install procps';
  return undefined;
}

/** The reason a failed `ip` command shows namespaces are not allowed here, or undefined for another failure. */
export function refusedBy(result: IpResult): string | undefined {
  if (result.missing) return `iproute2's ip could not be started: ${result.stderr}`;
  if (!/Operation not permitted|Permission denied|EPERM|EACCES|Read-only file system/i.test(result.stderr))
    return undefined;
  const uid = process.getuid?.();
  const who = uid === 0 ? 'as root, but the machine refuses it' : `as uid ${uid}, not root`;
  return `network namespaces are not allowed here (${who}: ${result.stderr.trim()}); the case needs root or CAP_SYS_ADMIN and CAP_NET_ADMIN`;
}
