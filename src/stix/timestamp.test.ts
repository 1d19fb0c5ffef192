import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  compareTimestamps,
  formatMicros,
  parseTimestamp,
  sortKey,
  timestampPrecision,
  toMicros,
} from './timestamp.js';

describe('STIX timestamps', () => {
  it('accepts RFC 3339 UTC timestamps at any precision, including a leap second', () => {
    for (const text of [
      '2016-01-20T12:31:12Z',
      '2016-01-20T12:31:12.1Z',
      '2016-01-20T12:31:12.123Z',
      '2016-01-20T12:31:12.123456789Z',
      '2016-12-31T23:59:60Z',
      '2024-02-29T00:00:00Z',
    ]) {
      assert.ok(parseTimestamp(text), text);
    }
  });

  it('rejects what is not one', () => {
    for (const text of [
      '2016-01-20',
      '2016-01-20T12:31:12',
      '2016-01-20T12:31:12+00:00',
      '2016-01-20t12:31:12z',
      '2016-01-20T12:31:12.Z',
      '2016-13-01T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2016-01-20T24:00:00Z',
      '2016-01-20T12:60:00Z',
      ' 2016-01-20T12:31:12Z',
    ]) {
      assert.equal(parseTimestamp(text), undefined, text);
    }
  });

  it('reads exactly what the RFC 3339 UTC grammar accepts, on random near-timestamps', () => {
    // The grammar as a regular expression, with the date checks beside it: the definition the
    // character-by-character reader must agree with.
    const grammar = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;
    // setUTCFullYear, unlike Date.UTC, takes years 0-99 as written.
    const utc = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0) => {
      const date = new Date(0);
      date.setUTCFullYear(year, month, day);
      date.setUTCHours(hour, minute, second, 0);
      return date;
    };
    const reference = (text: string) => {
      const m = grammar.exec(text);
      if (m === null) return undefined;
      const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
      const date = utc(year as number, (month as number) - 1, day as number);
      if (date.getUTCMonth() !== (month as number) - 1 || date.getUTCDate() !== day) return undefined;
      if ((hour as number) > 23 || (minute as number) > 59 || (second as number) > 60) return undefined;
      const fraction = m[7] ?? '';
      const ms = fraction === '' ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
      return {
        epochMs:
          utc(year as number, (month as number) - 1, day as number, hour, minute, second).getTime() + ms,
        fraction,
      };
    };
    const digit = fc.constantFrom(...'0123456789');
    const nearTimestamp = fc
      .record({
        base: fc.date({
          min: new Date('0000-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fraction: fc.option(
          fc.array(digit, { maxLength: 12 }).map((d) => d.join('')),
          { nil: undefined },
        ),
        at: fc.nat(40),
        edit: fc.option(fc.constantFrom('0', '9', '6', '-', ':', 'T', 'Z', '.', 'z', ' ', ''), {
          nil: undefined,
        }),
      })
      .map(({ base, fraction, at, edit }) => {
        const text = `${base.toISOString().slice(0, 19)}${fraction === undefined ? '' : `.${fraction}`}Z`;
        return edit === undefined ? text : `${text.slice(0, at)}${edit}${text.slice(at + 1)}`;
      });
    fc.assert(
      fc.property(nearTimestamp, (text) => {
        assert.deepEqual(parseTimestamp(text), reference(text), text);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads the years 0000 to 0099 as written', () => {
    for (const text of ['0000-02-29T12:00:00.5Z', '0050-03-01T00:00:00Z', '0099-12-31T23:59:59Z']) {
      assert.equal(parseTimestamp(text)?.epochMs, Date.parse(text), text);
    }
    assert.equal(parseTimestamp('0100-02-29T00:00:00Z'), undefined, '100 is no leap year');
  });

  it('formats microseconds before 1970 and before year 100 back to the same text', () => {
    for (const text of [
      '1969-12-31T23:59:59.999999Z',
      '0050-06-15T01:02:03.000001Z',
      '2026-11-27T12:00:00.123456Z',
    ]) {
      assert.equal(formatMicros(toMicros(text) as bigint), text);
    }
  });

  it('keeps the precision it was written with', () => {
    assert.equal(timestampPrecision('2016-01-20T12:31:12Z'), 0);
    assert.equal(timestampPrecision('2016-01-20T12:31:12.120Z'), 3);
    assert.equal(timestampPrecision('nope'), -1);
  });

  it('sorts timestamps of different precision by the instant they name', () => {
    const ordered = [
      '2016-01-20T12:31:12Z',
      '2016-01-20T12:31:12.000001Z',
      '2016-01-20T12:31:12.1Z',
      '2016-01-20T12:31:12.123456789Z',
      '2016-01-20T12:31:12.1234567891Z',
      '2016-01-20T12:31:13Z',
    ];
    const shuffled = [...ordered].reverse().sort(compareTimestamps);
    assert.deepEqual(shuffled, ordered);
    assert.equal(sortKey('2016-01-20T12:31:12Z'), sortKey('2016-01-20T12:31:12.000000000Z'));
    assert.equal(sortKey('2016-01-20T12:31:12.5Z'), sortKey('2016-01-20T12:31:12.5000000000Z'));
  });

  it('round-trips microseconds', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 253402300799999999n }), (micros) => {
        const text = formatMicros(micros);
        assert.equal(toMicros(text), micros);
        assert.equal(timestampPrecision(text), 6);
      }),
    );
    assert.equal(formatMicros(1n), '1970-01-01T00:00:00.000001Z');
    assert.equal(toMicros('1970-01-01T00:00:01.5Z'), 1_500_000n);
  });
});
