// The id index's two parts: when entries move from the recent part to the merged one, and that a
// merge that cannot run loses nothing. That queries by id find entries in either part is the
// conformance suite's, run with merges every few rows (sqlite.test.ts).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { StixRecord } from '../../stix/object.js';
import { addedRows, IdIndexMerges } from './id-index.js';
import { openSqliteStore } from './index.js';

const folder = mkdtempSync(join(tmpdir(), 'dreamcatcher-id-index-'));
after(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

function ipv4(n: number): StixRecord {
  const object = {
    type: 'ipv4-addr',
    id: `ipv4-addr--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    value: `10.0.0.${n}`,
  };
  return { object, json: JSON.stringify(object) };
}

/** Entries in each part of the id index of the file at `path`. */
function parts(path: string): { recent: number; merged: number } {
  const db = new Database(path, { readonly: true });
  try {
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { recent: count('object_ids_recent'), merged: count('object_ids_merged') };
  } finally {
    db.close();
  }
}

describe('id index', () => {
  it('moves the recent entries into the merged part once there are as many as the store merges at, and not before', async () => {
    const path = join(folder, `${++files}.db`);
    const store = await openSqliteStore({ path, idMergeRows: 5 });
    try {
      const collection = await store.createCollection({ title: 'merges' });
      await store.put(collection.id, [1, 2, 3].map(ipv4));
      assert.deepEqual(parts(path), { recent: 3, merged: 0 });
      // A version already stored adds no entry.
      await store.put(collection.id, [ipv4(1)]);
      assert.deepEqual(parts(path), { recent: 3, merged: 0 });
      await store.put(collection.id, [4, 5].map(ipv4));
      assert.deepEqual(parts(path), { recent: 0, merged: 5 });
      await store.put(collection.id, [ipv4(6)]);
      assert.deepEqual(parts(path), { recent: 1, merged: 5 });
      for (const n of [1, 5, 6]) assert.equal((await store.get(ipv4(n).object.id)).length, 1, `object ${n}`);
      assert.equal(await store.delete(ipv4(5).object.id), 1);
      assert.equal(await store.delete(ipv4(6).object.id), 1);
      assert.deepEqual(parts(path), { recent: 0, merged: 4 }, 'a delete takes its entry from either part');
    } finally {
      await store.close();
    }
  });

  it('leaves the entries where they are when a merge cannot take the write lock, and merges after the next commit', async () => {
    const path = join(folder, `${++files}.db`);
    const store = await openSqliteStore({ path });
    const collection = await store.createCollection({ title: 'busy' });
    await store.put(collection.id, [1, 2].map(ipv4));
    await store.close();
    const db = new Database(path, { timeout: 1 });
    const other = new Database(path);
    try {
      const merges = new IdIndexMerges(db, 2);
      other.prepare('BEGIN IMMEDIATE').run();
      assert.doesNotThrow(() => merges.afterCommit(0));
      assert.deepEqual(parts(path), { recent: 2, merged: 0 });
      other.prepare('ROLLBACK').run();
      merges.afterCommit(0);
      assert.deepEqual(parts(path), { recent: 0, merged: 2 });
    } finally {
      other.close();
      db.close();
    }
  });

  it('counts the rows a group added: only puts that succeeded, only outcomes that added', () => {
    assert.equal(
      addedRows([
        {
          ok: true,
          value: [
            { status: 'added', dateAdded: 'a' },
            { status: 'unchanged', dateAdded: 'b' },
          ],
        },
        { ok: false },
        { ok: true, value: [{ status: 'added', dateAdded: 'c' }] },
      ]),
      2,
    );
  });
});
