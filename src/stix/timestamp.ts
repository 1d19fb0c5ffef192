// STIX timestamps: RFC 3339 in UTC with a literal "Z", "YYYY-MM-DDTHH:mm:ss[.s+]Z", kept exactly to
// the precision they were written with. Comparison and sorting go through sortKey(), which orders
// timestamps of different precision correctly as plain strings.

// "YYYY-MM-DDTHH:mm:ss" then an optional fraction and "Z": the separators at fixed positions.
const SEPARATORS: ReadonlyArray<readonly [number, number]> = [
  [4, 0x2d], // -
  [7, 0x2d], // -
  [10, 0x54], // T
  [13, 0x3a], // :
  [16, 0x3a], // :
];
const DOT = 0x2e;
const ZULU = 0x5a;

/** 400 Gregorian years: 146,097 days. */
const GREGORIAN_CYCLE_MS = 146_097 * 86_400_000;

export interface ParsedTimestamp {
  /** Milliseconds since the epoch, with sub-millisecond digits dropped. */
  epochMs: number;
  /** The fractional-second digits exactly as written ('' when there were none). */
  fraction: string;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses a STIX timestamp; undefined when the text is not one (wrong syntax or impossible date).
 * Read character by character rather than with a regular expression (timestampPrecision): every
 * observation's times and every indicator's validity go through here, and the expression's match
 * array cost more than the date arithmetic.
 */
export function parseTimestamp(text: string): ParsedTimestamp | undefined {
  const precision = timestampPrecision(text);
  if (precision < 0) return undefined;
  const fraction = precision === 0 ? '' : text.slice(20, text.length - 1);
  const year = digits(text, 0, 4);
  // Date.UTC reads years 0-99 as 1900-1999; the Gregorian calendar repeats every 400 years, so
  // such a year is taken 400 years later and moved back by the exact length of 400 years.
  const early = year < 100;
  const wholeMs =
    Date.UTC(
      early ? year + 400 : year,
      digits(text, 5, 2) - 1,
      digits(text, 8, 2),
      digits(text, 11, 2),
      digits(text, 14, 2),
      digits(text, 17, 2),
    ) - (early ? GREGORIAN_CYCLE_MS : 0);
  return { epochMs: wholeMs + (fraction === '' ? 0 : millisOf(fraction)), fraction };
}

/** The number the `count` ASCII digits at `start` spell, or -1 when one is no digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    // Past 15 digits the value is no longer exact, but only the validity of a long fraction is
    // asked of it.
    value = value * 10 + digit;
  }
  return value;
}

/** The milliseconds of a fraction's digits: its first three, padded. */
function millisOf(fraction: string): number {
  let ms = 0;
  for (let i = 0; i < 3; i++) ms = ms * 10 + (i < fraction.length ? fraction.charCodeAt(i) - 0x30 : 0);
  return ms;
}

export function isTimestamp(text: unknown): text is string {
  return typeof text === 'string' && timestampPrecision(text) >= 0;
}

/**
 * A string that sorts like the instant it names, whatever precision each timestamp was written
 * with: the fraction is padded to nine digits and trailing zeros past nine are dropped, so
 * "…:00Z", "…:00.000Z" and "…:00.000000000Z" share one key and "…:00.1234567891Z" sorts after
 * "…:00.123456789Z". Only call it on text that parseTimestamp accepted.
 */
export function sortKey(timestamp: string): string {
  const dot = timestamp.indexOf('.');
  const whole = dot === -1 ? timestamp.slice(0, -1) : timestamp.slice(0, dot);
  const fraction = dot === -1 ? '' : timestamp.slice(dot + 1, -1);
  let digits = fraction.padEnd(9, '0');
  while (digits.length > 9 && digits.endsWith('0')) digits = digits.slice(0, -1);
  return `${whole}.${digits}`;
}

export function compareTimestamps(a: string, b: string): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

// A store formats the date_added of every row it writes, and a batch hands out thousands of them
// within a few milliseconds: the millisecond part is formatted once and reused.
let formattedMs = Number.NaN;
let formattedMsPrefix = '';

/** Formats microseconds since the epoch as a timestamp with exactly six fractional digits. */
export function formatMicros(micros: bigint): string {
  // Floored, not truncated: an instant before 1970 is a negative count whose remainder is too.
  let sub = micros % 1000n;
  if (sub < 0n) sub += 1000n;
  const ms = Number((micros - sub) / 1000n);
  if (ms !== formattedMs) {
    formattedMsPrefix = new Date(ms).toISOString().slice(0, -1); // "YYYY-MM-DDTHH:mm:ss.sss"
    formattedMs = ms;
  }
  return `${formattedMsPrefix}${sub.toString().padStart(3, '0')}Z`;
}

/** Parses a timestamp to microseconds since the epoch; digits past the sixth are dropped. */
export function toMicros(text: string): bigint | undefined {
  const parsed = parseTimestamp(text);
  if (parsed === undefined) return undefined;
  const wholeMs = parsed.epochMs - (parsed.fraction === '' ? 0 : millisOf(parsed.fraction));
  return BigInt(wholeMs) * 1000n + BigInt(parsed.fraction.slice(0, 6).padEnd(6, '0'));
}

/** Formats an instant as a STIX timestamp with millisecond precision, as created/modified use. */
export function formatMillis(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/**
 * The number of fractional-second digits of a STIX timestamp, or -1 when the text is not one:
 * "YYYY-MM-DDTHH:mm:ss", an optional fraction, "Z", and a date and time that exist. Allocates
 * nothing: validators call it on every timestamp of every object.
 */
export function timestampPrecision(text: string): number {
  const length = text.length;
  if (length < 20 || text.charCodeAt(length - 1) !== ZULU) return -1;
  for (const [at, code] of SEPARATORS) if (text.charCodeAt(at) !== code) return -1;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return -1;
  // A fraction: a dot and at least one digit before the Z.
  if (length > 20 && (text.charCodeAt(19) !== DOT || length === 21 || digits(text, 20, length - 21) < 0)) {
    return -1;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  // Second 60 is a leap second, which RFC 3339 allows.
  if (hour > 23 || minute > 59 || second > 60) return -1;
  return length === 20 ? 0 : length - 21;
}
