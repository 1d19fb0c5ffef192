// The one test suite every Store backend passes. A backend registers itself from its own test file
// (sqlite/sqlite.test.ts, postgres/postgres.test.ts) with a function that opens a fresh, empty
// store; each case opens one, works on it and closes it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StixObject, StixRecord } from '../stix/object.js';
import { formatMillis, sortKey, toMicros } from '../stix/timestamp.js';
import {
  TLP_AMBER,
  TLP_AMBER_STRICT,
  TLP_CLEAR,
  TLP_GREEN,
  TLP_RANK,
  TLP_RED,
  TLP1_AMBER,
  TLP1_RED,
  TLP1_WHITE,
} from '../stix/tlp.js';
import { rowOf } from './common.js';
import { conformanceFollowUp } from './conformance-follow-up.js';
import {
  DEFAULT_API_ROOT,
  type ListQuery,
  type NewRow,
  type PutOutcome,
  type Scope,
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

const AUTHOR_A = `identity--${uuid(0xa)}`;
const AUTHOR_B = `identity--${uuid(0xb)}`;

/** Marking properties and the TLP rank they give an object. */
const MARKING_CASES: readonly [Record<string, unknown>, number][] = [
  [{}, TLP_RANK.green],
  [{ object_marking_refs: [TLP_CLEAR.id] }, TLP_RANK.clear],
  [{ object_marking_refs: [TLP1_WHITE.id] }, TLP_RANK.clear],
  [{ object_marking_refs: [TLP_GREEN.id] }, TLP_RANK.green],
  [{ object_marking_refs: [TLP1_AMBER.id] }, TLP_RANK.amber],
  [{ object_marking_refs: [TLP_AMBER_STRICT.id] }, TLP_RANK['amber+strict']],
  [{ object_marking_refs: [TLP1_RED.id] }, TLP_RANK.red],
  // The strictest marking counts, whether it marks the whole object or a part of it.
  [{ object_marking_refs: [TLP_GREEN.id, TLP_AMBER.id] }, TLP_RANK.amber],
  [
    {
      object_marking_refs: [TLP_GREEN.id],
      granular_markings: [{ marking_ref: TLP_RED.id, selectors: ['description'] }],
    },
    TLP_RANK.red,
  ],
  // A marking that is not TLP restricts nobody.
  [{ object_marking_refs: [`marking-definition--${uuid(0xfeed)}`] }, TLP_RANK.green],
];

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

async function added(
  store: Store,
  collection: string,
  records: readonly (StixRecord | NewRow)[],
): Promise<string[]> {
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
    // A cursor that does not move would loop forever instead of failing.
    if (page.next !== undefined) assert.notEqual(page.next, cursor, 'the cursor advances');
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
            apiRoot: DEFAULT_API_ROOT,
          });
          const generated = await store.createCollection({ title: 'Internal', apiRoot: 'internal' });
          assert.match(generated.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
          assert.equal(generated.description, undefined);
          assert.equal(generated.apiRoot, 'internal');
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

      it('takes an API root that is one URL path segment, refusing any other as bad-name', async () => {
        await withStore(open, {}, async (store) => {
          const good = ['x', 'A.b_c~d-1', '...', 'a'.repeat(64), 'TAXII2', 'taxii2x'];
          for (const [i, apiRoot] of good.entries()) {
            const collection = await store.createCollection({ title: `good ${i}`, apiRoot });
            assert.equal(collection.apiRoot, apiRoot);
            assert.deepEqual(await store.getCollection(collection.id), collection);
          }
          const bad = ['', 'taxii2', '.', '..', 'a/b', 'a b', '%41', 'café', 'a'.repeat(65), 'a?b', 'a#b'];
          for (const [i, apiRoot] of bad.entries()) {
            await rejectsWith(store.createCollection({ title: `bad ${i}`, apiRoot }), 'bad-name', 'API root');
          }
          assert.equal((await store.listCollections()).length, 1 + good.length);
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

      it('takes the rows rowOf makes of records as it takes the records, mixed in one batch', async () => {
        await withStore(open, {}, async (store, main) => {
          const other = (await store.createCollection({ title: 'rows' })).id;
          const records = [
            indicator(1, T1, {
              object_marking_refs: [TLP_AMBER.id],
              created_by_ref: AUTHOR_A,
              description: 'Café',
            }),
            ipv4(2),
            indicator(3, T2, { revoked: true }),
          ];
          await added(store, main, records);
          const [first, ...rest] = records as [StixRecord, ...StixRecord[]];
          await added(store, other, [first, ...rest.map(rowOf)]);
          const inCollection = async (collection: string, query: ListQuery) =>
            (await listAll(store, { ...query, collection })).map((v) => ({
              ...v,
              collection: '',
              dateAdded: '',
            }));
          for (const query of [
            { versions: ['all'] as VersionSelector[] },
            { text: 'CAFÉ' },
            { scopes: [{ collection: main, maxTlpRank: TLP_RANK.green, authors: [] }] },
            { scopes: [{ collection: main, maxTlpRank: -1, authors: [AUTHOR_A] }] },
          ]) {
            const scopes = query.scopes?.map((scope) => ({ ...scope, collection: other }));
            assert.deepEqual(
              await inCollection(other, { ...query, ...(scopes === undefined ? {} : { scopes }) }),
              await inCollection(main, query),
              JSON.stringify(query),
            );
          }
          const again = await store.put(other, [
            rowOf(ipv4(2)),
            rowOf(indicator(3, T2, { revoked: true, name: 'changed' })),
          ]);
          assert.deepEqual(
            again.map((outcome) => outcome.status),
            ['unchanged', 'conflict'],
          );
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

    describe('put with a follow-up, and concurrent puts', () => {
      it('writes the follow-up made of the outcomes in the same transaction as the objects', async () => {
        await withStore(open, {}, async (store, main) => {
          await added(store, main, [indicator(1, T1)]);
          const seen: string[][] = [];
          const outcomes = await store.put(main, [indicator(1, T1), indicator(2, T1)], {
            followUp: (results) => {
              seen.push(results.map((outcome) => outcome.status));
              return {
                records: [{ kind: 'status', key: 's1', value: { statuses: seen[0] } }],
                audit: [
                  { actor: 'ana', org: 'acme', action: 'objects.add', target: main, details: { n: 2 } },
                ],
              };
            },
          });
          assert.deepEqual(
            outcomes.map((outcome) => outcome.status),
            ['unchanged', 'added'],
          );
          assert.deepEqual(seen, [['unchanged', 'added']]);
          assert.deepEqual(await store.getRecord('status', 's1'), { statuses: ['unchanged', 'added'] });
          const [entry] = await store.listAudit({ limit: 10 });
          assert.deepEqual(
            { ...entry, time: undefined },
            {
              seq: 1,
              time: undefined,
              actor: 'ana',
              org: 'acme',
              action: 'objects.add',
              target: main,
              details: { n: 2 },
            },
          );
        });
      });

      it('replaces a record the follow-up names, and writes one for a put of no objects', async () => {
        await withStore(open, {}, async (store, main) => {
          await store.putRecord('status', 's1', 'old');
          assert.deepEqual(
            await store.put(main, [], {
              followUp: () => ({ records: [{ kind: 'status', key: 's1', value: 'new' }] }),
            }),
            [],
          );
          assert.equal(await store.getRecord('status', 's1'), 'new');
        });
      });

      it('fails the put whole when its follow-up throws or makes a record the store refuses', async () => {
        await withStore(open, {}, async (store, main) => {
          await assert.rejects(
            store.put(main, [indicator(1, T1)], {
              followUp: () => {
                throw new Error('no status');
              },
            }),
            /no status/,
          );
          await rejectsWith(
            store.put(main, [indicator(2, T1)], {
              followUp: () => ({
                records: [{ kind: 'status', key: 's1', value: 'fine' }],
                audit: [{ actor: 'a', action: 'b', target: 'c', details: { when: new Date(0) } }],
              }),
            }),
            'bad-record',
          );
          assert.equal(await store.count({ collection: main }), 0);
          assert.equal(await store.getRecord('status', 's1'), undefined);
          assert.deepEqual(await store.listAudit({ limit: 10 }), []);
        });
      });

      it("keeps each of concurrent puts to its own outcome: one's failure is none of the others'", async () => {
        await withStore(open, {}, async (store, main) => {
          const followUp = (key: string) => () => ({
            records: [{ kind: 'status', key, value: key }],
            audit: [{ actor: 'a', action: 'objects.add', target: key }],
          });
          const results = await Promise.allSettled([
            store.put(main, [indicator(1, T1)], { followUp: followUp('first') }),
            store.put('no-such-collection', [indicator(2, T1)], { followUp: followUp('lost') }),
            store.put(main, [indicator(3, T1)], {
              followUp: () => ({ records: [{ kind: '', key: 'k', value: 1 }] }),
            }),
            store.put(main, [indicator(4, T1), indicator(1, T1, { name: 'changed' })], {
              followUp: followUp('last'),
            }),
          ]);
          assert.deepEqual(
            results.map((result) => result.status),
            ['fulfilled', 'rejected', 'rejected', 'fulfilled'],
          );
          const last = results[3] as PromiseFulfilledResult<PutOutcome[]>;
          assert.deepEqual(
            last.value.map((outcome) => outcome.status),
            ['added', 'conflict'],
          );
          const reasons = [results[1], results[2]].map((result) => (result as PromiseRejectedResult).reason);
          assert.ok(reasons[0] instanceof StoreError && reasons[0].code === 'not-found', String(reasons[0]));
          assert.ok(
            reasons[1] instanceof StoreInputError && reasons[1].code === 'bad-record',
            String(reasons[1]),
          );
          const stored = await listAll(store, { collection: main }, 10);
          assert.deepEqual(
            stored.map(label),
            [indicator(1, T1), indicator(4, T1)].map((r) => `${r.object.id}@${T1}`),
          );
          assert.equal(await store.getRecord('status', 'lost'), undefined);
          assert.deepEqual(
            (await store.listRecords('status')).map((r) => r.key),
            ['first', 'last'],
          );
          assert.deepEqual(
            (await store.listAudit({ limit: 10 })).map((entry) => entry.target),
            ['first', 'last'],
          );
        });
      });
    });

    describe('put with a follow-up module (what a writer thread runs)', () => {
      it('writes what the module makes of the outcomes, with the objects', async () => {
        await withStore(open, {}, async (store, main) => {
          await added(store, main, [indicator(1, T1)]);
          const outcomes = await store.put(main, [indicator(1, T1), indicator(2, T1)], {
            followUp: conformanceFollowUp({ key: 's1' }),
          });
          assert.deepEqual(
            outcomes.map((outcome) => outcome.status),
            ['unchanged', 'added'],
          );
          assert.deepEqual(await store.getRecord('status', 's1'), ['unchanged', 'added']);
          assert.deepEqual(
            (await store.listAudit({ limit: 10 })).map((entry) => entry.target),
            ['s1'],
          );
        });
      });

      it("keeps concurrent puts apart, functions and modules mixed: one failure is none of the others'", async () => {
        await withStore(open, {}, async (store, main) => {
          const results = await Promise.allSettled([
            store.put(main, [indicator(1, T1)], { followUp: conformanceFollowUp({ key: 'first' }) }),
            store.put(main, [indicator(2, T1)], {
              followUp: conformanceFollowUp({ key: 'bad', refused: true }),
            }),
            store.put('no-such-collection', [indicator(3, T1)], {
              followUp: conformanceFollowUp({ key: 'lost' }),
            }),
            store.put(main, [indicator(4, T1)], {
              followUp: () => ({ records: [{ kind: 'status', key: 'called', value: 1 }] }),
            }),
            store.put(main, [indicator(5, T1), indicator(1, T1, { name: 'changed' })], {
              followUp: conformanceFollowUp({ key: 'last' }),
            }),
            store.put(main, [indicator(6, T1)]),
          ]);
          assert.deepEqual(
            results.map((result) => result.status),
            ['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'],
          );
          const reasons = [results[1], results[2]].map((result) => (result as PromiseRejectedResult).reason);
          assert.ok(
            reasons[0] instanceof StoreInputError && reasons[0].code === 'bad-record',
            String(reasons[0]),
          );
          assert.ok(reasons[1] instanceof StoreError && reasons[1].code === 'not-found', String(reasons[1]));
          assert.deepEqual(
            (results[4] as PromiseFulfilledResult<PutOutcome[]>).value.map((outcome) => outcome.status),
            ['added', 'conflict'],
          );
          const stored = await listAll(store, { collection: main }, 10);
          assert.deepEqual(
            stored.map(label).sort(),
            [1, 4, 5, 6].map((n) => `${indicator(n, T1).object.id}@${T1}`).sort(),
          );
          assert.deepEqual(
            (await store.listRecords('status')).map((r) => r.key),
            ['called', 'first', 'last'],
          );
          assert.deepEqual(await store.getRecord('status', 'last'), ['added', 'conflict']);
        });
      });

      it('rejects a put whose module exports no followUp, and stores none of it', async () => {
        await withStore(open, {}, async (store, main) => {
          await assert.rejects(
            store.put(main, [indicator(1, T1)], { followUp: { module: import.meta.url, data: {} } }),
            /exports no followUp function/,
          );
          assert.equal(await store.count({ collection: main }), 0);
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

      it('tells the last one handed out, in any collection, and keeps it when that row is deleted', async () => {
        await withStore(open, { clock: () => 1_700_000_000_000 }, async (store, main) => {
          assert.equal(await store.lastDateAdded(), undefined);
          const other = (await store.createCollection({ title: 'other' })).id;
          await added(store, main, [indicator(1, T1)]);
          const [last] = await added(store, other, [ipv4(1)]);
          assert.equal(await store.lastDateAdded(), last);
          await store.delete(ipv4(1).object.id as string, { collection: other });
          assert.equal(await store.lastDateAdded(), last);
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

      it('answers listJson with the texts, ends and next of the page list answers', async () => {
        await withStore(open, {}, async (store, main) => {
          await added(store, main, [indicator(1, T1), indicator(2, T1), ipv4(3), indicator(1, T2)]);
          for (const query of [
            { collection: main },
            { collection: main, versions: ['all'] as VersionSelector[] },
            { collection: main, types: ['ipv4-addr'] },
            { collection: main, types: ['tool'] },
          ]) {
            let cursor: string | undefined;
            do {
              const request = { limit: 2, ...(cursor === undefined ? {} : { cursor }) };
              const page = await store.list(query, request);
              const { objects, room, release, ...json } = await store.listJson(query, request);
              assert.equal(objects.toString('utf8'), page.items.map((item) => item.json).join(','));
              if (room !== undefined) {
                // The room is free: spaces on both sides, inside the page's own memory.
                const around = Buffer.from(
                  objects.buffer,
                  objects.byteOffset - room,
                  objects.length + 2 * room,
                );
                const spaces = ' '.repeat(room);
                assert.equal(around.subarray(0, room).toString('latin1'), spaces);
                assert.equal(around.subarray(room + objects.length).toString('latin1'), spaces);
              }
              assert.deepEqual(json, {
                count: page.items.length,
                ...(page.items.length === 0
                  ? {}
                  : { firstAdded: page.items[0]?.dateAdded, lastAdded: page.items.at(-1)?.dateAdded }),
                ...(page.next === undefined ? {} : { next: page.next }),
              });
              if (page.next !== undefined) assert.notEqual(page.next, cursor, 'the cursor advances');
              cursor = page.next;
              // Lent memory goes back, and the next page may be read into it.
              release?.();
            } while (cursor !== undefined);
          }
          await rejectsWith(store.listJson({ collection: main }, { limit: 0 }), 'bad-limit');
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

    describe('scopes', () => {
      /** One stored row as the scopes see it, in the order it was added. */
      interface Row {
        collection: string;
        id: string;
        rank: number;
        author: string;
      }

      /** Whether a row is inside one of the scopes, as Scope documents it: a row without author has none to match. */
      const inScopes = (row: Row, scopes: readonly Scope[]) =>
        scopes.some(
          (s) =>
            s.collection === row.collection &&
            (row.rank <= s.maxTlpRank || (row.author !== '' && s.authors.includes(row.author))),
        );

      /** Stores every marking case with no author, author A and author B in `collection`; returns the rows. */
      async function markedCases(store: Store, collection: string): Promise<Row[]> {
        const rows: Row[] = [];
        const records: StixRecord[] = [];
        let n = 0;
        for (const [extra, rank] of MARKING_CASES) {
          for (const author of ['', AUTHOR_A, AUTHOR_B]) {
            const r = indicator(n++, T1, { ...extra, ...(author === '' ? {} : { created_by_ref: author }) });
            records.push(r);
            rows.push({ collection, id: r.object.id, rank, author });
          }
        }
        // A published TLP marking definition is public, whatever it marks.
        records.push(record(TLP_RED));
        rows.push({ collection, id: TLP_RED.id, rank: TLP_RANK.clear, author: '' });
        await added(store, collection, records);
        return rows;
      }

      it("shows a scope its collection's rows up to its TLP rank, and its authors' rows at any rank", async () => {
        await withStore(open, {}, async (store, main) => {
          const other = (await store.createCollection({ title: 'other' })).id;
          const rows = [...(await markedCases(store, main)), ...(await markedCases(store, other))];
          const scopeSets: Scope[][] = [
            [{ collection: main, maxTlpRank: TLP_RANK.clear, authors: [] }],
            [{ collection: main, maxTlpRank: TLP_RANK.green, authors: [] }],
            [{ collection: main, maxTlpRank: TLP_RANK.amber, authors: [AUTHOR_A] }],
            [{ collection: main, maxTlpRank: -1, authors: [AUTHOR_A, AUTHOR_B] }],
            [{ collection: main, maxTlpRank: TLP_RANK.red, authors: [] }],
            [
              { collection: main, maxTlpRank: TLP_RANK.green, authors: [] },
              { collection: other, maxTlpRank: TLP_RANK['amber+strict'], authors: [AUTHOR_B] },
            ],
            [
              { collection: main, maxTlpRank: TLP_RANK.green, authors: [AUTHOR_A] },
              { collection: main, maxTlpRank: TLP_RANK.amber, authors: [] },
            ],
            [{ collection: 'no-such', maxTlpRank: TLP_RANK.red, authors: [AUTHOR_A] }],
          ];
          for (const scopes of scopeSets) {
            const what = JSON.stringify(scopes);
            const expected = rows.filter((row) => inScopes(row, scopes));
            assert.deepEqual(
              (await listAll(store, { scopes })).map((v) => `${v.collection}/${v.id}`),
              expected.map((row) => `${row.collection}/${row.id}`),
              what,
            );
            assert.equal(await store.count({ scopes }), expected.length, what);
            // Combined with every other filter by AND.
            const inMain = expected.filter((row) => row.collection === main);
            assert.equal(await store.count({ scopes, collection: main }), inMain.length, what);
            assert.equal(
              await store.count({ scopes, types: ['marking-definition'] }),
              expected.filter((row) => row.id === TLP_RED.id).length,
              what,
            );
            assert.equal(
              await store.count({ scopes, text: 'indicator 1', ids: [`indicator--${uuid(1)}`] }),
              expected.filter((row) => row.id === `indicator--${uuid(1)}`).length,
              what,
            );
            for (const id of [`indicator--${uuid(4)}`, `indicator--${uuid(13)}`, TLP_RED.id]) {
              assert.deepEqual(
                (await store.get(id, { scopes })).map((v) => v.collection).sort(),
                expected
                  .filter((row) => row.id === id)
                  .map((row) => row.collection)
                  .sort(),
                `${id} in ${what}`,
              );
            }
          }
        });
      });

      it('selects nothing with an empty list of scopes, whatever else is asked', async () => {
        await withStore(open, {}, async (store, main) => {
          await markedCases(store, main);
          assert.deepEqual(await store.list({ scopes: [] }, { limit: 10 }), { items: [] });
          assert.deepEqual(
            await store.list({ scopes: [], collection: main, versions: ['all'], text: 'x' }, { limit: 10 }),
            { items: [] },
          );
          assert.equal(await store.count({ scopes: [] }), 0);
          assert.deepEqual(await store.get(`indicator--${uuid(0)}`, { scopes: [] }), []);
          assert.deepEqual(
            await store.get(TLP_RED.id, { scopes: [], collection: main, versions: ['all'] }),
            [],
          );
        });
      });

      it('pages over visible rows only: full pages, and next only while a visible row remains', async () => {
        await withStore(open, {}, async (store, main) => {
          // 14 unmarked rows, each followed by two RED ones, then a tail of RED rows.
          const records = Array.from({ length: 52 }, (_, n) =>
            n % 3 === 0 && n < 42 ? ipv4(n) : ipv4(n, { object_marking_refs: [TLP_RED.id] }),
          );
          await added(store, main, records);
          const scopes: Scope[] = [{ collection: main, maxTlpRank: TLP_RANK.green, authors: [] }];
          const visible = records.filter((_, n) => n % 3 === 0 && n < 42).map((r) => r.object.id);
          for (const limit of [1, 3, 7, 14, 20]) {
            const sizes: number[] = [];
            const seen: string[] = [];
            let cursor: string | undefined;
            do {
              const page = await store.list(
                { scopes },
                { limit, ...(cursor === undefined ? {} : { cursor }) },
              );
              sizes.push(page.items.length);
              seen.push(...page.items.map((v) => v.id));
              if (page.next !== undefined) assert.notEqual(page.next, cursor, 'the cursor advances');
              cursor = page.next;
            } while (cursor !== undefined);
            assert.deepEqual(seen, visible, `limit ${limit}`);
            const full = Math.floor(visible.length / limit);
            const rest = visible.length % limit;
            assert.deepEqual(
              sizes,
              [...Array(full).fill(limit), ...(rest === 0 ? [] : [rest])],
              `limit ${limit}`,
            );
          }
        });
      });

      it('selects first and last among the versions a scope admits, as if the others did not exist', async () => {
        await withStore(open, {}, async (store, main) => {
          const other = (await store.createCollection({ title: 'other' })).id;
          const red = { object_marking_refs: [TLP_RED.id] };
          // (collection, object, versions in insertion order as [version, marking, author])
          const plan: [string, number, [string, Record<string, unknown>, string][]][] = [
            [
              main,
              1,
              [
                [T1, {}, ''],
                [T2, red, AUTHOR_A],
              ],
            ],
            [
              main,
              2,
              [
                [T2, red, ''],
                [T1, {}, AUTHOR_A],
                [T3, {}, ''],
              ],
            ],
            [
              main,
              3,
              [
                [T1, red, ''],
                [T2, red, AUTHOR_B],
              ],
            ],
            [
              main,
              4,
              [
                [T3, {}, ''],
                [T2, red, ''],
                [T1, red, AUTHOR_A],
              ],
            ],
            [
              other,
              1,
              [
                [T2, {}, ''],
                [T3, red, ''],
              ],
            ],
          ];
          const rows: (Row & { version: string })[] = [];
          for (const [collection, n, versions] of plan) {
            for (const [version, marking, author] of versions) {
              const extra = { ...marking, ...(author === '' ? {} : { created_by_ref: author }) };
              await added(store, collection, [indicator(n, version, extra)]);
              const rank = marking === red ? TLP_RANK.red : TLP_RANK.green;
              rows.push({ collection, id: `indicator--${uuid(n)}`, rank, author, version });
            }
          }
          const scopeSets: Scope[][] = [
            [{ collection: main, maxTlpRank: TLP_RANK.green, authors: [] }],
            [{ collection: main, maxTlpRank: TLP_RANK.green, authors: [AUTHOR_A] }],
            [{ collection: main, maxTlpRank: TLP_RANK.red, authors: [] }],
            [{ collection: main, maxTlpRank: TLP_RANK.clear, authors: [AUTHOR_B, ''] }],
            [
              { collection: main, maxTlpRank: TLP_RANK.green, authors: [AUTHOR_B] },
              { collection: other, maxTlpRank: TLP_RANK.green, authors: [] },
            ],
          ];
          const selectorSets: VersionSelector[][] = [
            ['last'],
            ['first'],
            ['first', 'last'],
            ['all'],
            [{ modified: T2 }],
          ];
          for (const scopes of scopeSets) {
            const visible = rows.filter((row) => inScopes(row, scopes));
            const keysOf = (row: Row) =>
              visible
                .filter((r) => r.collection === row.collection && r.id === row.id)
                .map((r) => sortKey(r.version))
                .sort();
            const selects = (row: (typeof rows)[number], selector: VersionSelector) => {
              const keys = keysOf(row);
              if (selector === 'all') return true;
              if (selector === 'first') return sortKey(row.version) === keys[0];
              if (selector === 'last') return sortKey(row.version) === keys.at(-1);
              return sortKey(row.version) === sortKey(selector.modified);
            };
            for (const versions of selectorSets) {
              const what = `${JSON.stringify(versions)} in ${JSON.stringify(scopes)}`;
              const expected = visible.filter((row) => versions.some((selector) => selects(row, selector)));
              const label = (v: { collection: string; id: string; version: string }) =>
                `${v.collection}/${v.id}@${v.version}`;
              assert.deepEqual(
                (await listAll(store, { scopes, versions }, 2)).map(label),
                expected.map(label),
                what,
              );
              assert.equal(await store.count({ scopes, versions }), expected.length, what);
              for (const n of [1, 2, 3, 4]) {
                const id = `indicator--${uuid(n)}`;
                assert.deepEqual(
                  (await store.get(id, { scopes, versions, collection: main })).map((v) => v.version),
                  expected
                    .filter((row) => row.id === id && row.collection === main)
                    .map((row) => row.version)
                    .sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
                  `${id}: ${what}`,
                );
              }
            }
          }
        });
      });

      it('refuses scopes past the parameter bound or with a rank that is not an integer', async () => {
        await withStore(open, {}, async (store, main) => {
          await added(store, main, [indicator(1, T1, { created_by_ref: AUTHOR_A })]);
          // 2 parameters per scope plus one per author: exactly at the bound of 8,000, which a
          // query selecting first and last names three times.
          const authors = [
            ...Array.from({ length: 7_997 }, (_, i) => `identity--${uuid(1_000_000 + i)}`),
            AUTHOR_A,
          ];
          const manyScopes = Array.from({ length: 4_000 }, (_, i) => ({
            collection: i === 3_999 ? main : `c-${i}`,
            maxTlpRank: TLP_RANK.green,
            authors: [],
          }));
          for (const scopes of [[{ collection: main, maxTlpRank: -1, authors }], manyScopes]) {
            assert.equal(await store.count({ scopes }), 1);
            assert.equal(await store.count({ scopes, versions: ['first', 'last'] }), 1);
            assert.equal((await store.list({ scopes }, { limit: 5 })).items.length, 1);
            assert.equal(
              (await store.get(`indicator--${uuid(1)}`, { scopes, versions: ['last'] })).length,
              1,
            );
          }
          const tooMany: Scope[][] = [
            [{ collection: main, maxTlpRank: -1, authors: [...authors, AUTHOR_B] }],
            [...manyScopes, { collection: main, maxTlpRank: 0, authors: [] }],
          ];
          for (const scopes of tooMany) {
            await rejectsWith(store.count({ scopes }), 'bad-limit', '8000');
            await rejectsWith(store.list({ scopes }, { limit: 1 }), 'bad-limit');
            await rejectsWith(store.get(`indicator--${uuid(1)}`, { scopes }), 'bad-limit');
          }
          for (const maxTlpRank of [1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
            await rejectsWith(
              store.count({ scopes: [{ collection: main, maxTlpRank, authors: [] }] }),
              'bad-limit',
            );
          }
        });
      });
    });

    describe('records', () => {
      it('stores, replaces, reads and deletes JSON values under (kind, key)', async () => {
        await withStore(open, {}, async (store) => {
          const values: unknown[] = [
            { name: 'ACME', members: ['a', 'b'], nested: { n: 1.5, ok: true, none: null } },
            ['x', 1, null, false, { deep: [[]] }],
            'just text with "quotes" and \u0000 and \ud800',
            -42,
            null,
            true,
          ];
          for (const [i, value] of values.entries()) {
            assert.equal(await store.putRecord('thing', `k${i}`, value), true);
            assert.deepEqual(await store.getRecord('thing', `k${i}`), value);
          }
          assert.equal(await store.getRecord('thing', 'absent'), undefined);
          // A property set to undefined is an absent one, as TypeScript's optional properties go.
          await store.putRecord('thing', 'optional', { kept: 1, absent: undefined });
          assert.deepEqual(await store.getRecord('thing', 'optional'), { kept: 1 });
          await store.deleteRecord('thing', 'optional');
          assert.equal(await store.getRecord('other-kind', 'k0'), undefined);
          assert.equal(await store.putRecord('thing', 'k0', { replaced: 1 }), true);
          assert.deepEqual(await store.getRecord('thing', 'k0'), { replaced: 1 });
          // The same key under another kind is another record.
          await store.putRecord('other-kind', 'k0', 'other');
          assert.deepEqual(await store.getRecord('thing', 'k0'), { replaced: 1 });
          assert.equal(await store.deleteRecord('thing', 'k0'), true);
          assert.equal(await store.deleteRecord('thing', 'k0'), false);
          assert.equal(await store.getRecord('thing', 'k0'), undefined);
          assert.equal(await store.getRecord('other-kind', 'k0'), 'other');
          assert.equal(await store.deleteRecord('never', 'was'), false);
          assert.deepEqual(
            (await store.listRecords('thing')).map((r) => r.key),
            ['k1', 'k2', 'k3', 'k4', 'k5'],
          );
        });
      });

      it('lists a kind ordered by key as UTF-8 bytes compare', async () => {
        await withStore(open, {}, async (store) => {
          // U+FF5E sorts before U+1F600 by code point, after it by UTF-16 code unit.
          const keys = [
            'b',
            'a',
            'B',
            'aa',
            'a b',
            'é',
            'e',
            'z',
            '\u{1F600}',
            '\uFF5E',
            '10',
            '9',
            '_',
            '~',
          ];
          for (const key of keys) await store.putRecord('sorted', key, { key });
          await store.putRecord('sorted-other', 'a', 1);
          const byBytes = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
          assert.deepEqual(
            await store.listRecords('sorted'),
            byBytes.map((key) => ({ key, value: { key } })),
          );
          assert.deepEqual(await store.listRecords('empty'), []);
        });
      });

      it('with ifAbsent, never overwrites and lets exactly one of racing writers create the record', async () => {
        await withStore(open, {}, async (store) => {
          assert.equal(await store.putRecord('org', 'acme', { v: 1 }, { ifAbsent: true }), true);
          assert.equal(await store.putRecord('org', 'acme', { v: 2 }, { ifAbsent: true }), false);
          assert.deepEqual(await store.getRecord('org', 'acme'), { v: 1 });
          const answers = await Promise.all(
            Array.from({ length: 12 }, (_, i) =>
              store.putRecord('org', 'raced', { v: i }, { ifAbsent: true }),
            ),
          );
          assert.equal(answers.filter((created) => created).length, 1);
          assert.deepEqual(await store.getRecord('org', 'raced'), { v: answers.indexOf(true) });
          assert.equal(await store.putRecord('org', 'acme', { v: 3 }, { ifAbsent: false }), true);
          assert.deepEqual(await store.getRecord('org', 'acme'), { v: 3 });
        });
      });

      it('refuses a kind or key that is empty, too long or unstorable, and a value JSON would change', async () => {
        await withStore(open, {}, async (store) => {
          const longest = 'k'.repeat(256);
          assert.equal(await store.putRecord('k'.repeat(256), longest, 1), true);
          assert.deepEqual(await store.listRecords(longest), [{ key: longest, value: 1 }]);
          for (const [kind, key] of [
            ['', 'x'],
            ['x', ''],
            ['k'.repeat(257), 'x'],
            ['x', 'k'.repeat(257)],
            ['x', 'nul\u0000'],
            ['x', 'lone \ud800'],
          ] as const) {
            await rejectsWith(store.putRecord(kind, key, 1), 'bad-record');
            await rejectsWith(store.getRecord(kind, key), 'bad-record');
            await rejectsWith(store.deleteRecord(kind, key), 'bad-record');
          }
          await rejectsWith(store.listRecords(''), 'bad-record');
          const cyclic: Record<string, unknown> = { a: 1 };
          cyclic.self = cyclic;
          const notJson: [unknown, string][] = [
            [undefined, 'undefined'],
            [{ a: [undefined] }, '$.a[0]'],
            // A hole, which JSON.stringify would write as null.
            [new Array<number>(2), '$[0]'],
            [Number.NaN, 'NaN'],
            [{ n: Number.POSITIVE_INFINITY }, 'Infinity'],
            [() => 1, 'function'],
            [10n, 'bigint'],
            [Symbol('s'), 'symbol'],
            [new Date(0), 'Date'],
            [{ m: new Map() }, 'Map'],
            [cyclic, 'itself'],
          ];
          for (const [value, mention] of notJson) {
            await rejectsWith(store.putRecord('bad', 'value', value), 'bad-record', mention);
          }
          assert.deepEqual(await store.listRecords('bad'), []);
        });
      });
    });

    describe('audit', () => {
      it('appends entries with increasing seq and the store clock, and lists them after a seq', async () => {
        const now = Date.UTC(2025, 2, 3, 4, 5, 6, 789);
        await withStore(open, { clock: () => now }, async (store) => {
          const first = await store.appendAudit({ actor: 'cli', action: 'org.create', target: 'acme' });
          assert.deepEqual(first, {
            seq: 1,
            time: formatMillis(now),
            actor: 'cli',
            action: 'org.create',
            target: 'acme',
          });
          const second = await store.appendAudit({
            actor: 'alice',
            org: 'acme',
            action: 'token.revoke',
            target: 'token-1',
            details: { reason: 'lost', ids: [1, 2], note: null },
          });
          assert.deepEqual(second, {
            seq: 2,
            time: '2025-03-03T04:05:06.789Z',
            actor: 'alice',
            org: 'acme',
            action: 'token.revoke',
            target: 'token-1',
            details: { reason: 'lost', ids: [1, 2], note: null },
          });
          const third = await store.appendAudit({ actor: 'system', action: 'x', target: 'y', details: null });
          assert.equal(third.details, null);
          assert.deepEqual(await store.listAudit({ limit: 10 }), [first, second, third]);
          assert.deepEqual(await store.listAudit({ after: 1, limit: 10 }), [second, third]);
          assert.deepEqual(await store.listAudit({ after: 0, limit: 2 }), [first, second]);
          assert.deepEqual(await store.listAudit({ after: 3, limit: 2 }), []);
          assert.equal(await store.lastAuditSeq(), 3);
        });
      });

      it('says 0 for the newest seq of an empty log', async () => {
        await withStore(open, {}, async (store) => {
          assert.equal(await store.lastAuditSeq(), 0);
        });
      });

      it('gives concurrent appends distinct seqs in the order they can be listed', async () => {
        await withStore(open, {}, async (store) => {
          const entries = await Promise.all(
            Array.from({ length: 30 }, (_, i) =>
              store.appendAudit({ actor: 'a', action: 'objects.add', target: `${i}` }),
            ),
          );
          const seqs = entries.map((e) => e.seq).sort((a, b) => a - b);
          assert.deepEqual(
            seqs,
            Array.from({ length: 30 }, (_, i) => i + 1),
          );
          const listed: number[] = [];
          let after = 0;
          for (;;) {
            const page = await store.listAudit({ after, limit: 7 });
            if (page.length === 0) break;
            listed.push(...page.map((e) => e.seq));
            after = page.at(-1)?.seq ?? after;
          }
          assert.deepEqual(listed, seqs);
        });
      });

      it('refuses a bad limit, after or entry, and appends nothing then', async () => {
        await withStore(open, {}, async (store) => {
          for (const limit of [0, -1, 1.5, Number.NaN])
            await rejectsWith(store.listAudit({ limit }), 'bad-limit');
          for (const after of [-1, 0.5, Number.NaN])
            await rejectsWith(store.listAudit({ after, limit: 1 }), 'bad-cursor');
          await rejectsWith(
            store.appendAudit({ actor: 'a', action: 'b', target: 'c', details: { when: new Date(0) } }),
            'bad-record',
            'Date',
          );
          await rejectsWith(
            store.appendAudit({ actor: 'nul\u0000', action: 'b', target: 'c' }),
            'bad-record',
            'actor',
          );
          assert.deepEqual(await store.listAudit({ limit: 10 }), []);
          assert.equal((await store.appendAudit({ actor: 'a', action: 'b', target: 'c' })).seq, 1);
        });
      });
    });

    describe('close', () => {
      it('waits for a put called just before it, its follow-up module still loading', async () => {
        const store = await open({});
        const { id } = await store.createCollection({ title: 'closing' });
        const put = store.put(id, [indicator(1, T1)], { followUp: conformanceFollowUp({ key: 'closing' }) });
        await store.close();
        assert.deepEqual(
          (await put).map((outcome) => outcome.status),
          ['added'],
        );
      });

      it('rejects calls after close with a StoreError', async () => {
        const store = await open({});
        await store.close();
        await assert.rejects(store.listCollections(), StoreError);
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Upgrading a database written before migration 2. Each backend's own test writes these rows with
// migration 1 only, as an older dreamcatcher did, opens the store, and hands it to assertUpgraded.

/** The collection an old database holds, as migration 1 stored it (no API root). */
export const UPGRADE_COLLECTION = {
  id: 'c-schema-1',
  title: 'from schema 1',
  created: '2024-01-01T00:00:00.000Z',
} as const;

// More rows than one round of the backfill reads, so that it has to resume after a row.
const UPGRADE_OBJECTS = 4321;

/** The rows of the old database, in date_added order, each with the rank and author it must end up with. */
function upgradeRows(): { record: StixRecord; rank: number; author: string }[] {
  const rows = Array.from({ length: UPGRADE_OBJECTS }, (_, n) => {
    const [extra, rank] = MARKING_CASES[n % MARKING_CASES.length] as [Record<string, unknown>, number];
    const author = [AUTHOR_A, '', AUTHOR_B][n % 3] as string;
    const record = indicator(n, T1, { ...extra, ...(author === '' ? {} : { created_by_ref: author }) });
    return { record, rank, author };
  });
  rows.push({ record: record(TLP_AMBER), rank: TLP_RANK.clear, author: '' });
  return rows;
}

/** The records to store in UPGRADE_COLLECTION with migration 1 only, in date_added order. */
export function upgradeRecords(): StixRecord[] {
  return upgradeRows().map((row) => row.record);
}

/** Checks a store opened on the old database: every row got its access columns, and the new tables work. */
export async function assertUpgraded(store: Store): Promise<void> {
  const collection = UPGRADE_COLLECTION.id;
  assert.deepEqual(await store.getCollection(collection), {
    ...UPGRADE_COLLECTION,
    apiRoot: DEFAULT_API_ROOT,
  });
  const rows = upgradeRows();
  assert.equal(await store.count({ collection }), rows.length);
  for (let maxTlpRank = -1; maxTlpRank <= TLP_RANK.red; maxTlpRank++) {
    for (const authors of [[], [AUTHOR_A], [AUTHOR_B], [AUTHOR_A, AUTHOR_B]]) {
      const scopes: Scope[] = [{ collection, maxTlpRank, authors }];
      const expected = rows.filter((row) => row.rank <= maxTlpRank || authors.includes(row.author));
      assert.equal(await store.count({ scopes }), expected.length, JSON.stringify(scopes));
    }
  }
  const amber: Scope[] = [{ collection, maxTlpRank: TLP_RANK.amber, authors: [AUTHOR_B] }];
  assert.deepEqual(
    (await listAll(store, { scopes: amber }, 1000)).map((v) => v.id),
    rows
      .filter((row) => row.rank <= TLP_RANK.amber || row.author === AUTHOR_B)
      .map((row) => row.record.object.id),
  );
  // Rows written after the upgrade get their columns from put().
  const latest = indicator(UPGRADE_OBJECTS, T2, {
    object_marking_refs: [TLP_RED.id],
    created_by_ref: AUTHOR_A,
  });
  await added(store, collection, [latest]);
  const ids = [latest.object.id];
  const belowRed = TLP_RANK['amber+strict'];
  assert.equal(
    await store.count({ ids, scopes: [{ collection, maxTlpRank: belowRed, authors: [AUTHOR_B] }] }),
    0,
  );
  assert.equal(
    await store.count({ ids, scopes: [{ collection, maxTlpRank: belowRed, authors: [AUTHOR_A] }] }),
    1,
  );
  assert.equal(
    await store.count({ ids, scopes: [{ collection, maxTlpRank: TLP_RANK.red, authors: [] }] }),
    1,
  );
  assert.equal(await store.putRecord('kind', 'key', { ok: true }, { ifAbsent: true }), true);
  assert.deepEqual(await store.listRecords('kind'), [{ key: 'key', value: { ok: true } }]);
  assert.equal((await store.appendAudit({ actor: 'system', action: 'upgrade', target: collection })).seq, 1);
  // Rows stored before the upgrade are still found by id (SQLite keys its id index anew).
  const [first, second] = rows;
  if (first === undefined || second === undefined) throw new Error('the upgrade fixture has rows');
  assert.deepEqual(
    (await store.get(first.record.object.id, { versions: ['all'] })).map((v) => v.id),
    [first.record.object.id],
  );
  assert.equal(await store.count({ ids: [first.record.object.id, second.record.object.id] }), 2);
  const [again] = await store.put(collection, [first.record]);
  assert.equal(again?.status, 'unchanged');
}
