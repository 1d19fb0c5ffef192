// Registers PostgreSQL in the shared conformance suite, then checks what only a shared server
// shows: several stores writing one schema, concurrent migrations, schema versions, and each
// server failure arriving as a StoreError that names the server.

import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { before, describe, it } from 'node:test';
import type { StixRecord } from '../../stix/object.js';
import { rowOf } from '../common.js';
import { assertUpgraded, runStoreConformance, UPGRADE_COLLECTION, upgradeRecords } from '../conformance.js';
import { type Store, type StoredVersion, StoreError } from '../store.js';
import {
  dropSchema,
  freshSchemaName,
  openFreshStore,
  query,
  requireTestServer,
  TEST_POSTGRES_URL,
} from './fresh-schema.js';
import { openPostgresStore } from './index.js';
import { MIGRATIONS } from './migrations.js';

before(requireTestServer);

runStoreConformance('postgres', (options) => openFreshStore(options));

function ipv4(n: number, extra: Record<string, unknown> = {}): StixRecord {
  const object = {
    type: 'ipv4-addr',
    id: `ipv4-addr--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    value: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    ...extra,
  };
  return { object, json: JSON.stringify(object) };
}

/** The test server's URL with a query parameter set, e.g. the schema or startup options. */
function testUrlWith(parameters: Record<string, string>): string {
  const url = new URL(TEST_POSTGRES_URL);
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return url.toString();
}

async function assertStoreError(
  promise: Promise<unknown>,
  code: StoreError['code'],
  mentions: readonly string[],
): Promise<StoreError> {
  let caught: StoreError | undefined;
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    for (const mention of mentions)
      assert.ok(error.message.includes(mention), `"${error.message}" names ${mention}`);
    caught = error;
    return true;
  });
  return caught as StoreError;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

describe('postgres', () => {
  it('keeps date_added unique and paging complete while two stores write one schema at once', async () => {
    const schema = freshSchemaName();
    // A stalled clock makes every date_added come from the shared counter, where a race would show.
    const clock = () => 1_700_000_000_000;
    const a = await openFreshStore({ schema, clock });
    const b = await openPostgresStore({ url: TEST_POSTGRES_URL, schema, clock, poolSize: 4 });
    try {
      const collection = (await a.createCollection({ title: 'shared' })).id;
      const write = async (store: Store, first: number): Promise<string[]> => {
        const dates: string[] = [];
        for (let batch = 0; batch < 15; batch++) {
          const records = Array.from({ length: 40 }, (_, i) => ipv4(first + batch * 40 + i));
          for (const outcome of await store.put(collection, records)) {
            assert.equal(outcome.status, 'added');
            if (outcome.status === 'added') dates.push(outcome.dateAdded);
          }
        }
        return dates;
      };
      let writing = true;
      const writers = Promise.all([write(a, 0), write(b, 100_000)]).finally(() => {
        writing = false;
      });
      // A TAXII client polling with added_after while the writes go on.
      const seen: StoredVersion[] = [];
      for (;;) {
        const finished = !writing;
        const last = seen.at(-1);
        const page = await a.list(
          { collection, ...(last === undefined ? {} : { addedAfter: last.dateAdded }) },
          { limit: 17 },
        );
        seen.push(...page.items);
        if (page.items.length === 0 && finished) break;
      }
      const [fromA, fromB] = await writers;
      const written = [...fromA, ...fromB];
      assert.equal(new Set(written).size, 1200);
      assert.deepEqual(
        seen.map((v) => v.dateAdded),
        [...written].sort(),
      );
      assert.equal(new Set(seen.map((v) => v.id)).size, 1200);
    } finally {
      await b.close();
      await a.close();
    }
  });

  it('migrates once when several stores open a new schema at the same moment', async () => {
    const schema = freshSchemaName();
    const opening = Array.from({ length: 6 }, () =>
      openPostgresStore({ url: TEST_POSTGRES_URL, schema, poolSize: 1 }),
    );
    const stores = await Promise.allSettled(opening);
    try {
      for (const result of stores) assert.equal(result.status, 'fulfilled', String(result));
      assert.deepEqual(
        await query(`SELECT version, name FROM ${schema}.schema_migrations ORDER BY version`),
        MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
      );
    } finally {
      for (const result of stores) if (result.status === 'fulfilled') await result.value.close();
      await dropSchema(schema);
    }
  });

  it('upgrades a schema written with migration 1 only, giving every row its access columns', async () => {
    const schema = freshSchemaName();
    const [first] = MIGRATIONS;
    assert.ok(first !== undefined);
    try {
      // What an older dreamcatcher left: schema 1 and objects in it.
      await query(`
        CREATE SCHEMA ${schema};
        SET search_path TO ${schema};
        CREATE TABLE schema_migrations (
          version integer PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        );
        ${first.sql};
        INSERT INTO schema_migrations (version, name) VALUES (1, 'schema 1');
        INSERT INTO collections (id, title, created)
          VALUES ('${UPGRADE_COLLECTION.id}', '${UPGRADE_COLLECTION.title}', '${UPGRADE_COLLECTION.created}');`);
      const records = upgradeRecords();
      const rows = records.map(rowOf).map((row, i) => ({
        id: row.id,
        version_key: row.versionKey,
        version: row.version,
        type: row.type,
        spec_version: row.specVersion,
        date_added: i + 1,
        search_text: row.searchText,
        json: row.json,
      }));
      await query(
        `INSERT INTO ${schema}.objects (collection_id, id, version_key, version, type, spec_version, date_added,
                                        revoked, is_first, is_latest, search_text, json)
         SELECT $1, r.id, r.version_key, r.version, r.type, r.spec_version, r.date_added, false, true, true,
                r.search_text, r.json
           FROM json_to_recordset($2::json) AS r (id text, version_key text, version text, type text,
                spec_version text, date_added bigint, search_text text, json text)`,
        [UPGRADE_COLLECTION.id, JSON.stringify(rows)],
      );
      await query(`UPDATE ${schema}.date_added_counter SET last_micros = $1`, [records.length]);

      const store = await openFreshStore({ schema });
      try {
        await assertUpgraded(store);
        assert.deepEqual(
          (
            await query<{ version: number }>(
              `SELECT version FROM ${schema}.schema_migrations ORDER BY version`,
            )
          ).map((row) => row.version),
          MIGRATIONS.map((m) => m.version),
        );
        // The defaults only filled the old rows: an insert that forgot the columns would fail.
        assert.deepEqual(
          await query(
            `SELECT column_name, column_default FROM information_schema.columns
              WHERE table_schema = $1 AND table_name = 'objects' AND column_name IN ('tlp_rank', 'created_by')
              ORDER BY column_name`,
            [schema],
          ),
          [
            { column_name: 'created_by', column_default: null },
            { column_name: 'tlp_rank', column_default: null },
          ],
        );
      } finally {
        await store.close();
      }
    } finally {
      await dropSchema(schema);
    }
  });

  it('refuses a schema written by newer code, without touching it', async () => {
    const schema = freshSchemaName();
    const store = await openFreshStore({ schema });
    try {
      await query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES (999, 'future')`);
      await assertStoreError(openPostgresStore({ url: TEST_POSTGRES_URL, schema }), 'schema', [
        '999',
        schema,
      ]);
      const [newest] = await query<{ max: number }>(`SELECT max(version) FROM ${schema}.schema_migrations`);
      assert.equal(newest?.max, 999);
    } finally {
      await store.close();
    }
  });

  it('never hands out a date_added again after the newest rows are deleted, across reopening', async () => {
    const schema = freshSchemaName();
    const first = await openPostgresStore({ url: TEST_POSTGRES_URL, schema, clock: () => 1_000 });
    const collection = await first.createCollection({ title: 'kept' });
    await first.put(collection.id, [ipv4(1), ipv4(2)]);
    await first.delete(ipv4(2).object.id);
    await first.close();
    const second = await openFreshStore({ schema, clock: () => 1_000 });
    try {
      assert.deepEqual(await second.listCollections(), [collection]);
      assert.deepEqual(await second.put(collection.id, [ipv4(3)]), [
        { status: 'added', dateAdded: '1970-01-01T00:00:01.000002Z' },
      ]);
    } finally {
      await second.close();
    }
  });

  it('stores a name holding NUL, an unpaired surrogate and an emoji, serving the JSON unchanged', async () => {
    const store = await openFreshStore();
    try {
      const collection = (await store.createCollection({ title: 'odd' })).id;
      const json = JSON.stringify({
        ...ipv4(1).object,
        name: 'nul\u0000 and \ud800 lone \u{1F600}',
        description: 'Findable',
      });
      const object = JSON.parse(json) as StixRecord['object'];
      assert.equal((await store.put(collection, [{ object, json }]))[0]?.status, 'added');
      assert.equal((await store.get(object.id))[0]?.json, json);
      assert.equal(await store.count({ text: 'FINDABLE' }), 1);
      assert.equal(await store.count({ text: 'nul and' }), 1);
      assert.equal(await store.count({ text: '\ufffd lone \u{1F600}' }), 1);
    } finally {
      await store.close();
    }
  });

  it('takes the schema from the URL and keeps the URL options, reporting a read-only session', async () => {
    const schema = freshSchemaName();
    const writable = await openFreshStore({ schema });
    const readOnly = await openPostgresStore({
      url: testUrlWith({ schema, options: '-c default_transaction_read_only=on' }),
    });
    try {
      const collection = await writable.createCollection({ title: 'ro' });
      assert.deepEqual(await readOnly.getCollection('ro'), collection);
      await assertStoreError(readOnly.put(collection.id, [ipv4(1)]), 'read-only', ['127.0.0.1', 'read-only']);
      await assertStoreError(readOnly.createCollection({ title: 'other' }), 'read-only', ['read-only']);
      await writable.putRecord('kind', 'kept', 1);
      await assertStoreError(readOnly.putRecord('kind', 'new', 1), 'read-only', ['read-only']);
      await assertStoreError(readOnly.putRecord('kind', 'kept', 2, { ifAbsent: true }), 'read-only', [
        'read-only',
      ]);
      await assertStoreError(readOnly.deleteRecord('kind', 'kept'), 'read-only', ['read-only']);
      await assertStoreError(readOnly.appendAudit({ actor: 'a', action: 'b', target: 'c' }), 'read-only', [
        'read-only',
      ]);
      assert.deepEqual(await readOnly.listRecords('kind'), [{ key: 'kept', value: 1 }]);
      assert.deepEqual(await readOnly.listAudit({ limit: 1 }), []);
      assert.equal(await writable.count({}), 0);
    } finally {
      await readOnly.close();
      await writable.close();
    }
  });

  it('reports a closed port as unreachable within seconds, naming host:port and never the password', async () => {
    const port = await closedPort();
    const started = Date.now();
    const error = await assertStoreError(
      openPostgresStore({ url: `postgres://dreamcatcher:hunter2-secret@127.0.0.1:${port}/test` }),
      'unreachable',
      [`127.0.0.1:${port}`, 'connection refused'],
    );
    assert.ok(Date.now() - started < 6000, `took ${Date.now() - started} ms`);
    assert.ok(!error.message.includes('hunter2'), error.message);
    assert.ok(!(error.stack ?? '').includes('hunter2'));
  });

  it("reports a database or role the server does not know as unreachable with the server's reason", async () => {
    const url = new URL(TEST_POSTGRES_URL);
    const address = `${url.hostname}:${url.port === '' ? '5432' : url.port}`;
    const noDatabase = new URL(TEST_POSTGRES_URL);
    noDatabase.pathname = '/dc_no_such_database';
    await assertStoreError(openPostgresStore({ url: noDatabase.toString() }), 'unreachable', [
      address,
      'database "dc_no_such_database" does not exist',
    ]);
    const noRole = new URL(TEST_POSTGRES_URL);
    noRole.username = 'dc_no_such_role';
    noRole.password = '';
    await assertStoreError(openPostgresStore({ url: noRole.toString() }), 'unreachable', [
      address,
      'dc_no_such_role',
    ]);
  });
});
