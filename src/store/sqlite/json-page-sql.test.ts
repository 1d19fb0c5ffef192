import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMicros } from '../../stix/timestamp.js';
import { decodeCursor } from '../common.js';
import { jsonPageOfRow, literalLimit, ROOM } from './json-page-sql.js';

describe('json-page-sql', () => {
  it('writes a limit out only when it is a safe positive integer, since it goes into the SQL text', () => {
    assert.equal(literalLimit(100), 'LIMIT 100');
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 53, Number.POSITIVE_INFINITY]) {
      assert.throws(() => literalLimit(bad), /not a page limit/, String(bad));
    }
  });

  it('makes a page of the row: the objects between the rooms, the ends, and next only when more follow', () => {
    const body = Buffer.from(`${' '.repeat(ROOM)}{"a":1},{"b":2}${' '.repeat(ROOM)}`);
    const page = jsonPageOfRow([2, 5, 9n, body, 1]);
    assert.equal(page.objects.toString(), '{"a":1},{"b":2}');
    assert.equal(page.objects.buffer, body.buffer, 'not copied');
    assert.equal(page.room, ROOM);
    assert.equal(page.count, 2);
    assert.equal(page.firstAdded, formatMicros(5n));
    assert.equal(page.lastAdded, formatMicros(9n));
    assert.equal(decodeCursor(page.next as string), 9n);
    assert.equal(jsonPageOfRow([2, 5, 9n, body, 0]).next, undefined);
    assert.deepEqual(jsonPageOfRow([0, null, null, null, 0]), { objects: Buffer.alloc(0), count: 0 });
  });
});
