// The HTTP/JSON binding of the head-end contract (openapi.json), as the harness speaks it to any head-end:
// the reference one or a utility's shim. What it sends is checked against its schema before it goes, and
// what comes back before the harness believes it: a head-end that answers off-contract gets an error
// naming the route, the field and the rule, never a value taken on trust.
import type {
  EndDeviceEvents,
  EventsQuery,
  HeadEnd,
  IngestResult,
  MeterReadings,
  ReadingsQuery,
} from './contract.ts';
import { checkedMessage, type MessageName } from './message-schemas.ts';

export class HttpHeadEnd implements HeadEnd {
  /**
   * `base`: e.g. http://127.0.0.1:8610; `now`: the harness's clock, sent as every request's HTTP Date (a
   * head-end on the caller's clock takes it as its now).
   */
  constructor(
    private readonly base: string,
    private readonly now: () => number = Date.now,
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

  private async post<T>(path: string, message: MessageName, body: unknown): Promise<T> {
    checkedMessage(message, body, `POST ${path} (what the harness sends)`);
    return this.exchange(
      path,
      { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
      'IngestResult',
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
    let response: Response;
    try {
      const date = new Date(this.now()).toUTCString();
      response = await fetch(`${this.base}${path}`, { ...init, headers: { ...init.headers, date } });
    } catch (error) {
      throw new Error(
        `${where}: no answer from the head-end (${(error as Error).cause ?? (error as Error).message})`,
      );
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`${where}: HTTP ${response.status}, and the body is not JSON: ${text.slice(0, 200)}`);
    }
    if (response.status !== 200) {
      const title = (body as { title?: unknown }).title;
      throw new Error(
        `${where}: HTTP ${response.status}: ${typeof title === 'string' ? title : text.slice(0, 200)}`,
      );
    }
    return checkedMessage<T>(answers, body, `${where} (the head-end's answer)`);
  }
}
