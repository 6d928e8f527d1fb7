// The reference head-end over real HTTP (node:http: a few JSON routes need no framework): the binding of
// harness/a-route/openapi.json in front of HeadEndStore (readings, events) and HeadEndMeters (the meters
// behind it: their instantaneous values, and the current limiters the ampere controls are forwarded to).
// Every request body and query is checked against its schema and refused with 400 naming the field; every
// answer is checked before it goes out. A body over the limit is refused with 413, an unknown route with
// 404, another method with 405.
// Its clock: with `callerClock` (emulated, the suites' virtual clock) a request's HTTP Date is its now, and a
// request without one is answered on the wall clock; otherwise the wall clock always.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EndDeviceControls, EventsQuery, ReadingsQuery } from '../../a-route/contract.ts';
import { ampereSettings, DEFAULT_HEAD_END_PARAMETERS } from '../../a-route/head-end-profile.ts';
import {
  checkedMessage,
  MessageError,
  type MessageName,
  messageProblems,
} from '../../a-route/message-schemas.ts';
import { headEndFaults } from './head-end-fault-behaviour.ts';
import { type AmpereSettings, HeadEndMeters, MeterSilent } from './head-end-meters.ts';
import { HeadEndStore } from './head-end-store.ts';

/** The largest request body taken: a day of 5-minute values for some thousand meters. */
const BODY_LIMIT_BYTES = 32 * 1024 * 1024;

export interface RunningHeadEnd {
  /** http://address:port */
  readonly url: string;
  close(): Promise<void>;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly problems: readonly { pointer: string; message: string }[] = [],
  ) {
    super(title);
  }
}

export async function startHeadEnd(options: {
  readonly database: string;
  readonly address: string;
  readonly port: number;
  /** The reference head-end's fault switches (head-end-faults.ts). */
  readonly faults?: readonly string[];
  /** Take a request's HTTP Date as now (the caller's clock). */
  readonly callerClock?: boolean;
  /** The meters' meters (default: the profile schema's defaults). */
  readonly ampere?: AmpereSettings;
}): Promise<RunningHeadEnd> {
  const parts: HeadEndParts = {
    store: new HeadEndStore(options.database, options.faults),
    meters: new HeadEndMeters(
      options.database === ':memory:' ? ':memory:' : `${options.database}.meters`,
      options.ampere ?? ampereSettings(DEFAULT_HEAD_END_PARAMETERS.ampere),
      headEndFaults(options.faults ?? []),
    ),
  };
  const server = createServer((request, response) => {
    handle(parts, request, options.callerClock === true)
      .then((body) => answer(response, 200, body))
      .catch((error: unknown) => {
        if (error instanceof HttpProblem)
          return answer(response, error.status, { title: error.title, problems: error.problems });
        if (error instanceof MessageError)
          return answer(response, 400, { title: error.message, problems: error.problems });
        if (error instanceof MeterSilent)
          return answer(response, 503, { title: error.message, problems: [] });
        answer(response, 500, { title: `the head-end failed: ${(error as Error).message}`, problems: [] });
      });
  });
  await listen(server, options.address, options.port);
  const at = server.address() as AddressInfo;
  const host = at.family === 'IPv6' ? `[${at.address}]` : at.address;
  return {
    url: `http://${host}:${at.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          parts.store.close();
          parts.meters.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

interface HeadEndParts {
  readonly store: HeadEndStore;
  readonly meters: HeadEndMeters;
}

async function handle(parts: HeadEndParts, request: IncomingMessage, callerClock: boolean): Promise<unknown> {
  const url = new URL(request.url ?? '/', 'http://head-end');
  const now = callerClock ? requestNow(request) : Date.now();
  const route = ROUTES[url.pathname];
  if (!route)
    throw new HttpProblem(
      404,
      `no route ${url.pathname}: the binding serves ${Object.keys(ROUTES).join(', ')}`,
    );
  if (request.method === 'POST' && route.post) {
    // checked against the route's own schema: the type its store call takes
    const body = checkedMessage<never>(route.post.message, await jsonBody(request), `POST ${url.pathname}`);
    return checkedMessage(route.post.answers, route.post.run(parts, body, now), 'the head-end’s answer');
  }
  if (request.method === 'GET' && route.get) {
    const query = Object.fromEntries(
      route.get.params.map(([name, schema, repeated]) => {
        const values = url.searchParams.getAll(name);
        if (values.length === 0)
          throw new HttpProblem(400, `GET ${url.pathname}: query parameter ${name} is missing`, [
            { pointer: `?${name}`, message: 'required' },
          ]);
        if (values.length > (repeated ? MAX_REPEATED : 1))
          throw new HttpProblem(
            400,
            `GET ${url.pathname}: query parameter ${name} is given ${values.length} times: at most ${repeated ? MAX_REPEATED : 1}`,
            [{ pointer: `?${name}`, message: 'too many' }],
          );
        const value = repeated ? values : values[0]!;
        const problems = values.flatMap((v) => messageProblems(schema, v));
        if (problems.length > 0)
          throw new HttpProblem(
            400,
            `GET ${url.pathname}: query parameter ${name} is wrong`,
            problems.map((p) => ({ pointer: `?${name}`, message: p.message })),
          );
        return [name, value];
      }),
    );
    // every parameter checked against its schema above: the query its store call takes
    return checkedMessage(
      route.get.answers,
      route.get.run(parts, query as never, now),
      'the head-end’s answer',
    );
  }
  throw new HttpProblem(
    405,
    `${request.method} ${url.pathname}: the binding takes ${[route.post && 'POST', route.get && 'GET'].filter(Boolean).join(' and ')}`,
  );
}

/** The most meters one GET asks for (openapi.json: meter maxItems). */
const MAX_REPEATED = 1000;

interface Route {
  readonly post?: {
    readonly message: MessageName;
    readonly answers: MessageName;
    run(parts: HeadEndParts, body: never, nowMs: number): unknown;
  };
  readonly get?: {
    /** name, schema, and whether it may be repeated (then the query holds its values as an array) */
    readonly params: readonly (readonly [string, MessageName, boolean?])[];
    readonly answers: MessageName;
    run(parts: HeadEndParts, query: never, nowMs: number): unknown;
  };
}

/** The request's HTTP Date (the caller's clock), or the wall clock when it sends none. */
function requestNow(request: IncomingMessage): number {
  const date = request.headers.date;
  if (date === undefined) return Date.now();
  const ms = Date.parse(date);
  if (Number.isNaN(ms))
    throw new HttpProblem(400, `the Date header '${date}' is not an HTTP-date (RFC 9110 §5.6.7)`, [
      { pointer: 'Date', message: 'not an HTTP-date, e.g. Tue, 01 Dec 2026 00:30:00 GMT' },
    ]);
  return ms;
}

const ROUTES: Record<string, Route> = {
  '/meter-readings': {
    post: {
      message: 'MeterReadings',
      answers: 'IngestResult',
      run: ({ store }, body, now) => store.ingestReadings(body, now),
    },
    get: {
      params: [
        ['meter', 'MeterId', true],
        ['readingType', 'ReadingTypeRef'],
        ['from', 'DateTime'],
        ['to', 'DateTime'],
      ],
      answers: 'MeterReadings',
      run: ({ store }, query: { meter: string[] } & Omit<ReadingsQuery, 'meters'>, now) =>
        store.readings({ ...query, meters: query.meter }, now),
    },
  },
  '/end-device-events': {
    post: {
      message: 'EndDeviceEvents',
      answers: 'IngestResult',
      run: ({ store }, body, now) => store.ingestEvents(body, now),
    },
    get: {
      params: [
        ['meter', 'MeterId'],
        ['from', 'DateTime'],
        ['to', 'DateTime'],
      ],
      answers: 'EndDeviceEvents',
      run: ({ store, meters }, query: EventsQuery, now) =>
        store.events(query, now, meters.polled(query.meter, now)),
    },
  },
  '/meter-readings/instantaneous': {
    get: {
      params: [['meter', 'MeterId', true]],
      answers: 'MeterReadings',
      run: ({ meters }, query: { meter: string[] }, now) => meters.instantaneous(query.meter, now),
    },
  },
  '/end-device-controls': {
    post: {
      message: 'EndDeviceControls',
      answers: 'ControlReplies',
      run: ({ meters }, body: EndDeviceControls, now) => ({
        Reply: body.EndDeviceControl.map((c) => ({ mRID: c.mRID, ...meters.control(c, now) })),
      }),
    },
    get: {
      params: [['meter', 'MeterId']],
      answers: 'LimiterState',
      run: ({ meters }, query: { meter: string }, now) => meters.state(query.meter, now),
    },
  },
  // emulated only (openapi.json says so): a power cut at a meter behind the head-end
  '/emulation/meter-power': {
    post: {
      message: 'MeterPower',
      answers: 'MeterPower',
      run: ({ meters }, body: { meter: string; on: boolean }, now) => {
        meters.power(body.meter, body.on, now);
        return body;
      },
    },
  },
};

async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT_BYTES)
      throw new HttpProblem(413, `the body is over ${BODY_LIMIT_BYTES} bytes: send fewer meters a request`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new HttpProblem(400, `the body is not JSON: ${(error as Error).message}`);
  }
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function listen(server: Server, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `the head-end cannot listen on ${address} port ${port}: another program has it — give another --port`
            : `the head-end cannot listen on ${address} port ${port}: ${error.message}`,
        ),
      );
    server.once('error', failed);
    server.listen(port, address, () => {
      server.off('error', failed);
      resolve();
    });
  });
}
