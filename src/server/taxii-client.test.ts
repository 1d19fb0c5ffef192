// The TAXII client against this project's own server over real HTTP: the read endpoints, paging
// and a TAXII error. It lives in server/ because only the surface may import both the server and
// the client (taxii/ may not import server/).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Directory } from '../access/directory.js';
import { SYSTEM } from '../access/principal.js';
import type { StixObject } from '../stix/object.js';
import { TLP_CLEAR } from '../stix/tlp.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { TaxiiClient } from '../taxii/client.js';
import { TaxiiClientError } from '../taxii/client-errors.js';
import { buildServer } from './app.js';

function malware(n: number, modified: string): StixObject {
  return {
    type: 'malware',
    spec_version: '2.1',
    id: `malware--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    created: '2026-01-01T00:00:00.000Z',
    modified,
    name: `Malware ${n}`,
    is_family: true,
    // TLP:CLEAR, which an anonymous client may read from a public collection.
    object_marking_refs: [TLP_CLEAR.id],
  };
}

const V1 = '2026-01-01T00:00:00.000Z';
const V2 = '2026-02-01T00:00:00.000Z';

describe('TAXII client against the dreamcatcher server', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let client: TaxiiClient;
  let collectionId: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dc-taxii-client-'));
    let now = Date.UTC(2026, 5, 1);
    store = await openSqliteStore({ path: join(dir, 'dreamcatcher.db'), clock: () => now++ });
    // Public, so that the client reads it without credentials.
    const directory = new Directory(store);
    collectionId = (await directory.createCollection(SYSTEM, { title: 'intel', public: true })).collection.id;
    const objects = [...Array.from({ length: 7 }, (_, n) => malware(n, V1)), malware(1, V2)];
    await store.put(
      collectionId,
      objects.map((object) => ({ object, json: JSON.stringify(object) })),
    );
    app = await buildServer({ store, directory, logLevel: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    assert.ok(address !== null && typeof address !== 'string');
    const discovering = new TaxiiClient({ discovery: `http://127.0.0.1:${address.port}/taxii2/` });
    const roots = await discovering.apiRoots();
    assert.ok(roots.default !== undefined);
    client = discovering.withApiRoot(roots.default);
  });

  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('discovers the API root and reads its information and collections', async () => {
    assert.equal(client.apiRoot?.pathname, '/api1/');
    const info = await client.apiRootInfo();
    assert.deepEqual(info.versions, ['application/taxii+json;version=2.1']);
    const collections = await client.collections();
    assert.deepEqual(
      collections.map((collection) => [collection.id, collection.title]),
      [[collectionId, 'intel']],
    );
    assert.equal((await client.collection(collectionId)).title, 'intel');
  });

  it('pages through every object, then resumes from the last date_added with nothing new', async () => {
    const pages = [];
    for await (const page of client.pages(collectionId, { limit: 3 })) pages.push(page);
    assert.deepEqual(
      pages.map((page) => page.objects.length),
      [3, 3, 1],
    );
    const ids = pages.flatMap((page) => page.objects.map((object) => (object as StixObject).id));
    assert.equal(new Set(ids).size, 7);
    const cursor = pages.at(-1)?.dateAddedLast;
    assert.match(cursor ?? '', /^2026-06-01T00:00:00\.\d+Z$/);

    const resumed = await client.getObjects(collectionId, { addedAfter: cursor });
    assert.deepEqual(resumed, { more: false, objects: [] });
  });

  it('reads the manifest, the versions and one object', async () => {
    const manifest = await client.manifest(collectionId, { match: { type: 'malware' }, limit: 100 });
    assert.equal(manifest.objects.length, 7);
    const id = malware(1, V1).id;
    assert.deepEqual((await client.versions(collectionId, id)).versions, [V1, V2]);
    const all = await client.getObject(collectionId, id, { match: { version: 'all' } });
    assert.deepEqual(
      all.objects.map((object) => (object as StixObject).modified),
      [V1, V2],
    );
  });

  it('surfaces the server TAXII error resource', async () => {
    const error = await client.getObjects(collectionId, { match: { type: 'no such type!' } }).then(
      () => assert.fail('the bad filter was accepted'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof TaxiiClientError);
    assert.equal(error.status, 400);
    assert.equal(error.retryable, false);
    assert.equal(error.title, 'Bad Request');
    assert.equal(error.errorCode, 'bad-filter');
    assert.match(error.message, /HTTP 400 Bad Request: "Bad Request": .*\[bad-filter\]$/);
  });
});
