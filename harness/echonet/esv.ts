// ECHONET Lite service codes (ESV). ECHONET Lite 1.14 part 2 §3.2.5, tables 3-9 (requests),
// 3-10 (responses and notifications) and 3-11 (not-possible responses, "SNA").
// Reserved: 0x54–0x5D, 0x5F, 0x64–0x6D, 0x6F, 0x75–0x79, 0x7B–0x7D, 0x7F.

export const ESV = {
  SetI_SNA: 0x50,
  SetC_SNA: 0x51,
  Get_SNA: 0x52,
  INF_SNA: 0x53,
  SetGet_SNA: 0x5e,
  SetI: 0x60,
  SetC: 0x61,
  Get: 0x62,
  INF_REQ: 0x63,
  SetGet: 0x6e,
  Set_Res: 0x71,
  Get_Res: 0x72,
  INF: 0x73,
  INFC: 0x74,
  INFC_Res: 0x7a,
  SetGet_Res: 0x7e,
} as const;

export type EsvSymbol = keyof typeof ESV;
export type EsvCode = (typeof ESV)[EsvSymbol];
export type SetGetEsv = typeof ESV.SetGet | typeof ESV.SetGet_Res | typeof ESV.SetGet_SNA;
export type SimpleEsv = Exclude<EsvCode, SetGetEsv>;

export type EsvRole = 'request' | 'response' | 'notification' | 'not-possible';

export interface EsvInfo {
  readonly code: EsvCode;
  readonly symbol: EsvSymbol;
  readonly role: EsvRole;
  /** For requests (and INFC): the ESV of a positive reply and of a not-possible reply, if any. */
  readonly reply?: { readonly ok?: EsvCode; readonly sna?: EsvCode };
}

const TABLE: readonly EsvInfo[] = [
  { code: ESV.SetI, symbol: 'SetI', role: 'request', reply: { sna: ESV.SetI_SNA } },
  { code: ESV.SetC, symbol: 'SetC', role: 'request', reply: { ok: ESV.Set_Res, sna: ESV.SetC_SNA } },
  { code: ESV.Get, symbol: 'Get', role: 'request', reply: { ok: ESV.Get_Res, sna: ESV.Get_SNA } },
  { code: ESV.INF_REQ, symbol: 'INF_REQ', role: 'request', reply: { ok: ESV.INF, sna: ESV.INF_SNA } },
  { code: ESV.SetGet, symbol: 'SetGet', role: 'request', reply: { ok: ESV.SetGet_Res, sna: ESV.SetGet_SNA } },
  { code: ESV.Set_Res, symbol: 'Set_Res', role: 'response' },
  { code: ESV.Get_Res, symbol: 'Get_Res', role: 'response' },
  { code: ESV.INF, symbol: 'INF', role: 'notification' },
  { code: ESV.INFC, symbol: 'INFC', role: 'notification', reply: { ok: ESV.INFC_Res } },
  { code: ESV.INFC_Res, symbol: 'INFC_Res', role: 'response' },
  { code: ESV.SetGet_Res, symbol: 'SetGet_Res', role: 'response' },
  { code: ESV.SetI_SNA, symbol: 'SetI_SNA', role: 'not-possible' },
  { code: ESV.SetC_SNA, symbol: 'SetC_SNA', role: 'not-possible' },
  { code: ESV.Get_SNA, symbol: 'Get_SNA', role: 'not-possible' },
  { code: ESV.INF_SNA, symbol: 'INF_SNA', role: 'not-possible' },
  { code: ESV.SetGet_SNA, symbol: 'SetGet_SNA', role: 'not-possible' },
];

const BY_CODE: ReadonlyArray<EsvInfo | undefined> = (() => {
  const byCode = new Array<EsvInfo | undefined>(256).fill(undefined);
  for (const info of TABLE) byCode[info.code] = info;
  return byCode;
})();

export const ALL_ESVS: readonly EsvCode[] = TABLE.map((info) => info.code);

/** The table entry of a code, or undefined for reserved codes. */
export function esvInfo(code: number): EsvInfo | undefined {
  return BY_CODE[code];
}

export function isEsv(code: number): code is EsvCode {
  return BY_CODE[code] !== undefined;
}

/** SetGet, SetGet_Res and SetGet_SNA carry OPCSet and OPCGet instead of one OPC (§3.2.5.2). */
export function isSetGetEsv(code: number): code is SetGetEsv {
  return code === ESV.SetGet || code === ESV.SetGet_Res || code === ESV.SetGet_SNA;
}

export function esvName(code: number): string {
  const info = BY_CODE[code];
  const hex = `0x${code.toString(16).padStart(2, '0').toUpperCase()}`;
  return info ? `${info.symbol} (${hex})` : `reserved ESV ${hex}`;
}
