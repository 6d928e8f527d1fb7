// Socket errors as messages that say what failed, where (address and port), and what to do about it.
// The original error stays as `cause`; its errno code (EADDRINUSE, …) is kept in the message.

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function explain(message: string, error: unknown): Error {
  const code = errorCode(error);
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new Error(message.replace('{code}', detail), { cause: error });
}

/** The unicast socket, bound to this node's own address and port. */
export function bindError(error: unknown, address: string, port: number): Error {
  switch (errorCode(error)) {
    case 'EADDRINUSE':
      return explain(
        `port ${port} on ${address} is in use ({code}): stop the other ECHONET Lite program or choose --port`,
        error,
      );
    case 'EADDRNOTAVAIL':
      return explain(
        `cannot bind port ${port} on ${address} ({code}): ${address} is not an address of this machine; ` +
          `use 127.0.0.0/8, ::1 or an address listed by 'ip addr'`,
        error,
      );
    case 'EACCES':
      return explain(
        `binding port ${port} on ${address} was refused ({code}): ports below 1024 need root or ` +
          `CAP_NET_BIND_SERVICE; choose --port`,
        error,
      );
    case 'EAFNOSUPPORT':
      return explain(
        `cannot bind port ${port} on ${address} ({code}): this machine has no IPv6; use --family 4`,
        error,
      );
    default:
      return explain(`cannot bind port ${port} on ${address} ({code})`, error);
  }
}

/** The group socket, bound to the multicast group address with SO_REUSEADDR. */
export function groupBindError(error: unknown, group: string, port: number): Error {
  if (errorCode(error) === 'EADDRINUSE') {
    return explain(
      `multicast port ${port} for group ${group} is in use ({code}): another program holds it without ` +
        `SO_REUSEADDR (or on the wildcard address); stop it or choose another multicast port`,
      error,
    );
  }
  return explain(
    `cannot bind multicast group ${group} port ${port} ({code}): check the multicast interface`,
    error,
  );
}

export function joinError(error: unknown, group: string, via: string): Error {
  return explain(
    `cannot join multicast group ${group} on interface ${via} ({code}): name an interface of this machine ` +
      `that has multicast (the default is loopback)`,
    error,
  );
}

export function multicastInterfaceError(error: unknown, via: string): Error {
  return explain(
    `cannot send multicast through interface ${via} ({code}): give an IPv4 address of an interface ` +
      `(127.0.0.1) or, for IPv6, '::%<interface name>' ('::%lo')`,
    error,
  );
}

export function sendError(
  error: unknown,
  to: { address: string; port: number },
  size: number,
  multicast: boolean,
): Error {
  const where = `${multicast ? 'multicast group ' : ''}${to.address} port ${to.port}`;
  switch (errorCode(error)) {
    case 'ENETUNREACH':
      return explain(
        multicast && to.address.includes(':')
          ? `cannot send to ${where} ({code}): no IPv6 multicast route on that interface. ` +
              `Linux never routes IPv6 multicast over loopback (lo); use IPv4 there, or a real interface`
          : `cannot send to ${where} ({code}): no route; check the address and the interface`,
        error,
      );
    case 'EMSGSIZE':
      return explain(`cannot send ${size} bytes to ${where} ({code}): the datagram is too large`, error);
    default:
      return explain(`cannot send ${size} bytes to ${where} ({code})`, error);
  }
}
