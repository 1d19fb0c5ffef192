// Registers SQLite in the shared conformance suite, then checks what only a file on disk shows:
// reopening, schema versions, and each driver failure arriving as a StoreError.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { StixRecord } from '../../stix/object.js';
import { rowOf } from '../common.js';
import { assertUpgraded, runStoreConformance, UPGRADE_COLLECTION, upgradeRecords } from '../conformance.js';
import { StoreError } from '../store.js';
import { BACKGROUND_FROM_BYTES, Checkpointer, WalCheckpoints, walBytes } from './checkpointer.js';
import { addedRows, IdIndexMerges } from './id-index.js';
import { createSqliteStore, openSqliteStore } from './index.js';
import { SQLITE_MIGRATIONS } from './migrations.js';

const folder = mkdtempSync(join(tmpdir(), 'dreamcatcher-sqlite-'));
after(() => rmSync(folder, { recursive: true, force: true }));

let files = 0;
function freshPath(): string {
  return join(folder, `store-${++files}.db`);
}

runStoreConformance('sqlite in memory', (options) => openSqliteStore({ path: ':memory:', ...options }));
runStoreConformance('sqlite file', (options) => openSqliteStore({ path: freshPath(), ...options }));
runStoreConformance('sqlite file, puts and pages on threads of their own (as a server opens it)', (options) =>
  openSqliteStore({ path: freshPath(), ...options, writerThread: true, readerThreads: 1 }),
);
// Every few rows merged, on both connections that write: queries by id meet entries in both parts.
runStoreConformance('sqlite file, the id index merged every 3 rows, puts on a writer thread', (options) =>
  openSqliteStore({ path: freshPath(), ...options, writerThread: true, idMergeRows: 3 }),
);

function ipv4(n: number): StixRecord {
  const object = {
    type: 'ipv4-addr',
    id: `ipv4-addr--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    value: `10.0.0.${n}`,
  };
  return { object, json: JSON.stringify(object) };
}

async function assertStoreError(
  promise: Promise<unknown>,
  code: StoreError['code'],
  mention: string,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.ok(error.message.includes(mention), `"${error.message}" names ${mention}`);
    return true;
  });
}

describe('sqlite file', () => {
  it('leaves checkpoints to the writer thread: the serving connection makes none of its own', async () => {
    const path = freshPath();
    const db = new Database(path);
    const store = createSqliteStore(db, { path, writerThread: true });
    try {
      assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0);
    } finally {
      await store.close();
    }
  });

  it('refuses the writes of a dreamcatcher from before migration 4, which knew the table as objects', async () => {
    const path = freshPath();
    const store = await openSqliteStore({ path });
    const collection = await store.createCollection({ title: 'old writer' });
    await store.put(collection.id, [ipv4(1)]);
    await store.close();
    const db = new Database(path);
    try {
      const row = rowOf(ipv4(2));
      const writes = [
        () =>
          db
            .prepare(
              `INSERT INTO objects (date_added, collection_key, id, id_key, type, version, version_key, spec_version,
                 revoked, is_first, is_latest, search_text, tlp_rank, created_by, json)
               VALUES (1, (SELECT key FROM collections WHERE id = ?), ?, 7, ?, '', '', '2.1', 0, 1, 1, '', 0, '', ?)`,
            )
            .run(collection.id, row.id, row.type, row.json),
        () => db.prepare('UPDATE objects SET is_latest = 0').run(),
        () => db.prepare('DELETE FROM objects').run(),
      ];
      for (const write of writes) assert.throws(write, /upgraded by a newer dreamcatcher/);
      // Its reads still see what is stored.
      assert.equal(db.prepare('SELECT count(*) FROM objects').pluck().get(), 1);
    } finally {
      db.close();
    }
  });

  it('answers a page read again from memory, and anew after any connection changed the file', async () => {
    const path = freshPath();
    const store = await openSqliteStore({ path, writerThread: true, readerThreads: 1 });
    const other = await openSqliteStore({ path });
    // Closed whatever happens: the store's threads would keep the test process from ending.
    try {
      const collection = await store.createCollection({ title: 'pages' });
      const page = () => store.listJson({ collection: collection.id }, { limit: 10 });
      /** Reads the page until it is kept (from its second reading on), then returns it. */
      const kept = async () => {
        await page();
        const second = await page();
        const text = second.objects.toString();
        // Its memory lent by the reader thread goes back; the page kept is a copy.
        second.release?.();
        const third = await page();
        assert.equal(third.release, undefined, 'kept: not lent');
        assert.equal(await page(), third, 'the same page, kept once asked for twice');
        await store.listJson({ collection: collection.id }, { limit: 9 });
        assert.equal(third.objects.toString(), text, 'unchanged by reads into the memory it was copied from');
        return third;
      };
      await store.put(collection.id, [ipv4(1)]);
      await kept();
      await store.put(collection.id, [ipv4(2)]);
      assert.equal((await kept()).count, 2, "after the writer thread's commit");
      await other.put(collection.id, [ipv4(3)]);
      assert.equal((await kept()).count, 3, "after another connection's commit");
      await store.delete(ipv4(3).object.id);
      assert.equal((await kept()).count, 2, "after this connection's own delete");
    } finally {
      await other.close();
      await store.close();
    }
  });

  it('keeps objects, collections and the date_added counter across reopening', async () => {
    const path = freshPath();
    const first = await openSqliteStore({ path, clock: () => 1_000 });
    const collection = await first.createCollection({ title: 'kept' });
    await first.put(collection.id, [ipv4(1), ipv4(2)]);
    // The newest row goes, yet its date_added must never be handed out again.
    await first.delete(ipv4(2).object.id);
    await first.close();

    const second = await openSqliteStore({ path, clock: () => 1_000 });
    try {
      assert.deepEqual(await second.listCollections(), [collection]);
      const [outcome] = await second.put(collection.id, [ipv4(3)]);
      assert.deepEqual(outcome, { status: 'added', dateAdded: '1970-01-01T00:00:01.000002Z' });
      assert.equal((await second.get(ipv4(1).object.id))[0]?.json, ipv4(1).json);
    } finally {
      await second.close();
    }
  });

  it('reads the last date_added under the write lock when two connections share the file', async () => {
    const path = freshPath();
    const a = await openSqliteStore({ path, clock: () => 5_000 });
    const b = await openSqliteStore({ path, clock: () => 5_000 });
    try {
      const collection = await a.createCollection({ title: 'shared' });
      const dates: string[] = [];
      for (let i = 0; i < 6; i++) {
        const [outcome] = await (i % 2 === 0 ? a : b).put(collection.id, [ipv4(i)]);
        assert.equal(outcome?.status, 'added');
        if (outcome?.status === 'added') dates.push(outcome.dateAdded);
      }
      assert.deepEqual(
        dates,
        [0, 1, 2, 3, 4, 5].map((i) => `1970-01-01T00:00:05.00000${i}Z`),
      );
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('records each migration once and applies nothing on reopening', async () => {
    const path = freshPath();
    await (await openSqliteStore({ path })).close();
    await (await openSqliteStore({ path })).close();
    const db = new Database(path, { readonly: true });
    try {
      const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      assert.deepEqual(
        applied,
        SQLITE_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
      );
    } finally {
      db.close();
    }
  });

  it('gives a new file 8 KiB pages and leaves an existing file its own', async () => {
    const pageSize = (path: string): number => {
      const db = new Database(path, { readonly: true });
      try {
        return db.pragma('page_size', { simple: true }) as number;
      } finally {
        db.close();
      }
    };
    const fresh = freshPath();
    await (await openSqliteStore({ path: fresh })).close();
    assert.equal(pageSize(fresh), 8192);

    const older = freshPath();
    const db = new Database(older);
    db.pragma('page_size = 16384');
    db.exec('CREATE TABLE kept (x INTEGER)');
    db.close();
    await (await openSqliteStore({ path: older })).close();
    assert.equal(pageSize(older), 16384);
  });

  it("keeps the savepoints' journals of a group commit in memory, not in temporary files", async () => {
    const db = new Database(freshPath());
    const store = createSqliteStore(db, { path: db.name });
    try {
      assert.equal(db.pragma('temp_store', { simple: true }), 2);
    } finally {
      await store.close();
    }
  });

  it('maps the file for reading, a million objects and more', async () => {
    const db = new Database(freshPath());
    const store = createSqliteStore(db, { path: db.name });
    try {
      // The build caps the size (just under 2 GiB for better-sqlite3's); 0 would mean no mapping.
      assert.ok((db.pragma('mmap_size', { simple: true }) as number) >= 1024 * 1024 * 1024);
    } finally {
      await store.close();
    }
  });

  it('upgrades a database written with migration 1 only, giving every row its access columns', async () => {
    const path = freshPath();
    const db = new Database(path);
    const [first] = SQLITE_MIGRATIONS;
    assert.ok(first !== undefined);
    // What an older dreamcatcher left: schema 1 and objects in it.
    db.exec(`CREATE TABLE schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT`);
    db.exec(first.sql);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, ?, 'then')").run(
      first.name,
    );
    db.prepare(
      'INSERT INTO collections (key, id, title, description, created) VALUES (1, ?, ?, NULL, ?)',
    ).run(UPGRADE_COLLECTION.id, UPGRADE_COLLECTION.title, UPGRADE_COLLECTION.created);
    const insert = db.prepare(
      `INSERT INTO objects (date_added, collection_key, id, type, version, version_key, spec_version, revoked,
         is_first, is_latest, search_text, json)
       VALUES (?, 1, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?)`,
    );
    const records = upgradeRecords();
    db.transaction(() => {
      records.map(rowOf).forEach((row, i) => {
        insert.run(
          i + 1,
          row.id,
          row.type,
          row.version,
          row.versionKey,
          row.specVersion,
          0,
          row.searchText,
          row.json,
        );
      });
      db.prepare("UPDATE counters SET value = ? WHERE name = 'last_date_added'").run(records.length);
    })();
    db.close();

    const store = await openSqliteStore({ path });
    try {
      await assertUpgraded(store);
    } finally {
      await store.close();
    }
    const upgraded = new Database(path, { readonly: true });
    try {
      assert.deepEqual(
        upgraded.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(),
        SQLITE_MIGRATIONS.map((m) => m.version),
      );
    } finally {
      upgraded.close();
    }
  });

  it('refuses a database written by a newer schema, without touching it', async () => {
    const path = freshPath();
    await (await openSqliteStore({ path })).close();
    const db = new Database(path);
    db.prepare(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'then')",
    ).run();
    db.close();
    await assertStoreError(openSqliteStore({ path }), 'schema', '999');
  });

  it('reports a missing folder, a path through a file, and a file that is not a database', async () => {
    await assertStoreError(
      openSqliteStore({ path: join(folder, 'missing', 'x.db') }),
      'io',
      join(folder, 'missing'),
    );
    const plain = join(folder, 'plain.txt');
    writeFileSync(plain, 'not a database, just some text that is long enough to fill a header. '.repeat(20));
    await assertStoreError(openSqliteStore({ path: join(plain, 'x.db') }), 'io', plain);
    await assertStoreError(openSqliteStore({ path: plain }), 'io', 'not a SQLite database');
  });

  it('reports a full disk as disk-full and keeps the batch out', async () => {
    const path = freshPath();
    const db = new Database(path);
    const store = createSqliteStore(db, { path });
    try {
      const collection = await store.createCollection({ title: 'full' });
      // A page limit just above the current size stands in for a full disk.
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages + 2}`);
      const big = Array.from({ length: 2000 }, (_, i) => ipv4(i));
      await assertStoreError(store.put(collection.id, big), 'disk-full', path);
      assert.equal(await store.count({}), 0);
      const text = 'x'.repeat(100_000);
      await assertStoreError(store.putRecord('big', 'one', text), 'disk-full', path);
      await assertStoreError(
        store.appendAudit({ actor: 'a', action: 'b', target: 'c', details: text }),
        'disk-full',
        path,
      );
      assert.deepEqual(await store.listRecords('big'), []);
      assert.deepEqual(await store.listAudit({ limit: 1 }), []);
    } finally {
      await store.close();
    }
  });

  it('reports writing to a read-only database as read-only', async () => {
    const path = freshPath();
    const writable = await openSqliteStore({ path });
    const collection = await writable.createCollection({ title: 'ro' });
    await writable.putRecord('kind', 'kept', 1);
    await writable.close();
    const store = createSqliteStore(new Database(path, { readonly: true }), { path });
    try {
      assert.equal((await store.getCollection('ro'))?.id, collection.id);
      await assertStoreError(store.put(collection.id, [ipv4(1)]), 'read-only', path);
      await assertStoreError(store.putRecord('kind', 'new', 1), 'read-only', path);
      await assertStoreError(store.putRecord('kind', 'kept', 2, { ifAbsent: true }), 'read-only', path);
      await assertStoreError(store.deleteRecord('kind', 'kept'), 'read-only', path);
      await assertStoreError(store.appendAudit({ actor: 'a', action: 'b', target: 'c' }), 'read-only', path);
      assert.deepEqual(await store.listRecords('kind'), [{ key: 'kept', value: 1 }]);
    } finally {
      await store.close();
    }
  });

  it("copies the WAL into the database file from the checkpointer's thread, which ends when stopped", async () => {
    const path = freshPath();
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (x TEXT)');
    const insert = db.prepare('INSERT INTO t (x) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run('x'.repeat(2000));
    })();
    const before = statSync(path).size;
    assert.ok(walBytes(path) > 1_000_000, 'the rows are in the WAL only');
    const checkpointer = Checkpointer.start(path, 5);
    try {
      // Wait for the thread's first checkpoint, which grows the file by the rows' pages as it
      // copies them.
      const copied = () => statSync(path).size > before + 1_000_000;
      for (let tries = 0; tries < 1000 && !copied(); tries++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      assert.ok(copied(), 'the WAL was copied into the file');
    } finally {
      await checkpointer.stop();
      db.close();
    }
  });

  it('checkpoints in a thread once its WAL has grown, and closing still removes the WAL', async () => {
    const path = freshPath();
    const db = new Database(path);
    const store = createSqliteStore(db, { path });
    const collection = await store.createCollection({ title: 'busy' });
    const batch = (b: number) =>
      Array.from({ length: 500 }, (_, i) => ipv4(b * 500 + i)).map(({ object }) => {
        const padded = { ...object, x_padding: 'p'.repeat(2000) };
        return { object: padded, json: JSON.stringify(padded) };
      });
    await store.put(collection.id, batch(0));
    // A short run keeps SQLite's own checkpoints.
    assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
    for (let b = 1; walBytes(path) < BACKGROUND_FROM_BYTES; b++) await store.put(collection.id, batch(b));
    await store.put(collection.id, batch(1000));
    assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0);
    await store.close();
    assert.equal(existsSync(`${path}-wal`), false);
  });

  it('checkpoints on the serving connection itself once the WAL passes its limit, so it starts over', async () => {
    const path = freshPath();
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x TEXT)');
    const insert = db.prepare('INSERT INTO t (x) VALUES (?)');
    const write = () =>
      db.transaction(() => {
        for (let i = 0; i < 200; i++) insert.run('x'.repeat(2000));
      })();
    // A thread that never gets to checkpoint: its first is due an hour after it starts.
    const checkpoints = new WalCheckpoints(db, path, {
      backgroundFrom: 1,
      limit: 2_000_000,
      intervalMs: 3_600_000,
    });
    try {
      write();
      checkpoints.afterCommit();
      assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0);
      while (walBytes(path) <= 2_000_000) {
        write();
        checkpoints.afterCommit();
      }
      const [state] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
      assert.ok(
        state !== undefined && state.log > 0 && state.checkpointed === state.log,
        JSON.stringify(state),
      );
    } finally {
      await checkpoints.stop();
      db.close();
    }
  });
});

// The id index's two parts (id-index.ts): when entries move from the recent part to the merged one,
// and that a merge that cannot run loses nothing. That queries by id find entries in either part is
// the conformance suite's, run above with merges every few rows.
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
    const path = freshPath();
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

  it('merges on the writer thread too, after answering the commit', async () => {
    const path = freshPath();
    const store = await openSqliteStore({ path, writerThread: true, idMergeRows: 3 });
    try {
      const collection = await store.createCollection({ title: 'writer merges' });
      await store.put(collection.id, [1, 2, 3, 4].map(ipv4));
    } finally {
      // Closing waits for what the thread does after its answer.
      await store.close();
    }
    assert.deepEqual(parts(path), { recent: 0, merged: 4 });
  });

  it('leaves the entries where they are when a merge fails, and tries again once as many more have come', async () => {
    const path = freshPath();
    const store = await openSqliteStore({ path });
    const collection = await store.createCollection({ title: 'busy' });
    await store.put(collection.id, [1, 2].map(ipv4));
    await store.close();
    const warnings: string[] = [];
    const onWarning = (warning: Error & { code?: string }) => warnings.push(String(warning.code));
    process.on('warning', onWarning);
    const db = new Database(path, { timeout: 1 });
    const other = new Database(path);
    const readOnly = new Database(path, { readonly: true });
    try {
      const merges = new IdIndexMerges(db, 2);
      other.prepare('BEGIN IMMEDIATE').run();
      assert.doesNotThrow(() => merges.afterCommit(0));
      assert.deepEqual(parts(path), { recent: 2, merged: 0 });
      other.prepare('ROLLBACK').run();
      merges.afterCommit(1);
      assert.deepEqual(parts(path), { recent: 2, merged: 0 }, 'not before two more rows');
      merges.afterCommit(1);
      assert.deepEqual(parts(path), { recent: 0, merged: 2 });
      // Any other failure is reported, once.
      const refused = new IdIndexMerges(readOnly, 1);
      refused.afterCommit(1);
      refused.afterCommit(1);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(warnings, ['DREAMCATCHER_ID_INDEX_MERGE_FAILED'], 'a busy lock is not reported');
    } finally {
      process.off('warning', onWarning);
      readOnly.close();
      other.close();
      db.close();
    }
  });

  it('fails a group at once when its transaction cannot start, without trying its puts again one by one', async () => {
    const path = freshPath();
    const statements: string[] = [];
    const db = new Database(path, { verbose: (sql) => statements.push(String(sql)) });
    const store = createSqliteStore(db, { path });
    const other = new Database(path);
    try {
      const collection = await store.createCollection({ title: 'locked' });
      db.pragma('busy_timeout = 20');
      other.prepare('BEGIN IMMEDIATE').run();
      statements.length = 0;
      const results = await Promise.allSettled([
        store.put(collection.id, [ipv4(1)]),
        store.put(collection.id, [ipv4(2)]),
      ]);
      assert.deepEqual(
        results.map((result) => result.status),
        ['rejected', 'rejected'],
      );
      assert.equal(statements.filter((sql) => sql === 'BEGIN IMMEDIATE').length, 1);
    } finally {
      other.close();
      await store.close();
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
