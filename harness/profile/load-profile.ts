// Loads a device profile: bytes (a file, UTF-8 without BOM), JSON syntax, profiles/profile.schema.json
// (ajv, defaults filled in), the formats the schema cannot say (real dates, IP addresses of the family),
// then the rest: classes for the kind, fault switches, EPCs. Every problem is one line naming the file,
// the JSON pointer, what is wrong and the fix. A missing or empty profile is an error, never "test
// nothing"; the text around a syntax error is never shown (it may be a Route-B secret).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { FAULTS } from '../devices/faults.ts';
import { FRAME_RULES } from '../echonet/frame-rules.ts';
import { instantProblem } from './instant.ts';
import { familyProblem, type IpFamily, localAddressProblem } from './ip-address.ts';
import { findJsonSyntaxError } from './json-syntax.ts';
import { meterKindBehind } from './meter-behind.ts';
import type { LoadedProfile, Profile } from './profile.ts';
import { ProfileError, type ProfileProblem } from './profile-error.ts';

export const PROFILE_SCHEMA_FILE = fileURLToPath(
  new URL('../../profiles/profile.schema.json', import.meta.url),
);

const schema = JSON.parse(readFileSync(PROFILE_SCHEMA_FILE, 'utf8'));
// discriminator: a target's errors are those of the branch its "type" names, not of every branch;
// verbose: each error carries the schema it broke, which lists the fields allowed there
const validate = new Ajv({
  allErrors: true,
  strict: true,
  useDefaults: true,
  discriminator: true,
  verbose: true,
}).compile(schema);

/** The most problems listed; the rest are counted. */
const SHOWN = 10;
/** The class each kind must host (first two bytes of an EOJ). */
const KIND_CLASS: Partial<Record<Profile['kind'], string>> = {
  'lv-meter': '0288',
  'hv-meter': '028A',
  'hv-bidirectional-meter': '028F',
  'hems-controller': '05FF',
};
const FAULT_DEVICES: Record<string, readonly string[]> = {
  'lv-meter': ['node', 'lv-meter'],
  'hv-meter': ['node', 'hv-meter'],
  'hv-bidirectional-meter': ['node', 'hv-bidirectional-meter'],
  'hems-controller': ['node', 'hems-controller'],
};

export interface LoadOptions {
  /** Also check what a run needs of this machine: a real target's localAddress must be one of its own. */
  readonly checkHost?: boolean;
}

export function loadProfile(file: string, options: LoadOptions = {}): LoadedProfile {
  const bytes = readBytes(file);
  const whole = (problem: string) => new ProfileError(file, [{ pointer: '', problem }]);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    // refused, not skipped: RFC 8259 §8.1 forbids it, and other tools that read the profile (jq, Python's
    // json) stop at it; a profile this suite accepts must read the same everywhere
    throw whole('the file starts with a UTF-8 byte-order mark — save it without BOM (UTF-8 only)');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw whole(
      'the file is UTF-16 (it starts with a UTF-16 byte-order mark) — save it as UTF-8 without BOM',
    );
  const text = bytes.toString('utf8');
  if (text.trim() === '')
    throw whole(
      'the profile is empty — a run needs a device profile (copy profiles/reference-lv-meter.json and edit it)',
    );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error: never shown, it may be a Route-B secret
    const at = findJsonSyntaxError(text);
    throw new ProfileError(file, [
      at
        ? {
            pointer: '',
            location: `line ${at.line}, column ${at.column}`,
            problem: `not valid JSON: expected ${at.expected} — fix the syntax there`,
          }
        : { pointer: '', problem: 'not valid JSON — fix the syntax' },
    ]);
  }
  return { file, profile: checkProfile(file, data, options) };
}

function readBytes(file: string): Buffer {
  const whole = (problem: string) => new ProfileError(file, [{ pointer: '', problem }]);
  if (!existsSync(file))
    throw whole('no such file — give a JSON device profile, e.g. profiles/reference-lv-meter.json');
  if (statSync(file).isDirectory())
    throw whole(
      'is a directory, not a profile — give the path of a JSON profile file, e.g. profiles/reference-lv-meter.json',
    );
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw whole(`cannot be read (${code}) — check that it is a file you may read`);
  }
}

/** Validates parsed profile data (also used for profiles built in memory). */
export function checkProfile(file: string, data: unknown, options: LoadOptions = {}): Profile {
  const valid = validate(data);
  const problems: ProfileProblem[] = valid ? [] : (validate.errors ?? []).map(describe);
  const reported = new Set(problems.map((p) => p.pointer));
  problems.push(...formatProblems(data, options).filter((p) => !reported.has(p.pointer)));
  if (problems.length === 0) problems.push(...semanticProblems(data as Profile));
  if (problems.length === 0) problems.push(...hemsControllerProblems(data as Profile, options));
  if (problems.length > SHOWN) {
    const more = problems.length - SHOWN + 1;
    problems.splice(SHOWN - 1, Infinity, {
      pointer: '',
      problem: `and ${more} more problems — fix these first`,
    });
  }
  if (problems.length > 0) throw new ProfileError(file, problems);
  return data as Profile;
}

/** The value at a JSON pointer of parsed data, or undefined. */
function valueAt(data: unknown, pointer: string): unknown {
  let value = data;
  for (const key of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** What the schema's patterns cannot say: real dates, IP addresses of the family, this machine's address. */
function formatProblems(data: unknown, options: LoadOptions): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const rawFamily = valueAt(data, '/transport/family');
  const family: IpFamily | undefined = rawFamily === 4 || rawFamily === 6 ? rawFamily : undefined;
  const address = valueAt(data, '/transport/address');
  if (family && typeof address === 'string') {
    const example =
      family === 4
        ? "write the device's address as four numbers, e.g. 192.168.1.20"
        : "write the device's IPv6 address, e.g. 2001:db8::20, or fe80::21d:12ff:fe34:5678%eth0 (link-local, with its interface)";
    const problem = familyProblem(address, family, example);
    if (problem) problems.push({ pointer: '/transport/address', problem });
  }
  const steps = valueAt(data, '/target/meter/load/steps');
  const stepInstants = Array.isArray(steps)
    ? steps.map((_, i) => [`/target/meter/load/steps/${i}/at`, '2026-06-15T12:05:00+09:00'] as const)
    : [];
  for (const [pointer, example] of [
    ['/target/clockStart', '2026-06-15T12:10:05+09:00'],
    ['/target/meter/installedAt', '2026-01-01T00:00:00+09:00'],
    ...stepInstants,
  ] as const) {
    const instant = valueAt(data, pointer);
    if (typeof instant !== 'string') continue;
    const wrong = instantProblem(instant);
    if (wrong)
      problems.push({
        pointer,
        problem: `'${instant}' is not a real date and time: ${wrong} — write a real instant with its offset, e.g. ${example}`,
      });
  }
  const local = valueAt(data, '/target/localAddress');
  if (family && typeof local === 'string' && valueAt(data, '/target/type') === 'real') {
    const example = `write an address of this machine, e.g. ${family === 4 ? '127.0.0.1' : '::1'}`;
    const problem =
      familyProblem(local, family, example) ??
      (options.checkHost ? localAddressProblem(local, family) : undefined);
    if (problem) problems.push({ pointer: '/target/localAddress', problem });
  }
  return problems;
}

/** The target's branches in the schema: its "type" and the fields each allows. */
const TARGET_BRANCHES: readonly { type: string; fields: string[] }[] = (
  schema.properties.target.oneOf as { properties: Record<string, { const?: string }> }[]
).map((branch) => ({ type: String(branch.properties.type?.const), fields: Object.keys(branch.properties) }));
const TARGET_TYPES = TARGET_BRANCHES.map((b) => JSON.stringify(b.type));

const quoteList = (values: readonly string[]) =>
  values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

function describe(error: ErrorObject): ProfileProblem {
  const pointer = error.instancePath;
  switch (error.keyword) {
    case 'discriminator':
      if (error.params.error === 'mapping')
        return {
          pointer: `${pointer}/type`,
          problem: `unknown target type '${String(error.params.tagValue)}' — use one of ${TARGET_TYPES.join(', ')}`,
        };
      if (error.params.tagValue === undefined)
        return { pointer, problem: `missing field 'type' — add "type": ${quoteList(TARGET_TYPES)}` };
      return {
        pointer: `${pointer}/type`,
        problem: `must be a string — use one of ${TARGET_TYPES.join(', ')}`,
      };
    case 'additionalProperties':
      return { pointer, problem: unknownField(error) };
    case 'required':
      return {
        pointer,
        problem: `missing field '${String(error.params.missingProperty)}' — add it (see profiles/reference-lv-meter.json for an example)`,
      };
    case 'enum':
      return {
        pointer,
        problem: `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'pattern':
      return { pointer, problem: `${error.message ?? 'does not match'} — ${hintFor(pointer)}` };
    case 'const':
      if (pointer.startsWith('/decoder/rules/'))
        return {
          pointer,
          problem: 'must be false — a rule can only be switched off; to keep it on, remove the entry',
        };
      return { pointer, problem: error.message ?? 'invalid' };
    default:
      return { pointer, problem: error.message ?? 'invalid' };
  }
}

/** An unknown field: the fields allowed there (for a target, those of its type) and the likeliest meant. */
function unknownField(error: ErrorObject): string {
  const field = String(error.params.additionalProperty);
  const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const meant = closest(field, allowed);
  const named = `unknown field '${field}'${meant ? ` (did you mean '${meant}'?)` : ''}`;
  const branch =
    error.instancePath === '/target' ? TARGET_BRANCHES.find((b) => sameFields(b.fields, allowed)) : undefined;
  if (branch) {
    const elsewhere = TARGET_BRANCHES.filter((b) => b !== branch && b.fields.includes(field)).map(
      (b) => `${article(b.type)} ${b.type} target`,
    );
    const belongs = elsewhere.length > 0 ? `; ${field} belongs to ${elsewhere.join(' or ')}` : '';
    return `${named} — ${article(branch.type)} ${branch.type} target has the fields ${allowed.join(', ')}${belongs}`;
  }
  return `${named} — remove it or fix its spelling; the fields here are ${allowed.join(', ')}`;
}

const sameFields = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((f, i) => f === b[i]);

/** The allowed field a misspelt one most likely meant: same letters ignoring case, or at most 2 edits away. */
function closest(field: string, allowed: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of allowed) {
    const distance = name.toLowerCase() === field.toLowerCase() ? 0 : editDistance(field, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Levenshtein distance (insertions, deletions, substitutions), one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitute));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

function hintFor(pointer: string): string {
  if (pointer === '/routeB/id') return 'the Route-B ID has 32 letters or digits';
  if (pointer === '/routeB/password') return 'the Route-B password has 12 letters or digits';
  if (pointer.endsWith('/makerCode')) return 'write the maker code as 6 hex digits, e.g. 000016';
  if (pointer.endsWith('/eoj')) return 'write the EOJ as 6 hex digits, e.g. 028801';
  if (/\/(clockStart|installedAt)$/.test(pointer))
    return 'write a date and time with its offset, e.g. 2026-01-01T00:00:00+09:00';
  // an EPC field (epc, selectorEpc, historyEpc, switchEpc) or an item of a declared map (get, set, anno)
  if (/(epc|Epc|\/(get|set|anno)\/\d+)$/.test(pointer)) return 'write EPCs as 0x80..0xFF, e.g. 0xE7';
  return 'see profiles/profile.schema.json';
}

function semanticProblems(profile: Profile): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const wanted = KIND_CLASS[profile.kind];
  if (wanted && !profile.classes.some((c) => c.eoj.startsWith(wanted))) {
    problems.push({
      pointer: '/classes',
      problem: `a ${profile.kind} hosts class 0x${wanted} — add {"eoj": "${wanted}01", "release": "R"}`,
    });
  }
  problems.push(...commsUnitProblems(profile));
  if (profile.target.type === 'emulated') {
    // a comms unit's target faults are those of the meter behind it
    const kind = profile.kind === 'comms-unit' ? (meterKindBehind(profile) ?? profile.kind) : profile.kind;
    const devices = FAULT_DEVICES[kind] ?? ['node'];
    const known = new Set(FAULTS.filter((f) => devices.includes(f.device)).map((f) => f.id));
    (profile.target.faults ?? []).forEach((fault, i) => {
      if (!known.has(fault)) {
        problems.push({
          pointer: `/target/faults/${i}`,
          problem: `no fault switch '${fault}' for a ${profile.kind} — see harness/devices/FAULTS.md`,
        });
      }
    });
  }
  if (profile.transport.type === 'skstack') {
    const known = new Set(FAULTS.filter((f) => f.device === 'comms-unit').map((f) => f.id));
    (profile.transport.faults ?? []).forEach((fault, i) => {
      if (!known.has(fault))
        problems.push({
          pointer: `/transport/faults/${i}`,
          problem: `no fault switch '${fault}' of the emulated Wi-SUN module — see harness/devices/FAULTS.md (device comms-unit)`,
        });
    });
    if (profile.target.type === 'emulated' && profile.transport.path !== undefined)
      problems.push({
        pointer: '/transport/path',
        problem:
          'an emulated target has no serial device: leave "path" out (the harness starts the emulated module itself), or make the target "real"',
      });
  }
  problems.push(...decoderProblems(profile));
  problems.push(...exchangeableUnitProblems(profile));
  const seen = new Map<string, string>();
  (profile.nextGeneration ?? []).forEach((item, i) => {
    for (const key of ['epc', 'selectorEpc', 'historyEpc', 'switchEpc'] as const) {
      const epc = item[key];
      if (!epc) continue;
      const where = `/nextGeneration/${i}/${key}`;
      const other = seen.get(epc);
      if (other)
        problems.push({
          pointer: where,
          problem: `${epc} is already used at ${other} — give each item its own EPC`,
        });
      seen.set(epc, where);
    }
    // the seed's switch goes from 30 to 15 minutes, and is Set somewhere
    if (item.switchableTo !== undefined && (item.intervalMinutes !== 30 || item.switchEpc === undefined))
      problems.push({
        pointer: `/nextGeneration/${i}/switchableTo`,
        problem: 'only a 30-minute item switches to 15 minutes, through its switchEpc — give both',
      });
  });
  return problems;
}

/**
 * A HEMS controller reaches the harness's meter (roles turned around): over UDP at the profile's address,
 * which for a real controller must be one of this machine's; over Wi-SUN through the emulated module on
 * the harness's pseudo-terminal, joined with the profile's Route-B credentials. The reference controller
 * (an emulated target) runs over either: over Wi-SUN on the harness's own SKSTACK IP client.
 */
function hemsControllerProblems(profile: Profile, options: LoadOptions): ProfileProblem[] {
  if (profile.kind !== 'hems-controller') return [];
  const t = profile.transport;
  if (t.type === 'skstack') {
    return profile.routeB
      ? []
      : [
          {
            pointer: '/routeB',
            problem:
              'the controller joins the harness’s meter over Wi-SUN with a Route-B ID and password — add "routeB" (the ones the controller is configured with)',
          },
        ];
  }
  if (profile.target.type !== 'real' || !options.checkHost) return [];
  const problem = localAddressProblem(t.address, t.family);
  return problem
    ? [{ pointer: '/transport/address', problem: `the harness's meter listens there: ${problem}` }]
    : [];
}

/**
 * A comms unit (a SKSTACK IP module under test) is reached over its serial line only, joins the meter
 * behind it, named by its classes, with the Route-B credentials (harness/profile/meter-behind.ts).
 */
function commsUnitProblems(profile: Profile): ProfileProblem[] {
  if (profile.kind !== 'comms-unit') return [];
  const problems: ProfileProblem[] = [];
  if (profile.transport.type !== 'skstack')
    problems.push({
      pointer: '/transport/type',
      problem:
        'a comms unit is a Wi-SUN module on a serial line: use "type": "skstack" with its "dialect" (and, for a real target, its "path")',
    });
  if (!meterKindBehind(profile))
    problems.push({
      pointer: '/classes',
      problem:
        'a comms unit names the meter behind it by its class — add {"eoj": "028801", "release": "R"} (a low-voltage meter)',
    });
  if (!profile.routeB)
    problems.push({
      pointer: '/routeB',
      problem: 'a comms unit joins the meter behind it with its Route-B ID and password — add "routeB"',
    });
  return problems;
}

/** The rules of the strict decoder a profile may switch off: those taken from secondary sources. */
const UNVERIFIED_RULES = Object.entries(FRAME_RULES)
  .filter(([, rule]) => !rule.verified)
  .map(([id]) => id);

/** Decoder rules switched off: each must be a rule of frame-rules.ts marked verified: false. */
function decoderProblems(profile: Profile): ProfileProblem[] {
  const offList = `the rules that can be switched off are ${UNVERIFIED_RULES.join(', ')}`;
  return Object.keys(profile.decoder?.rules ?? {}).flatMap((id): ProfileProblem[] => {
    const pointer = `/decoder/rules/${id}`;
    const rule = (FRAME_RULES as Record<string, { clause: string; verified: boolean }>)[id];
    if (!rule) return [{ pointer, problem: `no decoder rule '${id}' — ${offList}` }];
    if (rule.verified)
      return [
        {
          pointer,
          problem: `'${id}' is a verified rule (${rule.clause}) and cannot be switched off — remove the entry; ${offList}`,
        },
      ];
    return [];
  });
}

/**
 * The units of an exchangeable communication unit (commsUnit) carry only media the profile declares, and
 * the one fitted first carries the medium the transport reaches the meter on (Wi-SUN for "skstack").
 */
function exchangeableUnitProblems(profile: Profile): ProfileProblem[] {
  const units = profile.commsUnit?.units;
  if (!units) return [];
  const problems: ProfileProblem[] = [];
  const media = profile.media ?? [];
  units.forEach((unit, i) => {
    const undeclared = unit.filter((m) => !media.includes(m));
    if (undeclared.length > 0)
      problems.push({
        pointer: `/commsUnit/units/${i}`,
        problem: `the unit carries ${undeclared.join(', ')}, not in /media (${media.join(', ') || 'none'}) — add it to "media" or take it out of the unit`,
      });
  });
  const first = units[0] ?? [];
  const reached = profile.transport.type === 'skstack' ? ['wi-sun'] : ['wi-fi', 'ethernet'];
  if (!first.some((m) => reached.includes(m)))
    problems.push({
      pointer: '/commsUnit/units/0',
      problem: `the unit fitted first is the one the meter is reached through: over transport "${profile.transport.type}" it carries ${reached.join(' or ')}`,
    });
  return problems;
}
