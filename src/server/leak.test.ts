// The no-leak property: on random worlds (organisations, users with random roles, collections with
// random grants, objects and versions with random TLP markings and authors), every principal gets
// from every read path exactly what docs/access.md allows: the objects and versions, the ids in
// manifests and versions, the collections and API roots, `more`, the date headers, and 404s whose
// text does not tell a hidden object from an absent one. The expected answers come from the
// oracle below, written from docs/access.md, not from access/policy.ts.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { Directory, type Organisation } from '../access/directory.js';
import type { Grant } from '../access/policy.js';
import { type Role, SYSTEM } from '../access/principal.js';
import type { StixObject } from '../stix/object.js';
import { sortKey } from '../stix/timestamp.js';
import {
  TLP_AMBER,
  TLP_AMBER_STRICT,
  TLP_CLEAR,
  TLP_GREEN,
  TLP_RED,
  TLP1_RED,
  TLP1_WHITE,
} from '../stix/tlp.js';
import { openStore } from '../store/open.js';
import { buildServer } from './app.js';

const TAXII = 'application/taxii+json;version=2.1';
const EXTERNAL_AUTHOR = 'identity--ffffffff-0000-4000-8000-000000000000';
const STATEMENT = 'marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168';

/** Markings and the audience rank docs/access.md gives each: 0 CLEAR ... 4 RED. */
const MARKINGS: readonly { refs?: string[]; granular?: string; rank: number }[] = [
  { rank: 1 }, // unmarked: GREEN
  { refs: [TLP_CLEAR.id], rank: 0 },
  { refs: [TLP_GREEN.id], rank: 1 },
  { refs: [TLP_AMBER.id], rank: 2 },
  { refs: [TLP_AMBER_STRICT.id], rank: 3 },
  { refs: [TLP_RED.id], rank: 4 },
  { refs: [TLP1_WHITE.id], rank: 0 },
  { refs: [TLP1_RED.id], rank: 4 },
  { refs: [STATEMENT], rank: 1 },
  { refs: [TLP_CLEAR.id, TLP_AMBER.id], rank: 2 },
  { refs: [TLP_CLEAR.id], granular: TLP_RED.id, rank: 4 },
];

interface WorldSpec {
  orgs: { roles: Role[] }[];
  collections: { public: boolean; root: 0 | 1; grants: { read: boolean; write: boolean; red: boolean }[] }[];
  /** Each entry is one stored version: the id number, where, how marked, who authored it. */
  versions: { object: number; collection: number; marking: number; author: number }[];
}

const ROLE = fc.constantFrom<Role>('admin', 'analyst', 'reader', 'sync');
const GRANT = fc.record({ read: fc.boolean(), write: fc.boolean(), red: fc.boolean() });
const WORLD: fc.Arbitrary<WorldSpec> = fc.integer({ min: 2, max: 3 }).chain((orgCount) =>
  fc.record({
    orgs: fc.array(fc.record({ roles: fc.array(ROLE, { minLength: 1, maxLength: 2 }) }), {
      minLength: orgCount,
      maxLength: orgCount,
    }),
    collections: fc.array(
      fc.record({
        public: fc.boolean(),
        root: fc.constantFrom<0 | 1>(0, 1),
        grants: fc.array(GRANT, { minLength: orgCount, maxLength: orgCount }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    versions: fc.array(
      fc.record({
        object: fc.integer({ min: 0, max: 5 }),
        collection: fc.integer({ min: 0, max: 2 }),
        marking: fc.integer({ min: 0, max: MARKINGS.length - 1 }),
        // -1: no author; orgCount: an author outside the server; else an org of the world.
        author: fc.integer({ min: -1, max: orgCount }),
      }),
      { maxLength: 14 },
    ),
  }),
);

interface Row {
  collection: string;
  id: string;
  version: string;
  rank: number;
  author: string;
  dateAdded?: string;
}

interface Actor {
  name: string;
  token?: string;
  org?: string;
  role?: Role;
}

interface CollectionState {
  id: string;
  root: string;
  public: boolean;
  grants: Map<string, Grant>;
}

// --- the oracle: docs/access.md, read literally

function orgGrant(actor: Actor, collection: CollectionState): Grant | undefined {
  return actor.org === undefined ? undefined : collection.grants.get(actor.org);
}

/** The highest rank the actor may read in a collection, or -1 when it may not read it at all. */
function maxRank(actor: Actor, collection: CollectionState): number {
  if (actor.role === undefined) return collection.public ? 0 : -1;
  const grant = orgGrant(actor, collection);
  if (actor.role === 'admin' || grant?.read === true || grant?.red === true)
    return grant?.red === true ? 4 : 3;
  return collection.public ? 1 : -1;
}

function mayWrite(actor: Actor, collection: CollectionState): boolean {
  if (actor.role === undefined || actor.role === 'reader') return false;
  return actor.role === 'admin' || orgGrant(actor, collection)?.write === true;
}

function knows(actor: Actor, collection: CollectionState): boolean {
  return maxRank(actor, collection) >= 0 || mayWrite(actor, collection);
}

function sees(actor: Actor, collection: CollectionState, row: Row): boolean {
  const max = maxRank(actor, collection);
  if (max < 0) return false;
  return row.rank <= max || (actor.org !== undefined && row.author === actor.org);
}

/** The last visible version of each (collection, id), in date_added order. */
function lastVisible(rows: readonly Row[]): Row[] {
  const last = new Map<string, Row>();
  for (const row of rows) {
    const key = `${row.collection} ${row.id}`;
    const current = last.get(key);
    if (current === undefined || sortKey(row.version) > sortKey(current.version)) last.set(key, row);
  }
  return [...last.values()].sort((a, b) => (a.dateAdded ?? '').localeCompare(b.dateAdded ?? ''));
}

// --- the world, built through the real CLI-level API

function objectId(n: number): string {
  return `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function stixVersion(
  n: number,
  index: number,
  marking: (typeof MARKINGS)[number],
  author: string,
): StixObject {
  const modified = new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString();
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: objectId(n),
    created: '2026-01-01T00:00:00.000Z',
    modified,
    pattern: `[ipv4-addr:value = '198.51.100.${n}']`,
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00Z',
    ...(marking.refs === undefined ? {} : { object_marking_refs: marking.refs }),
    ...(marking.granular === undefined
      ? {}
      : { granular_markings: [{ marking_ref: marking.granular, selectors: ['pattern'] }] }),
    ...(author === '' ? {} : { created_by_ref: author }),
  };
}

describe('no read path leaks (property)', () => {
  const dirs: string[] = [];
  let checks = 0;

  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('gives every principal exactly what the policy allows, on every read path', async () => {
    await fc.assert(
      fc.asyncProperty(WORLD, fc.integer({ min: 1, max: 4 }), async (spec, limit) => {
        const dir = mkdtempSync(join(tmpdir(), 'dc-leak-'));
        dirs.push(dir);
        const store = await openStore({ dataDir: dir });
        let app: FastifyInstance | undefined;
        try {
          const directory = new Directory(store);
          const orgs: Organisation[] = [];
          for (const [index] of spec.orgs.entries())
            orgs.push(await directory.createOrg(SYSTEM, `org ${index}`));
          const actors: Actor[] = [{ name: 'anonymous' }];
          for (const [orgIndex, org] of spec.orgs.entries()) {
            for (const [roleIndex, role] of org.roles.entries()) {
              const name = `u${orgIndex}-${roleIndex}`;
              const created = await directory.createUser(SYSTEM, {
                name,
                org: (orgs[orgIndex] as Organisation).id,
                role,
              });
              actors.push({ name, token: created.token, org: created.user.org, role });
            }
          }
          const collections: CollectionState[] = [];
          for (const [index, c] of spec.collections.entries()) {
            const grants = c.grants.map((g, orgIndex) => ({
              org: (orgs[orgIndex] as Organisation).id,
              ...g,
            }));
            const made = await directory.createCollection(SYSTEM, {
              title: `c${index}`,
              apiRoot: c.root === 0 ? 'api1' : 'partners',
              public: c.public,
              grants,
            });
            collections.push({
              id: made.collection.id,
              root: made.collection.apiRoot,
              public: c.public,
              grants: new Map(made.policy.grants.map((g) => [g.org, g])),
            });
          }
          const rows: Row[] = [];
          for (const [index, v] of spec.versions.entries()) {
            const collection = collections[v.collection % collections.length] as CollectionState;
            const author =
              v.author < 0
                ? ''
                : v.author >= orgs.length
                  ? EXTERNAL_AUTHOR
                  : (orgs[v.author] as Organisation).id;
            const marking = MARKINGS[v.marking] as (typeof MARKINGS)[number];
            const object = stixVersion(v.object, index, marking, author);
            const [outcome] = await store.put(collection.id, [{ object, json: JSON.stringify(object) }]);
            if (outcome?.status !== 'added') throw new Error(`could not store ${object.id}`);
            rows.push({
              collection: collection.id,
              id: object.id as string,
              version: object.modified as string,
              rank: marking.rank,
              author,
              dateAdded: outcome.dateAdded,
            });
          }
          app = await buildServer({ store, directory, logLevel: false });
          const server = app;
          for (const actor of actors) {
            const headers = {
              accept: TAXII,
              ...(actor.token === undefined ? {} : { authorization: `Bearer ${actor.token}` }),
            };
            const get = (url: string) => server.inject({ url, headers });
            const label = (what: string) => `${actor.name} (${actor.role ?? 'anonymous'}): ${what}`;

            // Discovery and collection lists.
            const known = collections.filter((c) => knows(actor, c));
            const roots = [...new Set(['api1', ...known.map((c) => c.root)])].sort().map((r) => `/${r}/`);
            assert.deepEqual((await get('/taxii2/')).json().api_roots, roots, label('API roots'));
            checks += 1;
            for (const root of ['api1', 'partners']) {
              const res = await get(`/${root}/collections/`);
              const expected = known.filter((c) => c.root === root).map((c) => c.id);
              if (!roots.includes(`/${root}/`)) {
                assert.equal(res.statusCode, 404, label(`unknown root ${root}`));
              } else {
                const listed = ((res.json() as { collections?: { id: string }[] }).collections ?? []).map(
                  (c) => c.id,
                );
                assert.deepEqual(listed.sort(), expected.sort(), label(`collections of ${root}`));
              }
              checks += 1;
            }

            for (const collection of collections) {
              const base = `/${collection.root}/collections/${collection.id}`;
              const visible = rows.filter(
                (row) => row.collection === collection.id && sees(actor, collection, row),
              );
              if (!knows(actor, collection)) {
                const hidden = await get(`${base}/objects/`);
                const absent = await get(
                  `/${collection.root}/collections/${'0'.repeat(8)}-0000-4000-8000-000000000000/objects/`,
                );
                assert.equal(hidden.statusCode, 404, label('hidden collection'));
                assert.equal(
                  hidden.json().description.replace(collection.id, 'X'),
                  absent.json().description.replace(`${'0'.repeat(8)}-0000-4000-8000-000000000000`, 'X'),
                  label('hidden collection message'),
                );
                checks += 1;
                continue;
              }
              if (maxRank(actor, collection) < 0) {
                assert.equal((await get(`${base}/objects/`)).statusCode, 403, label('write-only collection'));
                checks += 1;
                continue;
              }
              // Objects and manifest, paged: the latest visible version of each object, and more/next
              // exactly while visible ones remain.
              for (const endpoint of ['objects', 'manifest'] as const) {
                const expected = lastVisible(visible);
                const got: { id: string; version: string }[] = [];
                let url = `${base}/${endpoint}/?limit=${limit}`;
                for (let page = 0; page < 100; page += 1) {
                  const res = await get(url);
                  assert.equal(res.statusCode, 200, label(`${endpoint}: ${res.body}`));
                  const body = res.json() as {
                    objects?: { id: string; modified?: string; version?: string; date_added?: string }[];
                    more?: boolean;
                    next?: string;
                  };
                  const items = body.objects ?? [];
                  got.push(
                    ...items.map((item) => ({
                      id: item.id,
                      version: (item.modified ?? item.version) as string,
                    })),
                  );
                  const first = expected[got.length - items.length];
                  const last = expected[got.length - 1];
                  if (items.length > 0) {
                    assert.equal(
                      res.headers['x-taxii-date-added-first'],
                      first?.dateAdded,
                      label(`${endpoint} first header`),
                    );
                    assert.equal(
                      res.headers['x-taxii-date-added-last'],
                      last?.dateAdded,
                      label(`${endpoint} last header`),
                    );
                  } else {
                    assert.equal(
                      res.headers['x-taxii-date-added-first'],
                      undefined,
                      label('empty page header'),
                    );
                  }
                  assert.equal(body.more === true, got.length < expected.length, label(`${endpoint} more`));
                  if (body.more !== true) break;
                  url = `${base}/${endpoint}/?limit=${limit}&next=${body.next}`;
                }
                assert.deepEqual(
                  got,
                  expected.map((row) => ({ id: row.id, version: row.version })),
                  label(`${endpoint} of ${collection.id}`),
                );
                checks += 1;
              }
              // Each object by id and its versions: the visible versions, or a 404 that reads as absence.
              for (let n = 0; n <= 5; n += 1) {
                const id = objectId(n);
                const mine = visible.filter((row) => row.id === id);
                const one = await get(`${base}/objects/${id}/`);
                const versions = await get(`${base}/objects/${id}/versions/`);
                if (mine.length === 0) {
                  assert.equal(one.statusCode, 404, label(`by id ${id}`));
                  assert.equal(versions.statusCode, 404, label(`versions ${id}`));
                  assert.equal(
                    one.json().description,
                    `no object '${id}' in collection '${collection.id}'`,
                    label('404 text'),
                  );
                } else {
                  const last = lastVisible(mine)[0] as Row;
                  assert.deepEqual(
                    (one.json().objects as StixObject[]).map((o) => o.modified),
                    [last.version],
                    label(`by id ${id}`),
                  );
                  assert.deepEqual(
                    versions.json().versions,
                    [...mine]
                      .sort((a, b) => (a.dateAdded ?? '').localeCompare(b.dateAdded ?? ''))
                      .map((row) => row.version),
                    label(`versions ${id}`),
                  );
                }
                checks += 2;
              }
            }

            // The REST API across collections.
            const restHeaders = actor.token === undefined ? {} : { authorization: `Bearer ${actor.token}` };
            const restVisible = rows.filter((row) => {
              const collection = collections.find((c) => c.id === row.collection) as CollectionState;
              return sees(actor, collection, row);
            });
            const list = await server.inject({ url: '/api/v1/objects?limit=1000', headers: restHeaders });
            assert.deepEqual(
              (list.json().objects as StixObject[]).map((o) => `${o.id} ${o.modified}`),
              lastVisible(restVisible).map((row) => `${row.id} ${row.version}`),
              label('REST list'),
            );
            checks += 1;
            for (let n = 0; n <= 5; n += 1) {
              const id = objectId(n);
              const res = await server.inject({
                url: `/api/v1/objects/${id}?versions=all`,
                headers: restHeaders,
              });
              const expected = restVisible.filter((row) => row.id === id);
              if (expected.length === 0) {
                assert.equal(res.statusCode, 404, label(`REST ${id}`));
                assert.equal(res.json().error.message, `no object with id '${id}'`, label('REST 404 text'));
              } else {
                assert.deepEqual(
                  (res.json().objects as StixObject[]).map((o) => o.modified).sort(),
                  expected.map((row) => row.version).sort(),
                  label(`REST ${id}`),
                );
              }
              checks += 1;
            }
          }
        } finally {
          await app?.close();
          await store.close();
        }
      }),
      { numRuns: 40 },
    );
    // Each run checks every principal on every path; the total shows the property's reach.
    assert.ok(checks > 2000, `only ${checks} checks ran`);
  });
});
