import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { formatMicros } from '../../stix/timestamp.js';
import { StoreError } from '../store.js';
import { openSqliteStore } from './index.js';
import { PageReader } from './page-reader.js';

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
      // Rows of (date_added, json) as listJson's queries read them; titles stand in for the texts.
      const query = (n: number, limit: number) => ({
        sql: 'SELECT ?, title FROM collections WHERE id = ? UNION ALL SELECT ? + 1, ?',
        params: [n, collection.id, n, `{"n":${n}}`],
        limit,
      });
      const pages = await Promise.all(
        Array.from({ length: 8 }, (_, n) => reader.read(query(n, 1 + (n % 2)))),
      );
      pages.forEach((page, n) => {
        assert.ok(page !== undefined && Buffer.isBuffer(page.objects));
        const { objects, ...rest } = page;
        const texts = n % 2 === 0 ? [collection.title] : [collection.title, `{"n":${n}}`];
        assert.equal(objects.toString('utf8'), texts.join(','));
        assert.deepEqual(rest, {
          count: texts.length,
          firstAdded: formatMicros(BigInt(n)),
          lastAdded: formatMicros(BigInt(n + texts.length - 1)),
          ...(n % 2 === 0 ? { next: rest.next } : {}),
        });
        if (n % 2 === 0) assert.ok(rest.next, 'a row past the limit: a next page');
      });
      const small = await reader.read({ sql: "SELECT 1, '{}'", params: [], limit: 10 });
      assert.equal(small?.objects.toString(), '{}', "a page within Buffer's pool crosses as a copy");
      assert.equal(small?.objects.buffer.byteLength, 2, 'copied out of the pool, not the pool cloned');
      await assert.rejects(
        reader.read({ sql: 'SELECT nothing FROM nowhere', params: [], limit: 1 }),
        StoreError,
      );
      await assert.rejects(
        reader.read({ sql: 'DELETE FROM collections RETURNING key, id', params: [], limit: 1 }),
        /readonly/i,
      );
      const count = await reader.read({ sql: 'SELECT 1, count(*) FROM collections', params: [], limit: 1 });
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
      assert.equal(await reader.read({ sql: 'SELECT 1, 2', params: [], limit: 1 }), undefined);
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
    try {
      const reader = PageReader.start(path, 2);
      assert.ok(await reader.read({ sql: 'SELECT 1, 2', params: [], limit: 1 }));
      await reader.stop();
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(warned, []);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
