// What a reply must be, given its request (ECHONET Lite 1.14 part 2 §3.2.2–3.2.5): TID echoed, SEOJ/DEOJ
// swapped, the reply ESV of the request, the requested EPCs in order, and the SNA body rules. Returns
// one message per broken rule, each naming the rule and expected vs actual.
import { decodeStrict } from '../echonet/decode-strict.ts';
import { addresses, eojHex, sameEoj } from '../echonet/eoj.ts';
import { ESV, esvInfo, esvName } from '../echonet/esv.ts';
import type { Format1Frame, Property } from '../echonet/frame.ts';
import { byteHex, toHex } from '../echonet/hex.ts';

const CLAUSE = 'ECHONET Lite 1.14 part 2 §3.2.5';

export function replyViolations(request: Format1Frame, replyBytes: Uint8Array): string[] {
  const decoded = decodeStrict(replyBytes);
  if (!decoded.ok) return [`reply is not a valid frame: ${decoded.error.message}`];
  if (decoded.frame.format !== 1)
    return ['reply is Format 2; a reply to a Format 1 request is Format 1 (§3.2.1.1)'];
  const reply = decoded.frame;
  const out: string[] = [];
  if (reply.tid !== request.tid)
    out.push(`TID echoed (§3.2.2): expected ${hex4(request.tid)}, got ${hex4(reply.tid)}`);
  if (!addresses(request.deoj, reply.seoj)) {
    out.push(
      `reply SEOJ is the addressed object (§3.2.4): expected ${eojHex(request.deoj)}, got ${eojHex(reply.seoj)}`,
    );
  }
  if (!sameEoj(reply.deoj, request.seoj)) {
    out.push(
      `reply DEOJ is the request SEOJ (§3.2.4): expected ${eojHex(request.seoj)}, got ${eojHex(reply.deoj)}`,
    );
  }
  const allowed = esvInfo(request.esv)?.reply;
  if (!allowed || (reply.esv !== allowed.ok && reply.esv !== allowed.sna)) {
    const expected = [allowed?.ok, allowed?.sna]
      .filter((c) => c !== undefined)
      .map((c) => esvName(c as number));
    out.push(
      `reply ESV to ${esvName(request.esv)} (${CLAUSE} table 3-10): expected ${expected.join(' or ') || 'no reply'}, got ${esvName(reply.esv)}`,
    );
    return out;
  }
  const sna = reply.esv === allowed.sna;
  if ('setProperties' in request && 'setProperties' in reply) {
    out.push(...bodyViolations('Set part', 'write', request.setProperties, reply.setProperties, sna, false));
    out.push(...bodyViolations('Get part', 'read', request.getProperties, reply.getProperties, sna, false));
    if (
      sna &&
      !hasRefusal(request.setProperties, reply.setProperties, 'write') &&
      !hasRefusal(request.getProperties, reply.getProperties, 'read')
    ) {
      out.push(`SetGet_SNA names at least one refused EPC (${CLAUSE}): none refused`);
    }
  } else if ('properties' in request && 'properties' in reply) {
    const kind = request.esv === ESV.SetC || request.esv === ESV.SetI ? 'write' : 'read';
    out.push(...bodyViolations('', kind, request.properties, reply.properties, sna, true));
  }
  return out;
}

function bodyViolations(
  part: string,
  kind: 'read' | 'write',
  asked: readonly Property[],
  got: readonly Property[],
  sna: boolean,
  needRefusal: boolean,
): string[] {
  const where = part ? `${part}: ` : '';
  const askedEpcs = asked.map((p) => byteHex(p.epc)).join(' ');
  const gotEpcs = got.map((p) => byteHex(p.epc)).join(' ');
  if (askedEpcs !== gotEpcs)
    return [
      `${where}reply lists the requested EPCs in order (${CLAUSE}): expected [${askedEpcs}], got [${gotEpcs}]`,
    ];
  const out: string[] = [];
  got.forEach((p, i) => {
    const request = asked[i] as Property;
    if (kind === 'read') {
      if (!sna && p.edt.length === 0)
        out.push(
          `${where}${byteHex(p.epc)} in a positive reply carries its value (${CLAUSE}): expected PDC ≥ 1, got 0`,
        );
    } else if (p.edt.length !== 0 && toHex(p.edt) !== toHex(request.edt)) {
      out.push(
        `${where}${byteHex(p.epc)}: an accepted write has PDC 0, a refused one echoes the request (${CLAUSE}): expected PDC 0 or ${toHex(request.edt)}, got ${toHex(p.edt)}`,
      );
    } else if (!sna && p.edt.length !== 0) {
      out.push(
        `${where}${byteHex(p.epc)} accepted in a positive reply (${CLAUSE}): expected PDC 0, got the echo ${toHex(p.edt)}`,
      );
    }
  });
  if (sna && needRefusal && !hasRefusal(asked, got, kind)) {
    out.push(
      `${where}an SNA reply names at least one refused EPC — PDC 0 for a read, the echoed EDT for a write (${CLAUSE}): none refused in [${gotEpcs}]`,
    );
  }
  return out;
}

function hasRefusal(asked: readonly Property[], got: readonly Property[], kind: 'read' | 'write'): boolean {
  return got.some((p, i) =>
    kind === 'read'
      ? p.edt.length === 0
      : p.edt.length > 0 && toHex(p.edt) === toHex((asked[i] as Property).edt),
  );
}

function hex4(n: number): string {
  return `0x${n.toString(16).padStart(4, '0').toUpperCase()}`;
}

/** The clause-registry id of a violation's rule: TID §3.2.2, EOJ §3.2.4, ESV and bodies §3.2.5. */
export function violationClause(violation: string): string {
  if (violation.startsWith('TID echoed')) return 'EL-1.14/2/3.2.2';
  if (violation.startsWith('reply SEOJ') || violation.startsWith('reply DEOJ')) return 'EL-1.14/2/3.2.4';
  return 'EL-1.14/2/3.2.5';
}
