// Every A-route message checked against its schema in harness/a-route/openapi.json, both ways: what the
// harness sends a head-end and what comes back, what the reference head-end takes and what it answers. A
// message that breaks its schema is named by its JSON pointer and the rule, never passed on.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

const OPENAPI = JSON.parse(readFileSync(new URL('./openapi.json', import.meta.url), 'utf8'));

/** The message schemas of the binding (openapi.json components.schemas). */
export type MessageName =
  | 'MeterReadings'
  | 'IngestResult'
  | 'EndDeviceEvents'
  | 'EndDeviceControls'
  | 'ControlReplies'
  | 'LimiterState'
  | 'MeterPower'
  | 'MeterId'
  | 'ReadingTypeRef'
  | 'DateTime'
  | 'Value';

// strictRequired off: a control type's required fields are declared once, beside its other properties
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
// the OpenAPI document's own keywords, and the reading types' CIM notes, are not JSON Schema
ajv.addVocabulary(['openapi', 'info', 'paths', 'components', 'x-cim']);
ajv.addSchema(OPENAPI, 'a-route');
const compiled = new Map<MessageName, ValidateFunction>();

export interface MessageProblem {
  readonly pointer: string;
  readonly message: string;
}

/** The problems of `value` as a `name` message; none: it is one. */
export function messageProblems(name: MessageName, value: unknown): MessageProblem[] {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.getSchema(`a-route#/components/schemas/${name}`)!;
    compiled.set(name, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => ({
    pointer: e.instancePath || '/',
    message: `${e.message ?? 'invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`,
  }));
}

/** A message that breaks its schema, from the side that sent or received it. */
export class MessageError extends Error {
  constructor(
    readonly kind: MessageName,
    readonly problems: readonly MessageProblem[],
    where: string,
  ) {
    super(
      `${where}: not a valid ${kind} message (harness/a-route/openapi.json): ${problems.map((p) => `at ${p.pointer}: ${p.message}`).join('; ')}`,
    );
  }
}

/** `value`, checked as a `name` message; throws a MessageError naming `where`. */
export function checkedMessage<T>(name: MessageName, value: unknown, where: string): T {
  const problems = messageProblems(name, value);
  if (problems.length > 0) throw new MessageError(name, problems, where);
  return value as T;
}
