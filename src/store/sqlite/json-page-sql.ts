// A page of listJson as SQLite makes it: one row, the page's JSON texts already joined by SQLite
// into one blob. Reading a hundred texts as JavaScript strings, joining them and encoding the
// result again cost a reader thread 30% more (121-126 against 85-86 µs of CPU a page of 100
// indicators out of a million, same WHERE, LIMIT written out in both), and each text was a string
// for its garbage collector.
//
// The blob has ROOM spaces before and after the texts, so that whoever sends the page can write
// the envelope around them in place (JsonPage.room, framePage in store.ts) instead of copying
// 90 KB into a new buffer: on the serving thread, each such buffer is external memory, and
// external memory is what started most of its full garbage collections.
//
// group_concat is fed the rows of the subquery in its ORDER BY order: the subquery has a LIMIT, so
// SQLite runs it as a co-routine yielding rows in order, and the aggregate appends them as they
// come. SQLite's documentation calls that order arbitrary without an ORDER BY inside the call,
// which sorts the texts again (+47 µs a page); the store conformance suite compares every page of
// listJson with list's (conformance.ts, "answers listJson with the texts"), so that an upgrade of
// SQLite that changes the order fails there.

import { formatMicros } from '../../stix/timestamp.js';
import { encodeCursor } from '../common.js';
import type { JsonPage } from '../store.js';

/** Spaces before and after a page's texts. An envelope's head with a cursor is about 60 bytes. */
export const ROOM = 128;

/** The one row of a page's query: count, first and last date_added, the blob, whether more follow. */
export type JsonPageRow = readonly [
  count: number,
  first: number | bigint | null,
  last: number | bigint | null,
  body: Uint8Array | null,
  more: number,
];

/**
 * The SQL of a page of listJson: `where` is the rows' condition ('' or `WHERE ...`), written
 * twice, so its values are bound twice over, in order; `limit` the most rows, a positive integer
 * (see literalLimit). More rows follow when one past the last matches the same condition.
 */
export function jsonPageSql(where: string, limit: number): string {
  const probe = `EXISTS (SELECT 1 FROM stored_objects ${withCondition(where, 'date_added > last')})`;
  const rows = `SELECT date_added, json FROM stored_objects ${where} ORDER BY date_added ${literalLimit(limit)}`;
  const spaces = `printf('%${ROOM}s', '')`;
  return (
    `SELECT count, first, last, body, ${probe} FROM (SELECT count(*) AS count, ` +
    'min(date_added) AS first, max(date_added) AS last, ' +
    `CAST(${spaces} || group_concat(json, ',') || ${spaces} AS BLOB) AS body FROM (${rows}))`
  );
}

/**
 * `LIMIT n` with n written out, never bound: SQLite 3.53 marks a bound LIMIT as a value its plan
 * depends on, and better-sqlite3 binds every parameter on every run, so a statement with `LIMIT ?`
 * was parsed and planned again each time it ran (57 µs of a 63 µs page of three rows; half of a
 * reader thread's time on a page of 100). One statement per limit a client asks for instead, kept
 * by StatementCache. `limit` must be a safe positive integer (checkLimit).
 */
export function literalLimit(limit: number): string {
  if (!(Number.isSafeInteger(limit) && limit > 0)) throw new RangeError(`not a page limit: ${limit}`);
  return `LIMIT ${limit}`;
}

function withCondition(where: string, condition: string): string {
  return where === '' ? `WHERE ${condition}` : `${where} AND ${condition}`;
}

/** The page of a JsonPageRow; its objects lie in the blob, ROOM bytes from either end. */
export function jsonPageOfRow(row: JsonPageRow): JsonPage {
  const [count, first, last, body, more] = row;
  if (count === 0 || first === null || last === null || body === null) {
    return { objects: Buffer.alloc(0), count: 0 };
  }
  const whole = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const page = {
    objects: whole.subarray(ROOM, whole.length - ROOM),
    room: ROOM,
    count,
    firstAdded: formatMicros(BigInt(first)),
    lastAdded: formatMicros(BigInt(last)),
  };
  return more === 0 ? page : { ...page, next: encodeCursor(BigInt(last)) };
}
