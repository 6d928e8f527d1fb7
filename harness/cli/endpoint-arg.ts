// An `<ip>[:port]` argument of the command line (`[ipv6]:port` for IPv6), port 3610 when left out:
// `smcert emulate --meter` and `--relay-to`.
import { isIP } from 'node:net';
import { ECHONET_PORT, type Endpoint } from '../transport/transport.ts';

/** The endpoint `given` names, or the problem with it, naming `--<flag>`. */
export function endpointArg(flag: string, given: string): Endpoint | string {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(given);
  const [address, port] = bracketed
    ? [bracketed[1]!, bracketed[2]]
    : isIP(given)
      ? [given, undefined]
      : [given.slice(0, given.lastIndexOf(':')), given.slice(given.lastIndexOf(':') + 1)];
  if (isIP(address) === 0)
    return `--${flag} '${given}' is not an IP address (e.g. 127.0.0.2 or 127.0.0.2:3610)`;
  const n = port === undefined ? ECHONET_PORT : Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65535) return `--${flag} '${given}': not a UDP port: ${port}`;
  return { address, port: n };
}
