// The one test suite every Store backend passes. A backend registers itself from its own test file
// (sqlite/sqlite.test.ts, postgres/postgres.test.ts) with a function that opens a fresh, empty
// store; each case opens one, works on it and closes it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StixObject, StixRecord } from '../stix/object.js';
import { sortKey, toMicros } from '../stix/timestamp.js';
import {
  type ListQuery,
  type Store,
  type StoredVersion,
  StoreError,
  StoreInputError,
  type VersionSelector,
} from './store.js';

export type OpenStore = (options: { clock?: () => number }) => Promise<Store>;

// ---------------------------------------------------------------------------------------------
// Fixtures

const DATE_ADDED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A valid UUIDv4 that names test object n, so ids are readable in failures. */
function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function record(object: StixObject): StixRecord {
  return { object, json: JSON.stringify(object) };
}

function indicator(n: number, modified: string, extra: Record<string, unknown> = {}): StixRecord {
  return record({
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuid(n)}`,
    created: '2020-01-01T00:00:00.000Z',
    modified,
    name: `indicator ${n}`,
    pattern: `[ipv4-addr:value = '10.0.${(n >> 8) & 255}.${n & 255}']`,
    pattern_type: 'stix',
    valid_from: '2020-01-01T00:00:00Z',
    ...extra,
  });
}

/** A cyber-observable: no created/modified, so it has exactly one, unnamed, version. */
function ipv4(n: number, extra: Record<string, unknown> = {}): StixRecord {
  return record({ type: 'ipv4-addr', id: `ipv4-addr--${uuid(n)}`, value: `10.1.0.${n}`, ...extra });
}

/** A clock for tests: returns the values given, then keeps returning the last one. */
function clockOf(...valuesMs: number[]): () => number {
  let i = 0;
  return () => valuesMs[Math.min(i++, valuesMs.length - 1)] as number;
}

async function withStore(
  open: OpenStore,
  options: { clock?: () => number },
  work: (store: Store, collection: string) => Promise<void>,
): Promise<void> {
  const store = await open(options);
  try {
    const collection = await store.createCollection({ title: 'main' });
    await work(store, collection.id);
  } finally {
    await store.close();
  }
}

async function added(store: Store, collection: string, records: readonly StixRecord[]): Promise<string[]> {
  const outcomes = await store.put(collection, records);
  return outcomes.map((outcome, i) => {
    assert.equal(outcome.status, 'added', `record ${i} was ${outcome.status}`);
    return outcome.status === 'added' ? outcome.dateAdded : '';
  });
}

/** Every item of a query, walking all pages of `limit`. */
async function listAll(store: Store, query: ListQuery, limit = 3): Promise<StoredVersion[]> {
  const items: StoredVersion[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(query, { limit, ...(cursor === undefined ? {} : { cursor }) });
    assert.ok(page.items.length <= limit);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor !== undefined);
  return items;
}

function label(v: StoredVersion): string {
  return `${v.id}@${v.version}`;
}

function assertIncreasing(dates: readonly string[]): void {
  for (let i = 1; i < dates.length; i++) {
    assert.ok(
      (toMicros(dates[i] as string) as bigint) > (toMicros(dates[i - 1] as string) as bigint),
      `${dates[i]} after ${dates[i - 1]}`,
    );
  }
}

async function rejectsWith(promise: Promise<unknown>, code: string, mention?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof StoreError || error instanceof StoreInputError, `unexpected ${String(error)}`);
    assert.equal(error.code, code);
    if (mention !== undefined)
      assert.ok(error.message.includes(mention), `"${error.message}" names ${mention}`);
    return true;
  });
}

const T1 = '2021-01-01T00:00:00.000Z';
const T2 = '2021-06-01T00:00:00.000Z';
const T3 = '2022-01-01T00:00:00.000Z';

// ---------------------------------------------------------------------------------------------
// The suite

export function runStoreConformance(backend: string, open: OpenStore): void {
  describe(`Store conformance: ${backend}`, () => {
    describe('collections', () => {
      it('creates, finds by id or title, and lists collections', async () => {
        const store = await open({ clock: clockOf(Date.UTC(2024, 0, 2, 3, 4, 5, 6)) });
        try {
          const given = await store.createCollection({ id: 'c-1', title: 'Partners', description: 'shared' });
          assert.deepEqual(given, {
            id: 'c-1',
            title: 'Partners',
            description: 'shared',
            created: '2024-01-02T03:04:05.006Z',
          });
          const generated = await store.createCollection({ title: 'Internal' });
          assert.match(generated.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
          assert.equal(generated.description, undefined);
          assert.deepEqual(await store.getCollection('c-1'), given);
          assert.deepEqual(await store.getCollection('Internal'), generated);
          assert.equal(await store.getCollection('nope'), undefined);
          const all = await store.listCollections();
          assert.deepEqual(all.map((c) => c.id).sort(), ['c-1', generated.id].sort());
        } finally {
          await store.close();
        }
      });

      it('rejects a duplicate title or id, naming it, and keeps the first', async () => {
        await withStore(open, {}, async (store, main) => {
          await rejectsWith(store.createCollection({ title: 'main' }), 'duplicate-title', 'main');
          await rejectsWith(store.createCollection({ id: main, title: 'other' }), 'duplicate-id', main);
          assert.equal((await store.listCollections()).length, 1);
        });
      });

      it('refuses to put into a collection that does not exist', async () => {
        await withStore(open, {}, async (store) => {
          await rejectsWith(
            store.put('no-such-collection', [indicator(1, T1)]),
            'not-found',
            'no-such-collection',
          );
          assert.equal(await store.count({}), 0);
        });
      });
    });

    describe('put', () => {
      it('stores every field and serves the JSON text back byte for byte', async () => {
        await withStore(open, {}, async (store, main) => {
          const id = `indicator--${uuid(1)}`;
          // Escapes, spacing, key order and a number format that JSON.stringify would all rewrite.
          const json = `{"name": "caf\\u00e9 \\ud83d\\ude00", "type":"indicator","spec_version":"2.1","id":"${id}","created":"2021-01-01T00:00:00Z","modified":"2021-01-01T00:00:00.5Z","pattern":"[ipv4-addr:value = '1.2.3.4']","pattern_type":"stix","valid_from":"2021-01-01T00:00:00Z","x_score":1.0e2}`;
          const object = JSON.parse(json) as StixObject;
          const [dateAdded] = await added(store, main, [{ object, json }]);
          assert.match(dateAdded as string, DATE_ADDED);
          const expected: StoredVersion = {
            collection: main,
            id,
            type: 'indicator',
            version: '2021-01-01T00:00:00.5Z',
            specVersion: '2.1',
            dateAdded: dateAdded as string,
            revoked: false,
            json,
          };
          assert.deepEqual(await store.get(id), [expected]);
          assert.deepEqual((await store.list({ collection: main }, { limit: 10 })).items, [expected]);
        });
      });

      it('reads spec_version 2.1 for an SCO without it, and the revoked property', async () => {
        await withStore(open, {}, async (store, main) => {
          await added(store, main, [ipv4(1), indicator(2, T1, { revoked: true })]);
          const [sco] = await store.get(`ipv4-addr--${uuid(1)}`);
          assert.equal(sco?.specVersion, '2.1');
          assert.equal(sco?.version, '');
          assert.equal(sco?.revoked, false);
          const [revoked] = await store.get(`indicator--${uuid(2)}`);
          assert.equal(revoked?.revoked, true);
        });
      });

      it('answers unchanged for the same id, version and content, keeping the first date_added', async () => {
        await withStore(open, {}, async (store, main) => {
          const original = indicator(1, T1);
          const [first] = await added(store, main, [original, ipv4(1)]);
          // Same content written differently (key order, spacing): still the same version.
          const reordered = JSON.stringify(
            Object.fromEntries(Object.entries(original.object).reverse()),
            null,
            1,
          );
          const again = await store.put(main, [
            original,
            { object: original.object, json: reordered },
            ipv4(1),
            indicator(2, T1),
          ]);
          assert.deepEqual(again.slice(0, 2), [
            { status: 'unchanged', dateAdded: first },
            { status: 'unchanged', dateAdded: first },
          ]);
          assert.equal(again[2]?.status, 'unchanged');
          assert.equal(again[3]?.status, 'added');
          assert.equal(await store.count({ versions: ['all'] }), 3);
          assert.equal((await store.get(original.object.id))[0]?.json, original.json);
        });
      });

      it('rejects different content under a stored id and version as a conflict, storing the rest', async () => {
        await withStore(open, {}, async (store, main) => {
          const original = indicator(1, T2);
          await added(store, main, [original, ipv4(1)]);
          const outcomes = await store.put(main, [
            indicator(1, T2, { name: 'changed' }),
            indicator(2, T1),
            ipv4(1, { value: '10.9.9.9' }),
          ]);
          assert.equal(outcomes[0]?.status, 'conflict');
          if (outcomes[0]?.status === 'conflict') {
            assert.ok(outcomes[0].message.includes(original.object.id), outcomes[0].message);
            assert.ok(outcomes[0].message.includes(T2), outcomes[0].message);
          }
          assert.equal(outcomes[1]?.status, 'added');
          assert.equal(outcomes[2]?.status, 'conflict');
          if (outcomes[2]?.status === 'conflict')
            assert.ok(outcomes[2].message.includes(`ipv4-addr--${uuid(1)}`));
          assert.deepEqual(
            (await store.get(original.object.id)).map((v) => v.json),
            [original.json],
          );
          assert.equal(
            JSON.parse((await store.get(`ipv4-addr--${uuid(1)}`))[0]?.json ?? '{}').value,
            '10.1.0.1',
          );
        });
      });

      it('handles duplicates inside one batch: the first is added, a copy is unchanged, a variant conflicts', async () => {
        await withStore(open, {}, async (store, main) => {
          const outcomes = await store.put(main, [
            indicator(1, T1),
            indicator(1, T1),
            indicator(1, T1, { name: 'variant' }),
            indicator(1, T2),
          ]);
          assert.equal(outcomes[0]?.status, 'added');
          assert.deepEqual(outcomes[1], {
            status: 'unchanged',
            dateAdded: outcomes[0]?.status === 'added' ? outcomes[0].dateAdded : '',
          });
          assert.equal(outcomes[2]?.status, 'conflict');
          assert.equal(outcomes[3]?.status, 'added');
          assert.deepEqual(
            (await store.get(`indicator--${uuid(1)}`)).map((v) => [v.version, JSON.parse(v.json).name]),
            [
              [T1, 'indicator 1'],
              [T2, 'indicator 1'],
            ],
          );
        });
      });

      it('treats versions written at different precision as the same instant', async () => {
        await withStore(open, {}, async (store, main) => {
          await added(store, main, [indicator(1, '2021-01-01T00:00:00Z')]);
          const [outcome] = await store.put(main, [indicator(1, '2021-01-01T00:00:00.000000Z')]);
          // Different text of the same version is different content.
          assert.equal(outcome?.status, 'conflict');
          assert.equal((await store.get(`indicator--${uuid(1)}`)).length, 1);
        });
      });

      it('rejects a whole batch holding a record whose version is not a timestamp', async () => {
        await withStore(open, {}, async (store, main) => {
          await rejectsWith(
            store.put(main, [indicator(1, T1), indicator(2, 'yesterday')]),
            'bad-record',
            `indicator--${uuid(2)}`,
          );
          assert.equal(await store.count({}), 0);
        });
      });

      it('keeps concurrent batches whole and their date_added unique', async () => {
        await withStore(open, {}, async (store, main) => {
          const batches = Array.from({ length: 8 }, (_, b) =>
            Array.from({ length: 25 }, (_, i) => indicator(b * 100 + i, T1)),
          );
          const results = await Promise.all(batches.map((batch) => added(store, main, batch)));
          const dates = results.flat();
          assert.equal(new Set(dates).size, 200);
          for (const batchDates of results) assertIncreasing(batchDates);
          assert.equal(await store.count({ collection: main }), 200);
        });
      });
    });

    describe('date_added', () => {
      it('is unique and strictly increasing across the whole store even when the clock stalls', async () => {
        await withStore(open, { clock: () => 1_700_000_000_000 }, async (store, main) => {
          const other = (await store.createCollection({ title: 'other' })).id;
          const dates = [
            ...(await added(store, main, [indicator(1, T1), indicator(2, T1)])),
            ...(await added(store, other, [indicator(1, T1), ipv4(1)])),
            ...(await added(store, main, [indicator(1, T2)])),
          ];
          assert.equal(dates[0], '2023-11-14T22:13:20.000000Z');
          assert.deepEqual(
            dates.map((d) => toMicros(d)),
            [0n, 1n, 2n, 3n, 4n].map((i) => 1_700_000_000_000_000n + i),
          );
        });
      });

      it('never goes back when the clock does', async () => {
        let now = Date.UTC(2024, 0, 1, 0, 0, 0, 500);
        await withStore(open, { clock: () => now }, async (store, main) => {
          const dates = await added(store, main, [indicator(1, T1)]);
          now = Date.UTC(2024, 0, 1);
          dates.push(...(await added(store, main, [ipv4(1)])));
          now = Date.UTC(2023, 0, 1);
          dates.push(...(await added(store, main, [ipv4(2), ipv4(3)])));
          assert.deepEqual(dates, [
            '2024-01-01T00:00:00.500000Z',
            '2024-01-01T00:00:00.500001Z',
            '2024-01-01T00:00:00.500002Z',
            '2024-01-01T00:00:00.500003Z',
          ]);
        });
      });

      it('keeps microseconds from a clock that has them', async () => {
        await withStore(open, { clock: () => 1_700_000_012_345.678 }, async (store, main) => {
          assert.deepEqual(await added(store, main, [ipv4(1)]), ['2023-11-14T22:13:32.345678Z']);
        });
      });
    });

    describe('get', () => {
      async function threeVersions(store: Store, collection: string): Promise<string> {
        // Stored out of order, so that 'first' and 'last' cannot come from insertion order.
        await added(store, collection, [indicator(1, T2)]);
        await added(store, collection, [indicator(1, T3), indicator(1, T1)]);
        return `indicator--${uuid(1)}`;
      }

      it('returns every version, oldest first, by default', async () => {
        await withStore(open, {}, async (store, main) => {
          const id = await threeVersions(store, main);
          assert.deepEqual(
            (await store.get(id)).map((v) => v.version),
            [T1, T2, T3],
          );
        });
      });

      it('selects versions by first, last, all, a timestamp at any precision, and any mix', async () => {
        await withStore(open, {}, async (store, main) => {
          const id = await threeVersions(store, main);
          const versions = async (selectors: VersionSelector[]) =>
            (await store.get(id, { versions: selectors })).map((v) => v.version);
          assert.deepEqual(await versions(['first']), [T1]);
          assert.deepEqual(await versions(['last']), [T3]);
          assert.deepEqual(await versions(['all']), [T1, T2, T3]);
          assert.deepEqual(await versions(['first', 'last']), [T1, T3]);
          assert.deepEqual(await versions([{ modified: '2021-06-01T00:00:00Z' }]), [T2]);
          assert.deepEqual(await versions([{ modified: '2021-06-01T00:00:00.000000000Z' }, 'first']), [
            T1,
            T2,
          ]);
          assert.deepEqual(await versions([{ modified: '2021-06-01T00:00:00.001Z' }]), []);
          assert.deepEqual(await versions(['last', 'all']), [T1, T2, T3]);
          assert.deepEqual(await versions([]), []);
        });
      });

      it('reads one collection or all of them, and nothing for an unknown id', async () => {
        await withStore(open, {}, async (store, main) => {
          const other = (await store.createCollection({ title: 'other' })).id;
          await added(store, main, [indicator(1, T1), indicator(1, T3)]);
          await added(store, other, [indicator(1, T2)]);
          const id = `indicator--${uuid(1)}`;
          assert.deepEqual(
            (await store.get(id)).map((v) => [v.collection, v.version]),
            [
              [main, T1],
              [other, T2],
              [main, T3],
            ],
          );
          assert.deepEqual(
            (await store.get(id, { collection: other, versions: ['first'] })).map((v) => v.version),
            [T2],
          );
          // first/last are per collection.
          assert.deepEqual(
            (await store.get(id, { versions: ['last'] })).map((v) => [v.collection, v.version]),
            [
              [other, T2],
              [main, T3],
            ],
          );
          assert.deepEqual(await store.get(`indicator--${uuid(9)}`), []);
          assert.deepEqual(await store.get(id, { collection: 'no-such' }), []);
        });
      });

      it('rejects a version selector that is not a timestamp', async () => {
        await withStore(open, {}, async (store) => {
          await rejectsWith(
            store.get('x', { versions: [{ modified: 'last week' }] }),
            'bad-timestamp',
            'last week',
          );
        });
      });
    });

    describe('list and count', () => {
      it('filters by collection, type, id and spec_version, latest version by default', async () => {
        await withStore(open, {}, async (store, main) => {
          const other = (await store.createCollection({ title: 'other' })).id;
          await added(store, main, [indicator(1, T1), indicator(1, T2), indicator(2, T1), ipv4(1)]);
          await added(store, main, [
            record({
              type: 'identity',
              spec_version: '2.0',
              id: `identity--${uuid(1)}`,
              created: T1,
              modified: T1,
            }),
          ]);
          await added(store, other, [indicator(3, T1)]);
          const labels = async (query: ListQuery) => (await listAll(store, query)).map(label);
          const i1 = `indicator--${uuid(1)}`;
          const i2 = `indicator--${uuid(2)}`;
          assert.deepEqual(await labels({ collection: main }), [
            `${i1}@${T2}`,
            `${i2}@${T1}`,
            `ipv4-addr--${uuid(1)}@`,
            `identity--${uuid(1)}@${T1}`,
          ]);
          assert.deepEqual(await labels({ collection: main, types: ['indicator'] }), [
            `${i1}@${T2}`,
            `${i2}@${T1}`,
          ]);
          assert.deepEqual(
            await labels({ types: ['indicator', 'identity'], ids: [i2, `identity--${uuid(1)}`] }),
            [`${i2}@${T1}`, `identity--${uuid(1)}@${T1}`],
          );
          assert.deepEqual(await labels({ specVersions: ['2.0'] }), [`identity--${uuid(1)}@${T1}`]);
          assert.deepEqual(await labels({ collection: other }), [`indicator--${uuid(3)}@${T1}`]);
          assert.deepEqual(await labels({ types: [] }), []);
          assert.deepEqual(await labels({ collection: 'no-such' }), []);
          assert.equal(await store.count({}), 5);
          assert.equal(await store.count({ versions: ['all'] }), 6);
          assert.equal(await store.count({ collection: main, types: ['indicator'], versions: ['all'] }), 3);
          assert.equal(await store.count({ ids: [i1], versions: ['first'] }), 1);
        });
      });

      it('agrees with a model of the versions for every combination of selectors', async () => {
        await withStore(open, {}, async (store, main) => {
          const other = (await store.createCollection({ title: 'other' })).id;
          // (collection, object, versions in insertion order)
          const plan: [string, number, string[]][] = [
            [main, 1, [T2, T3, T1]],
            [main, 2, [T1]],
            [main, 3, [T3, T2]],
            [other, 1, [T2]],
            [other, 4, [T1, T2, T3]],
          ];
          const rows: { collection: string; id: string; version: string; dateAdded: string }[] = [];
          for (const [collection, n, versions] of plan) {
            for (const version of versions) {
              const [dateAdded] = await added(store, collection, [indicator(n, version)]);
              rows.push({ collection, id: `indicator--${uuid(n)}`, version, dateAdded: dateAdded as string });
            }
          }
          const [dateAdded] = await added(store, main, [ipv4(1)]);
          rows.push({
            collection: main,
            id: `ipv4-addr--${uuid(1)}`,
            version: '',
            dateAdded: dateAdded as string,
          });

          const keysOf = (row: (typeof rows)[number]) =>
            rows
              .filter((r) => r.collection === row.collection && r.id === row.id)
              .map((r) => (r.version === '' ? '' : sortKey(r.version)))
              .sort();
          const matches = (row: (typeof rows)[number], selector: VersionSelector): boolean => {
            const key = row.version === '' ? '' : sortKey(row.version);
            const keys = keysOf(row);
            if (selector === 'all') return true;
            if (selector === 'first') return key === keys[0];
            if (selector === 'last') return key === keys[keys.length - 1];
            return key === sortKey(selector.modified);
          };
          const atoms: VersionSelector[] = [
            'first',
            'last',
            'all',
            { modified: '2021-06-01T00:00:00Z' },
            { modified: '2022-01-01T00:00:00.000000Z' },
          ];
          for (let mask = 1; mask < 1 << atoms.length; mask++) {
            const selectors = atoms.filter((_, i) => mask & (1 << i));
            for (const collection of [main, other, undefined]) {
              const query: ListQuery = {
                versions: selectors,
                ...(collection === undefined ? {} : { collection }),
              };
              const expected = rows
                .filter((r) => collection === undefined || r.collection === collection)
                .filter((r) => selectors.some((s) => matches(r, s)))
                .map((r) => `${r.collection}/${r.id}@${r.version}#${r.dateAdded}`);
              const actual = (await listAll(store, query)).map(
                (v) => `${v.collection}/${v.id}@${v.version}#${v.dateAdded}`,
              );
              const what = `${JSON.stringify(selectors)} in ${collection ?? 'every collection'}`;
              assert.deepEqual(actual, expected, what);
              assert.equal(await store.count(query), expected.length, what);
            }
          }
        });
      });

      it('pages through 1,000 objects with limit 7 while objects are added: no skip, no repeat', async () => {
        await withStore(open, {}, async (store, main) => {
          const originals = Array.from({ length: 1000 }, (_, i) =>
            i % 2 === 0 ? indicator(i, T1) : ipv4(i),
          );
          await added(store, main, originals);
          const seen: StoredVersion[] = [];
          const addedLater: string[] = [];
          let cursor: string | undefined;
          let pages = 0;
          for (;;) {
            const page = await store.list(
              { collection: main },
              { limit: 7, ...(cursor === undefined ? {} : { cursor }) },
            );
            pages++;
            seen.push(...page.items);
            if (page.next === undefined) break;
            cursor = page.next;
            const extra = indicator(5000 + pages, T1);
            await added(store, main, [extra]);
            addedLater.push(extra.object.id);
          }
          const expected = [...originals.map((r) => r.object.id), ...addedLater];
          assert.deepEqual(
            seen.map((v) => v.id),
            expected,
          );
          assertIncreasing(seen.map((v) => v.dateAdded));
          assert.equal(await store.count({ collection: main }), expected.length);
        });
      });

      it('gives next only when more rows exist', async () => {
        await withStore(open, {}, async (store, main) => {
          await added(
            store,
            main,
            Array.from({ length: 14 }, (_, i) => ipv4(i)),
          );
          const first = await store.list({ collection: main }, { limit: 7 });
          assert.equal(first.items.length, 7);
          assert.ok(first.next !== undefined);
          const second = await store.list({ collection: main }, { limit: 7, cursor: first.next });
          assert.equal(second.items.length, 7);
          assert.equal(second.next, undefined);
          const all = await store.list({ collection: main }, { limit: 15 });
          assert.equal(all.items.length, 14);
          assert.equal(all.next, undefined);
          const empty = await store.list({ collection: main, types: ['malware'] }, { limit: 5 });
          assert.deepEqual(empty, { items: [] });
        });
      });

      it('resumes from a cursor under other filters, and honours the later of cursor and addedAfter', async () => {
        await withStore(open, {}, async (store, main) => {
          const dates = await added(
            store,
            main,
            Array.from({ length: 6 }, (_, i) => (i < 3 ? ipv4(i) : indicator(i, T1))),
          );
          const page = await store.list({ collection: main }, { limit: 2 });
          const cursor = page.next as string;
          const rest = await store.list({ collection: main, types: ['indicator'] }, { limit: 10, cursor });
          assert.deepEqual(
            rest.items.map((v) => v.dateAdded),
            dates.slice(3),
          );
          const later = await store.list({ collection: main, addedAfter: dates[3] }, { limit: 10, cursor });
          assert.deepEqual(
            later.items.map((v) => v.dateAdded),
            dates.slice(4),
          );
          const earlier = await store.list({ collection: main, addedAfter: dates[0] }, { limit: 10, cursor });
          assert.deepEqual(
            earlier.items.map((v) => v.dateAdded),
            dates.slice(2),
          );
        });
      });

      it('reads addedAfter as strictly after, whatever its precision', async () => {
        // date_added will be …32.345678Z, …32.345679Z, …32.345680Z.
        await withStore(open, { clock: () => 1_700_000_012_345.678 }, async (store, main) => {
          const dates = await added(store, main, [ipv4(0), ipv4(1), ipv4(2)]);
          assert.deepEqual(dates, [
            '2023-11-14T22:13:32.345678Z',
            '2023-11-14T22:13:32.345679Z',
            '2023-11-14T22:13:32.345680Z',
          ]);
          const after = async (addedAfter: string) =>
            (await store.list({ collection: main, addedAfter }, { limit: 10 })).items.map((v) =>
              Number(v.id.slice(-1)),
            );
          const cases: [string, number[]][] = [
            ['2023-11-14T22:13:32Z', [0, 1, 2]],
            ['2023-11-14T22:13:32.3Z', [0, 1, 2]],
            ['2023-11-14T22:13:32.34Z', [0, 1, 2]],
            ['2023-11-14T22:13:32.345Z', [0, 1, 2]],
            ['2023-11-14T22:13:32.3456Z', [0, 1, 2]],
            ['2023-11-14T22:13:32.34567Z', [0, 1, 2]],
            ['2023-11-14T22:13:32.34568Z', []],
            ['2023-11-14T22:13:32.345678Z', [1, 2]],
            ['2023-11-14T22:13:32.3456789Z', [1, 2]],
            ['2023-11-14T22:13:32.3456790Z', [2]],
            ['2023-11-14T22:13:32.3456791Z', [2]],
            ['2023-11-14T22:13:32.345678999Z', [1, 2]],
            ['2023-11-14T22:13:32.345679000000Z', [2]],
            ['2023-11-14T22:13:33Z', []],
            ['2000-01-01T00:00:00Z', [0, 1, 2]],
          ];
          for (const [addedAfter, expected] of cases) {
            assert.deepEqual(await after(addedAfter), expected, addedAfter);
            assert.equal(await store.count({ collection: main, addedAfter }), expected.length, addedAfter);
          }
          await rejectsWith(store.list({ addedAfter: 'today' }, { limit: 1 }), 'bad-timestamp', 'today');
        });
      });

      it('rejects a cursor it did not make and a limit that is not a positive integer', async () => {
        await withStore(open, {}, async (store, main) => {
          await added(store, main, [ipv4(1), ipv4(2)]);
          const good = (await store.list({}, { limit: 1 })).next as string;
          const garbage = [
            '',
            'abc$',
            'not a cursor',
            Buffer.from('x').toString('base64url'),
            Buffer.from('-5').toString('base64url'),
            Buffer.from('007').toString('base64url'),
            Buffer.from('1'.repeat(40)).toString('base64url'),
            `${good}=`,
            `${good}A`,
          ];
          for (const cursor of garbage) {
            await rejectsWith(store.list({}, { limit: 1, cursor }), 'bad-cursor');
          }
          for (const limit of [0, -1, 1.5, Number.NaN]) {
            await rejectsWith(store.list({}, { limit }), 'bad-limit');
          }
        });
      });

      it('finds text in name or description, case-insensitively, in any script, literally', async () => {
        await withStore(open, {}, async (store, main) => {
          await added(store, main, [
            indicator(1, T1, { name: 'Emotet Loader', description: 'Drops an ÜBER payload' }),
            indicator(2, T1, { name: 'Фишинг кампания' }),
            indicator(3, T1, { name: 'Hauptstraße C2' }),
            indicator(4, T1, { name: 'Café watering hole' }),
            indicator(5, T1, { name: '100%_done', description: 'emotet mentioned here' }),
            ipv4(1),
          ]);
          const found = async (text: string, query: ListQuery = {}) =>
            (await listAll(store, { ...query, text })).map((v) => Number(v.id.slice(-2))).sort();
          assert.deepEqual(await found('EMOTET'), [1, 5]);
          assert.deepEqual(await found('emotet', { ids: [`indicator--${uuid(1)}`] }), [1]);
          assert.deepEqual(await found('über'), [1]);
          assert.deepEqual(await found('ФИШИНГ'), [2]);
          assert.deepEqual(await found('STRASSE'), []);
          assert.deepEqual(await found('HAUPTSTRAßE'), [3]);
          // A decomposed é (e + combining accent) finds the composed one.
          assert.deepEqual(await found('CAFE\u0301'), [4]);
          assert.deepEqual(await found('%'), [5]);
          assert.deepEqual(await found('_'), [5]);
          assert.deepEqual(await found('ipv4-addr'), []);
          assert.deepEqual(await found('10.0.0'), []);
          assert.equal(await store.count({ text: 'emotet' }), 2);
          assert.equal(await store.count({ text: 'emotet', types: ['ipv4-addr'] }), 0);
        });
      });
    });

    describe('delete', () => {
      async function setUp(store: Store, collection: string): Promise<string> {
        await added(store, collection, [
          indicator(1, T2),
          indicator(1, T1),
          indicator(1, T3),
          indicator(2, T1),
        ]);
        return `indicator--${uuid(1)}`;
      }
      const versions = async (store: Store, id: string, selector: VersionSelector) =>
        (await store.get(id, { versions: [selector] })).map((v) => v.version);

      it('deletes a middle version and leaves the flags', async () => {
        await withStore(open, {}, async (store, main) => {
          const id = await setUp(store, main);
          assert.equal(await store.delete(id, { versions: [{ modified: T2 }] }), 1);
          assert.deepEqual(await versions(store, id, 'all'), [T1, T3]);
          assert.deepEqual(await versions(store, id, 'first'), [T1]);
          assert.deepEqual(await versions(store, id, 'last'), [T3]);
        });
      });

      it('deletes the latest version and makes the one before it latest', async () => {
        await withStore(open, {}, async (store, main) => {
          const id = await setUp(store, main);
          assert.equal(await store.delete(id, { versions: ['last'] }), 1);
          assert.deepEqual(await versions(store, id, 'last'), [T2]);
          assert.deepEqual(await versions(store, id, 'first'), [T1]);
          assert.deepEqual(
            (await listAll(store, { ids: [id] })).map((v) => v.version),
            [T2],
          );
          // Putting it back makes it latest again.
          await added(store, main, [indicator(1, T3)]);
          assert.deepEqual(await versions(store, id, 'last'), [T3]);
        });
      });

      it('deletes the first version and makes the next one first', async () => {
        await withStore(open, {}, async (store, main) => {
          const id = await setUp(store, main);
          assert.equal(await store.delete(id, { versions: ['first'] }), 1);
          assert.deepEqual(await versions(store, id, 'first'), [T2]);
          assert.deepEqual(await versions(store, id, 'last'), [T3]);
          assert.equal(await store.delete(id, { versions: ['first', 'last'] }), 2);
          assert.deepEqual(await store.get(id), []);
        });
      });

      it('deletes every version by default, in one collection or all, and counts what went', async () => {
        await withStore(open, {}, async (store, main) => {
          const other = (await store.createCollection({ title: 'other' })).id;
          const id = await setUp(store, main);
          await added(store, other, [indicator(1, T2)]);
          assert.equal(await store.delete(id, { collection: main }), 3);
          assert.deepEqual(
            (await store.get(id)).map((v) => v.collection),
            [other],
          );
          assert.equal(await store.delete(id), 1);
          assert.equal(await store.delete(id), 0);
          assert.equal(await store.delete(`indicator--${uuid(2)}`, { versions: [{ modified: T3 }] }), 0);
          assert.equal(await store.count({ versions: ['all'] }), 1);
        });
      });

      it('deletes an unversioned object', async () => {
        await withStore(open, {}, async (store, main) => {
          await added(store, main, [ipv4(1)]);
          assert.equal(await store.delete(`ipv4-addr--${uuid(1)}`, { versions: ['last'] }), 1);
          assert.equal(await store.count({}), 0);
        });
      });
    });

    describe('revoke', () => {
      it('adds a revoked version one millisecond past the latest when the clock is behind', async () => {
        await withStore(open, { clock: () => Date.UTC(2020, 0, 1) }, async (store, main) => {
          const latest = indicator(1, '2024-01-01T00:00:00.123456Z', { labels: ['a'] });
          await added(store, main, [indicator(1, T1), latest]);
          const revoked = await store.revoke(main, latest.object.id);
          assert.ok(revoked !== undefined);
          assert.equal(revoked.version, '2024-01-01T00:00:00.124Z');
          assert.equal(revoked.revoked, true);
          assert.equal(revoked.collection, main);
          assert.match(revoked.dateAdded, DATE_ADDED);
          assert.deepEqual(JSON.parse(revoked.json), {
            ...latest.object,
            revoked: true,
            modified: '2024-01-01T00:00:00.124Z',
          });
          assert.deepEqual(await store.get(latest.object.id, { versions: ['last'] }), [revoked]);
          assert.equal((await store.get(latest.object.id)).length, 3);
        });
      });

      it('uses the clock when it is ahead, and revokes once', async () => {
        await withStore(open, { clock: () => Date.UTC(2025, 4, 6, 7, 8, 9, 10) }, async (store, main) => {
          await added(store, main, [indicator(1, T1)]);
          const revoked = await store.revoke(main, `indicator--${uuid(1)}`);
          assert.equal(revoked?.version, '2025-05-06T07:08:09.010Z');
          assert.deepEqual(await store.revoke(main, `indicator--${uuid(1)}`), revoked);
          assert.equal((await store.get(`indicator--${uuid(1)}`)).length, 2);
        });
      });

      it('answers undefined for an absent object or one without modified', async () => {
        await withStore(open, {}, async (store, main) => {
          const other = (await store.createCollection({ title: 'other' })).id;
          await added(store, main, [ipv4(1), indicator(1, T1)]);
          assert.equal(await store.revoke(main, `indicator--${uuid(2)}`), undefined);
          assert.equal(await store.revoke(other, `indicator--${uuid(1)}`), undefined);
          assert.equal(await store.revoke(main, `ipv4-addr--${uuid(1)}`), undefined);
          assert.equal(await store.count({ versions: ['all'] }), 2);
        });
      });
    });

    describe('close', () => {
      it('rejects calls after close with a StoreError', async () => {
        const store = await open({});
        await store.close();
        await assert.rejects(store.listCollections(), StoreError);
      });
    });
  });
}
