// The HTTP/JSON binding of the head-end contract (openapi.json), as the harness speaks it to any head-end:
// the reference one or a utility's shim. What it sends is checked against its schema before it goes, and
// what comes back before the harness believes it: a head-end that answers off-contract gets an error
// naming the route, the field and the rule, never a value taken on trust.
import type {
  ControlReplies,
  EndDeviceControls,
  EndDeviceEvents,
  EventsQuery,
  HeadEnd,
  IngestResult,
  LimiterState,
  MeterReadings,
  ReadingsQuery,
} from './contract.ts';
import { checkedMessage, MessageError, type MessageName } from './message-schemas.ts';

/** The head-end did not answer (refused, reset, timed out): nothing can be judged from it. */
export class HeadEndUnreachable extends Error {
  override readonly name = 'HeadEndUnreachable';
}

/** The head-end answered off the contract: an HTTP error, a body that is not JSON or breaks its schema. */
export class HeadEndOffContract extends Error {
  override readonly name = 'HeadEndOffContract';
}

/** One request and its answer, for the case's transcript. */
export interface HeadEndExchange {
  readonly at: number;
  readonly request: string;
  readonly status: number | 'no answer';
  readonly summary: string;
}

export class HttpHeadEnd implements HeadEnd {
  /** How many requests the head-end has answered (anything at all: the case's "heard anything"). */
  answered = 0;
  /**
   * `base`: e.g. http://127.0.0.1:8610; `now`: the harness's clock, sent as every request's HTTP Date (a
   * head-end on the caller's clock takes it as its now).
   */
  constructor(
    private readonly base: string,
    private readonly now: () => number = Date.now,
    private readonly onExchange: (exchange: HeadEndExchange) => void = () => {},
  ) {}

  ingestReadings(readings: MeterReadings): Promise<IngestResult> {
    return this.post('/meter-readings', 'MeterReadings', readings);
  }

  readings(query: ReadingsQuery): Promise<MeterReadings> {
    const { meters, ...rest } = query;
    return this.get(
      '/meter-readings',
      [...meters.map((m): [string, string] => ['meter', m]), ...Object.entries(rest)],
      'MeterReadings',
    );
  }

  ingestEvents(events: EndDeviceEvents): Promise<IngestResult> {
    return this.post('/end-device-events', 'EndDeviceEvents', events);
  }

  events(query: EventsQuery): Promise<EndDeviceEvents> {
    return this.get('/end-device-events', Object.entries(query), 'EndDeviceEvents');
  }

  instantaneous(meters: readonly string[]): Promise<MeterReadings> {
    return this.get(
      '/meter-readings/instantaneous',
      meters.map((m): [string, string] => ['meter', m]),
      'MeterReadings',
    );
  }

  control(controls: EndDeviceControls): Promise<ControlReplies> {
    return this.post('/end-device-controls', 'EndDeviceControls', controls, 'ControlReplies');
  }

  limiterState(meter: string): Promise<LimiterState> {
    return this.get('/end-device-controls', [['meter', meter]], 'LimiterState');
  }

  /** The reference head-end, emulated only: a meter behind it loses or regains its power. */
  meterPower(meter: string, on: boolean): Promise<unknown> {
    return this.post('/emulation/meter-power', 'MeterPower', { meter, on }, 'MeterPower');
  }

  private async post<T>(
    path: string,
    message: MessageName,
    body: unknown,
    answers: MessageName = 'IngestResult',
  ): Promise<T> {
    checkedMessage(message, body, `POST ${path} (what the harness sends)`);
    return this.exchange(
      path,
      { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
      answers,
    );
  }

  private get<T>(
    path: string,
    query: readonly (readonly [string, string])[],
    answers: MessageName,
  ): Promise<T> {
    return this.exchange(
      `${path}?${new URLSearchParams(query as [string, string][])}`,
      { method: 'GET' },
      answers,
    );
  }

  private async exchange<T>(path: string, init: RequestInit, answers: MessageName): Promise<T> {
    const where = `${init.method} ${this.base}${path.split('?')[0]}`;
    const at = this.now();
    const request = `${init.method} ${path.length > 160 ? `${path.slice(0, 160)}…` : path}${init.body ? ` (${String(init.body).length} bytes)` : ''}`;
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        ...init,
        headers: { ...init.headers, date: new Date(at).toUTCString() },
      });
    } catch (error) {
      const why = String((error as Error).cause ?? (error as Error).message);
      this.onExchange({ at, request, status: 'no answer', summary: why });
      throw new HeadEndUnreachable(`${where}: no answer from the head-end (${why})`);
    }
    this.answered++;
    const text = await response.text();
    this.onExchange({ at, request, status: response.status, summary: summary(text) });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new HeadEndOffContract(
        `${where}: HTTP ${response.status}, and the body is not JSON: ${text.slice(0, 200)}`,
      );
    }
    if (response.status !== 200) {
      const title = (body as { title?: unknown }).title;
      throw new HeadEndOffContract(
        `${where}: HTTP ${response.status}: ${typeof title === 'string' ? title : text.slice(0, 200)}`,
      );
    }
    try {
      return checkedMessage<T>(answers, body, `${where} (the head-end's answer)`);
    } catch (error) {
      if (error instanceof MessageError) throw new HeadEndOffContract(error.message);
      throw error;
    }
  }
}

/** An answer in one line: a short body whole, a long one by its size and first characters. */
function summary(text: string): string {
  return text.length <= 200 ? text : `${text.length} bytes: ${text.slice(0, 120)}…`;
}
