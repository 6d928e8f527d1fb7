// The A-route seam: what the suites ask of a utility's head-end system (HES) and meter data management
// (MDMS), whatever protocol its meters speak on the A-route (utility-specific, so not ours to test). The
// messages are shaped on IEC 61968-9 (CIM metering), so that an MDMS that speaks CIM needs little glue:
// MeterReadings holding, per meter, IntervalBlocks of IntervalReadings of one ReadingType; EndDeviceEvents
// for outage and restoration; EndDeviceControls for the remote ampere limit and its reservations, which
// the head-end forwards to the meter (the meter holds the reservations), and the limiter's state read back.
// The HTTP/JSON binding is harness/a-route/openapi.json; a utility puts its HES behind a thin shim that
// serves it. Every message is checked against its schema both ways (message-schemas.ts).

/** A reading type of this suite (harness/a-route/openapi.json ReadingTypeRef: x-cim says what it is in CIM terms). */
export type ReadingTypeId = string;

export interface IntervalReading {
  /** The end of the interval (CIM stamps interval data at the interval's end), ISO 8601 with offset. */
  readonly timeStamp: string;
  /** The value as decimal digits, exactly as measured (8 digits stay 8 digits end to end). */
  readonly value: string;
  /** In an answer: when the value first reached the head-end (CIM BaseReading.reportedDateTime). */
  readonly reportedDateTime?: string;
}

export interface IntervalBlock {
  readonly ReadingType: { readonly ref: ReadingTypeId };
  readonly IntervalReadings: readonly IntervalReading[];
}

export interface MeterReading {
  readonly Meter: { readonly mRID: string };
  readonly IntervalBlocks: readonly IntervalBlock[];
}

export interface MeterReadings {
  readonly MeterReading: readonly MeterReading[];
}

/** What an ingest did: values stored, and values already held for that meter, type and time (not stored twice). */
export interface IngestResult {
  readonly stored: number;
  readonly duplicates: number;
}

export interface ReadingsQuery {
  /** The meters asked (at most 1000 a request): the answer has a MeterReading for each that has values. */
  readonly meters: readonly string[];
  readonly readingType: ReadingTypeId;
  /** Interval ends from (inclusive) … to (exclusive), ISO 8601. */
  readonly from: string;
  readonly to: string;
}

export interface EndDeviceEvent {
  readonly EndDeviceEventType: { readonly ref: 'power-outage' | 'power-restoration' };
  readonly Assets: { readonly mRID: string };
  /** When it happened at the meter, ISO 8601. */
  readonly createdDateTime: string;
}

export interface EndDeviceEvents {
  readonly EndDeviceEvent: readonly EndDeviceEvent[];
}

export interface EventsQuery {
  readonly meter: string;
  readonly from: string;
  readonly to: string;
}

export type ControlType =
  | 'ampere-limit-set'
  | 'ampere-limit-reserve'
  | 'ampere-limit-cancel'
  | 'breaker-restore';

export interface Amperes {
  readonly value: number;
  readonly unit: 'A';
}

/** One command to one meter's current limiter (CIM EndDeviceControl). */
export interface EndDeviceControl {
  /** The caller's id of the control: a cancel names a reservation by it. */
  readonly mRID: string;
  readonly EndDeviceControlType: { readonly ref: ControlType };
  readonly EndDevices: { readonly mRID: string };
  /** ampere-limit-set and ampere-limit-reserve: the new limit. */
  readonly limit?: Amperes;
  /** ampere-limit-reserve: when the new limit takes effect, ISO 8601. */
  readonly scheduledInterval?: { readonly start: string };
  /** ampere-limit-cancel: the reservation (its control's mRID) dropped. */
  readonly reservation?: { readonly mRID: string };
}

export interface EndDeviceControls {
  readonly EndDeviceControl: readonly EndDeviceControl[];
}

/** Per control, in order: OK (the meter took it) or FAILED with the reason. */
export interface ControlReplies {
  readonly Reply: readonly {
    readonly mRID: string;
    readonly Result: 'OK' | 'FAILED';
    readonly Error?: string;
  }[];
}

/** A meter's current limiter as the meter reports it when asked. */
export interface LimiterState {
  readonly EndDevice: { readonly mRID: string };
  readonly limit: Amperes;
  readonly breaker: 'closed' | 'tripped' | 'locked-out';
  /** The current flowing when read (0 while the breaker is open), A. */
  readonly currentA: number;
  readonly reservations: readonly {
    readonly mRID: string;
    readonly scheduledInterval: { readonly start: string };
    readonly limit: Amperes;
  }[];
  readonly readDateTime: string;
}

/**
 * A head-end. Each call carries the caller's clock (HTTP Date): a head-end on the caller's clock, as the
 * reference one is when emulated, takes it as its now, so the suites can run it on their virtual clock; a
 * head-end on its own clock ignores it, and the suites then run on the wall clock.
 */
export interface HeadEnd {
  ingestReadings(readings: MeterReadings): Promise<IngestResult>;
  readings(query: ReadingsQuery): Promise<MeterReadings>;
  ingestEvents(events: EndDeviceEvents): Promise<IngestResult>;
  events(query: EventsQuery): Promise<EndDeviceEvents>;
  /** The meters' instantaneous power and current, asked of the meters now (power-/current-instantaneous). */
  instantaneous(meters: readonly string[]): Promise<MeterReadings>;
  control(controls: EndDeviceControls): Promise<ControlReplies>;
  limiterState(meter: string): Promise<LimiterState>;
}
