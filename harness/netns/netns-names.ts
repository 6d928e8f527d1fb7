// Names of one process's namespaces and veth interfaces: `smc<pid>-<role>`, so that parallel workers
// never share one and a leftover names the process that made it (harness/netns/leftovers.ts). Interface
// names stay within Linux's 15 characters (pid_max ≤ 2^22: at most 7 digits).

/** The three namespaces: the B-route segment (the client side), the meter, and the other network domain. */
export interface NamespaceNames {
  readonly bRoute: string;
  readonly meter: string;
  readonly other: string;
}

/** The veth pairs' ends, each named for the namespace it sits in and the one it faces. */
export interface InterfaceNames {
  /** In the B-route namespace, facing the meter. */
  readonly bRoute: string;
  /** In the meter's namespace, on the B-route segment. */
  readonly meterBRoute: string;
  /** In the meter's namespace, on the other domain. */
  readonly meterOther: string;
  /** In the other domain's namespace, facing the meter. */
  readonly other: string;
}

const PREFIX = 'smc';

export function namespaceNames(pid: number): NamespaceNames {
  return { bRoute: `${PREFIX}${pid}-b`, meter: `${PREFIX}${pid}-m`, other: `${PREFIX}${pid}-o` };
}

export function interfaceNames(pid: number): InterfaceNames {
  return {
    bRoute: `${PREFIX}${pid}-bm`,
    meterBRoute: `${PREFIX}${pid}-mb`,
    meterOther: `${PREFIX}${pid}-mo`,
    other: `${PREFIX}${pid}-om`,
  };
}

const NAMESPACE = new RegExp(`^${PREFIX}(\\d+)-[bmo]$`);

/** The pid a namespace of ours was made by, or undefined for a namespace that is not ours. */
export function ownerPid(namespace: string): number | undefined {
  const m = NAMESPACE.exec(namespace);
  return m ? Number(m[1]) : undefined;
}
