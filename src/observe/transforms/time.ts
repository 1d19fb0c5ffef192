// Times as sensors write them, to STIX timestamps (UTC, "Z", the fraction kept to the digits given):
// Windows "2020-10-22 02:58:04.123" (Sysmon's UtcTime, UTC without a zone), ISO 8601 with an offset
// (Suricata's "2023-02-28T11:34:02.133169+0000"), .NET's seven fractional digits, and epoch seconds
// with a fraction (Zeek's ts). Every result is a STIX timestamp, by construction or checked: the
// pattern engine refuses observations whose times are not, and the mapping trusts these transforms.

import { timestampPrecision } from '../../stix/timestamp.js';
import { string } from './values.js';

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function checked(timestamp: string): string | undefined {
  return timestampPrecision(timestamp) >= 0 ? timestamp : undefined;
}

// Events of a stream fall on few days: a day's date is formatted once, the time of day by arithmetic.
let formattedDay = Number.NaN;
let dayPrefix: string | undefined;

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** Whole seconds since the epoch as "YYYY-MM-DDTHH:mm:ss", or undefined out of Date's range. */
function wholeSeconds(epochSeconds: number): string | undefined {
  const day = Math.floor(epochSeconds / 86_400);
  if (day !== formattedDay) {
    const date = new Date(day * 86_400_000);
    dayPrefix = Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 11);
    formattedDay = day;
  }
  if (dayPrefix === undefined) return undefined;
  const second = epochSeconds - day * 86_400;
  const hours = Math.floor(second / 3600);
  const minutes = Math.floor((second % 3600) / 60);
  return `${dayPrefix}${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(second % 60)}`;
}

const SPACE = 0x20;
const LETTER_T = 0x54;
const ZULU = 0x5a;

const PLUS = 0x2b;
const MINUS = 0x2d;

/** Whether an offset's sign ("+0000", "+00:00", "+00") ends the value: no form utcTimestamp takes. */
function endsInOffset(value: string): boolean {
  for (const back of [3, 5, 6]) {
    const code = value.charCodeAt(value.length - back);
    if (code === PLUS || code === MINUS) return true;
  }
  return false;
}

/**
 * The common forms without the regular expression: a STIX timestamp as it is, and Sysmon's
 * "YYYY-MM-DD HH:MM:SS.fff" with "T" and "Z" put in when that makes one. Undefined for everything
 * else, which timestamp reads in full (with the same result for these forms).
 */
function utcTimestamp(value: string): string | undefined {
  const last = value.charCodeAt(value.length - 1);
  const between = value.charCodeAt(10);
  if (last === ZULU) return between === LETTER_T ? checked(value) : undefined;
  if ((between !== SPACE && between !== LETTER_T) || !(last >= 0x30 && last <= 0x39)) return undefined;
  // Suricata's times end in an offset: the regular expression applies it.
  if (endsInOffset(value)) return undefined;
  return checked(`${value.slice(0, 10)}T${value.slice(11)}Z`);
}

/**
 * A date and time in ISO 8601 or Windows' "YYYY-MM-DD HH:MM:SS[.f]" form. Without a zone the time is
 * taken as UTC (Sysmon's UtcTime, Suricata's certificate validity); an offset is applied.
 */
export function timestamp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const utc = utcTimestamp(value);
  if (utc !== undefined) return utc;
  const match = DATE_TIME.exec(value);
  if (match === null) return undefined;
  const [, date, time, fraction = '', zone = 'Z'] = match as unknown as [
    string,
    string,
    string,
    string?,
    string?,
  ];
  if (zone === 'Z' || zone === 'z' || /^[+-]00:?(?:00)?$/.test(zone))
    return checked(`${date}T${time}${fraction}Z`);
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  const local = Date.parse(`${date}T${time}Z`);
  if (Number.isNaN(local)) return undefined;
  const whole = wholeSeconds((local - sign * offsetMinutes * 60_000) / 1000);
  return whole === undefined ? undefined : checked(`${whole}${fraction}Z`);
}

const EPOCH = /^(\d{1,11})(?:\.(\d+))?$/;

// A record's time is often read twice (a Zeek connection's ts is the event time and its start).
let lastEpoch: unknown;
let lastEpochTimestamp: string | undefined;

/** Epoch seconds (a number or its text, with a fraction) as a timestamp; ISO text is read as such. */
export function epoch(value: unknown): string | undefined {
  if (value === lastEpoch) return lastEpochTimestamp;
  lastEpochTimestamp = epochTimestamp(value);
  lastEpoch = value;
  return lastEpochTimestamp;
}

function epochTimestamp(value: unknown): string | undefined {
  const text = string(value);
  if (text === undefined) return undefined;
  const match = EPOCH.exec(text);
  if (match === null) return timestamp(text);
  const whole = wholeSeconds(Number(match[1]));
  if (whole === undefined) return undefined;
  return match[2] === undefined ? `${whole}Z` : `${whole}.${match[2]}Z`;
}

/** Epoch seconds as a timestamp without a fraction (PE compile times are precise to the second). */
export function epochSeconds(value: unknown): string | undefined {
  const text = string(value);
  const match = text === undefined ? null : EPOCH.exec(text);
  if (match === null) return undefined;
  const whole = wholeSeconds(Number(match[1]));
  return whole === undefined ? undefined : `${whole}Z`;
}

/** Epoch milliseconds (SIEM exports often use them) as a timestamp. */
export function epochMillis(value: unknown): string | undefined {
  const text = string(value);
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  const date = new Date(Number(text));
  // Past year 9999 toISOString writes six-digit years, which are no STIX timestamps.
  return Number.isNaN(date.getTime()) ? undefined : checked(date.toISOString());
}

/** The end of a Zeek connection from [ts, duration], to the microsecond Zeek logs. */
export function zeekEnd(values: readonly unknown[]): string | undefined {
  const start = Number(string(values[0]));
  const duration = Number(string(values[1]));
  // Bounded as epoch's input is, so that the year has four digits.
  if (!(start >= 0 && duration >= 0 && start + duration < 1e11)) return undefined;
  const micros = Math.round(start * 1e6) + Math.round(duration * 1e6);
  const whole = wholeSeconds(Math.floor(micros / 1e6));
  if (whole === undefined) return undefined;
  return `${whole}.${String(micros % 1e6).padStart(6, '0')}Z`;
}
