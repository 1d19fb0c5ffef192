import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { formatMicros } from '../../stix/timestamp.js';
import { StoreError } from '../store.js';
import { openSqliteStore } from './index.js';
import { ROOM } from './json-page-sql.js';
import { MEMORY_STEP, PageReader } from './page-reader.js';

/** SQL of a blob holding `text` with a page's room around it, as json-page-sql.ts makes it. */
const blob = (text: string) => `CAST(printf('%${ROOM}s', '') || ${text} || printf('%${ROOM}s', '') AS BLOB)`;
/** The bytes of new memory for `bytes`: whole steps. */
const wholeSteps = (bytes: number) => Math.ceil(bytes / MEMORY_STEP) * MEMORY_STEP;
/** The row of an empty page. */
const EMPTY_PAGE = 'SELECT 0, NULL, NULL, NULL, 0';

const folder = mkdtempSync(join(tmpdir(), 'dreamcatcher-page-reader-'));
after(() => rmSync(folder, { recursive: true, force: true }));

describe('PageReader', () => {
  it('reads pages on its threads, spreads reads over them, and fails a bad query with a StoreError', async () => {
    const path = join(folder, 'reads.db');
    const store = await openSqliteStore({ path });
    const collection = await store.createCollection({
      title: `a "title" past Buffer's pool: ${'é'.repeat(3000)}`,
    });
    await store.close();
    const reader = PageReader.start(path, 2);
    try {
      // One row as listJson's queries read it (json-page-sql.ts); the title stands in for the texts.
      const query = (n: number) => ({
        sql: `SELECT 1, ?, ?, ${blob('title')}, ? FROM collections WHERE id = ?`,
        params: [n, n, n % 2, collection.id],
      });
      const pages = await Promise.all(Array.from({ length: 8 }, (_, n) => reader.read(query(n))));
      pages.forEach((page, n) => {
        assert.ok(page !== undefined && Buffer.isBuffer(page.objects));
        const { objects, release, ...rest } = page;
        assert.equal(typeof release, 'function', 'lent');
        assert.equal(objects.toString('utf8'), collection.title);
        assert.equal(objects.byteOffset, ROOM, 'moved with its room');
        assert.equal(objects.buffer.byteLength, wholeSteps(objects.byteLength + 2 * ROOM), 'in whole steps');
        assert.deepEqual(rest, {
          count: 1,
          room: ROOM,
          firstAdded: formatMicros(BigInt(n)),
          lastAdded: formatMicros(BigInt(n)),
          ...(n % 2 === 1 ? { next: rest.next } : {}),
        });
        if (n % 2 === 1) assert.ok(rest.next, 'more rows: a next page');
      });
      const small = await reader.read({ sql: `SELECT 1, 1, 1, ${blob("'{}'")}, 0`, params: [] });
      assert.equal(small?.objects.toString(), '{}');
      assert.equal(small?.objects.buffer.byteLength, MEMORY_STEP, "its own memory, not Buffer's pool cloned");
      await assert.rejects(reader.read({ sql: 'SELECT nothing FROM nowhere', params: [] }), StoreError);
      await assert.rejects(
        reader.read({ sql: 'DELETE FROM collections RETURNING 1, 1, 1, NULL, 0', params: [] }),
        /readonly/i,
      );
      const count = await reader.read({
        sql: `SELECT 1, 1, 1, ${blob('count(*)')}, 0 FROM collections`,
        params: [],
      });
      assert.equal(count?.objects.toString(), '1', 'a reader thread cannot write: nothing was deleted');
    } finally {
      await reader.stop();
    }
  });

  it('answers undefined once its threads are lost, so that the store reads on its own connection, and warns once', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error & { code?: string }) => {
      if (warning.code === 'DREAMCATCHER_STORE_THREAD_LOST') warnings.push(warning.message);
    };
    process.on('warning', onWarning);
    try {
      const reader = PageReader.start(join(folder, 'missing', 'none.db'), 1);
      assert.equal(await reader.read({ sql: EMPTY_PAGE, params: [] }), undefined);
      assert.equal(reader.available, false);
      await reader.stop();
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(
        warnings[0] as string,
        /a reader thread of .*none\.db failed: .*its work goes on on the serving connection/,
      );
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('does not warn when it is stopped', async () => {
    const path = join(folder, 'quiet.db');
    await (await openSqliteStore({ path })).close();
    const warned: unknown[] = [];
    const onWarning = (warning: Error & { code?: string }) => {
      if (warning.code === 'DREAMCATCHER_STORE_THREAD_LOST') warned.push(warning);
    };
    process.on('warning', onWarning);
    const reader = PageReader.start(path, 2);
    try {
      assert.equal((await reader.read({ sql: EMPTY_PAGE, params: [] }))?.count, 0);
    } finally {
      await reader.stop();
      process.off('warning', onWarning);
    }
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(warned, []);
  });

  it("lends a page's memory: released, it goes back with the next read, which copies its page into it", async () => {
    const path = join(folder, 'lent.db');
    await (await openSqliteStore({ path })).close();
    const reader = PageReader.start(path, 1);
    const page = async (text: string) => {
      const read = await reader.read({ sql: `SELECT 1, 1, 1, ${blob(`'${text}'`)}, 0`, params: [] });
      assert.ok(read?.release !== undefined, 'lent');
      return { ...read, release: read.release };
    };
    try {
      const big = await page('x'.repeat(MEMORY_STEP + 1));
      const memory = big.objects.buffer;
      const size = memory.byteLength;
      assert.equal(size, 2 * MEMORY_STEP);
      big.release();
      big.release();
      assert.equal(memory.byteLength, size, 'ours until the next read');
      const small = await page('{}');
      assert.equal(memory.byteLength, 0, 'moved back to the thread with the read');
      assert.equal(small.objects.toString(), '{}');
      assert.equal(small.objects.buffer.byteLength, size, "the small page in the big one's memory");
      const other = await page('{"a":1}');
      assert.notEqual(other.objects.buffer.byteLength, size, 'not released: not lent again');
      assert.equal(small.objects.toString(), '{}', 'a page not released stays as it is');
    } finally {
      await reader.stop();
    }
  });
});
