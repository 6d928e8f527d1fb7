// Lengths of time in milliseconds, as clocks count them.
export const MINUTE = 60_000;
export const HALF_HOUR = 30 * MINUTE;
export const DAY = 86_400_000;
