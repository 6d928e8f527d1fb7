// An instant written in a profile (ISO 8601 / RFC 3339 with its offset: 2026-06-15T12:10:05+09:00) must
// be a real one. Date.parse gives NaN for hour 25 — every case of the run then fails with an ERROR — and
// silently moves 2026-02-31 to 3 March, so the checks are explicit: month, day of that month (leap years
// included), hour, minute, second and offset.

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number) =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** What does not exist in `text` (e.g. "there is no hour 25"), or undefined when it is a real instant. */
export function instantProblem(text: string): string | undefined {
  const m = INSTANT.exec(text);
  if (!m) return 'it is not written YYYY-MM-DDThh:mm[:ss]±hh:mm';
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [1, 2, 3, 4, 5, 6, 8, 9].map(
    (i) => Number(m[i] ?? 0),
  ) as [number, number, number, number, number, number, number, number];
  const missing: string[] = [];
  if (month < 1 || month > 12) {
    missing.push(`no month ${month}`);
    if (day < 1 || day > 31) missing.push(`no day ${day}`);
  } else if (day < 1 || day > daysIn(year, month)) {
    missing.push(`${MONTHS[month - 1]} ${year} has no day ${day}`);
  }
  if (hour > 23) missing.push(`no hour ${hour}`);
  if (minute > 59) missing.push(`no minute ${minute}`);
  if (second > 59) missing.push(`no second ${second}`);
  if (offsetHours > 23) missing.push(`no offset of ${offsetHours} hours`);
  if (offsetMinutes > 59) missing.push(`no offset of ${offsetMinutes} minutes`);
  if (missing.length === 0 && Number.isNaN(Date.parse(text))) return 'Date.parse cannot read it';
  if (missing.length === 0) return undefined;
  // "there is no month 13, no day 45", "February 2026 has no day 31, there is no hour 25"
  return missing
    .map((part, i) =>
      part.startsWith('no ') && !missing[i - 1]?.startsWith('no ') ? `there is ${part}` : part,
    )
    .join(', ');
}
