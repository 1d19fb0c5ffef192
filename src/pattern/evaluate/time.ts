// Instants for the temporal rules of STIX 2.1 section 9.7: nanoseconds since the epoch as bigint,
// so timestamps written with and without fractional seconds compare exactly (digits past the
// ninth, which no clock produces, are dropped).

import { parseTimestamp } from '../../stix/timestamp.js';
import type { FloatConstant, IntegerConstant } from '../ast.js';

export type Instant = bigint;

const NANOS_PER_MILLI = 1_000_000n;
const NANOS_PER_SECOND = 1_000_000_000n;

/** The instant a STIX timestamp names, or undefined when the text is not a STIX timestamp. */
export function instantOf(timestamp: string): Instant | undefined {
  const parsed = parseTimestamp(timestamp);
  if (parsed === undefined) return undefined;
  // epochMs already holds the first three fraction digits; add the next six.
  const subMilli = parsed.fraction.length > 3 ? parsed.fraction.slice(3, 9).padEnd(6, '0') : '0';
  return BigInt(parsed.epochMs) * NANOS_PER_MILLI + BigInt(subMilli);
}

/** An instant known to be valid (observation times and checked pattern constants). */
export function instantOfValid(timestamp: string): Instant {
  const instant = instantOf(timestamp);
  if (instant === undefined) throw new Error(`not a STIX timestamp: ${timestamp}`);
  return instant;
}

/**
 * The length of `WITHIN n SECONDS` in nanoseconds, read from the constant's source text so that
 * a float such as 0.1 is taken exactly rather than through binary floating point.
 */
export function durationOf(seconds: IntegerConstant | FloatConstant): bigint {
  const match = /^\+?(\d*)(?:\.(\d*))?$/.exec(seconds.text);
  if (match === null) return BigInt(Math.round(seconds.value * 1e9));
  const whole = match[1] === undefined || match[1] === '' ? 0n : BigInt(match[1]);
  const fraction = (match[2] ?? '').slice(0, 9).padEnd(9, '0');
  return whole * NANOS_PER_SECOND + BigInt(fraction);
}
