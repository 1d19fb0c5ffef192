import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Directory } from '../access/directory.js';
import { SYSTEM } from '../access/principal.js';
import type { StixObject } from '../stix/object.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { buildServer } from './app.js';

function malware(n: number, modified: string, name = `Malware ${n}`): StixObject {
  return {
    type: 'malware',
    spec_version: '2.1',
    id: `malware--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    created: '2026-01-01T00:00:00.000Z',
    modified,
    name,
    is_family: true,
  };
}

describe('REST API', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let collection: string;
  let token: string;

  /** A request as an analyst of an organisation granted read on the collection. */
  function get(url: string) {
    return app.inject({ url, headers: { authorization: `Bearer ${token}` } });
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dc-server-'));
    store = await openStore({ dataDir: dir });
    collection = (await store.createCollection({ title: 'intel' })).id;
    const objects = [
      ...Array.from({ length: 25 }, (_, i) => malware(i, '2026-01-01T00:00:00.000Z')),
      malware(1, '2026-02-01T00:00:00.000Z', 'ScoringMathTea'),
    ];
    await store.put(
      collection,
      objects.map((object) => ({ object, json: JSON.stringify(object) })),
    );
    const directory = new Directory(store);
    const org = await directory.createOrg(SYSTEM, 'ACME');
    await directory.grant(SYSTEM, collection, {
      grants: [{ org: org.id, read: true, write: false, red: false }],
    });
    token = (await directory.createUser(SYSTEM, { name: 'ana', org: org.id, role: 'analyst' })).token;
    app = await buildServer({ store, directory, logLevel: false });
  });

  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /healthz', async () => {
    const res = await get('/healthz');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok', backend: 'sqlite' });
  });

  it('pages through the latest versions with limit and cursor, without skips or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await get(`/api/v1/objects?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /application\/json/);
      const body = res.json() as { objects: StixObject[]; next?: string };
      seen.push(...body.objects.map((o) => o.id));
      if (body.next !== undefined) assert.notEqual(body.next, cursor, 'the cursor advances');
      cursor = body.next;
    } while (cursor !== undefined);
    assert.equal(seen.length, 25);
    assert.equal(new Set(seen).size, 25);
  });

  it('filters by type, id and text, and returns every version on request', async () => {
    const byText = (await get('/api/v1/objects?q=scoringmath')).json() as { objects: StixObject[] };
    assert.deepEqual(
      byText.objects.map((o) => o.name),
      ['ScoringMathTea'],
    );
    const none = (await get('/api/v1/objects?type=indicator,tool')).json() as {
      objects: StixObject[];
    };
    assert.equal(none.objects.length, 0);
    const id = malware(1, '').id;
    const latest = (await get(`/api/v1/objects/${id}`)).json() as { objects: StixObject[] };
    assert.deepEqual(
      latest.objects.map((o) => o.modified),
      ['2026-02-01T00:00:00.000Z'],
    );
    const all = (await get(`/api/v1/objects/${id}?versions=all`)).json() as { objects: StixObject[] };
    assert.deepEqual(
      all.objects.map((o) => o.modified),
      ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
    );
    const byCollection = (await get(`/api/v1/objects?collection=intel&id=${id}`)).json() as {
      objects: StixObject[];
    };
    assert.equal(byCollection.objects.length, 1);
  });

  it('serves stored objects byte for byte', async () => {
    const object = malware(3, '2026-01-01T00:00:00.000Z');
    const res = await get(`/api/v1/objects/${object.id}`);
    assert.equal(res.body, `{"objects":[${JSON.stringify(object)}]}`);
  });

  const badRequests: Array<[string, number, string]> = [
    ['/api/v1/objects?limit=0', 400, 'bad-request'],
    ['/api/v1/objects?limit=abc', 400, 'bad-request'],
    ['/api/v1/objects?limit=100000', 400, 'bad-request'],
    ['/api/v1/objects?cursor=%%%', 400, 'bad-cursor'],
    ['/api/v1/objects?cursor=notacursor', 400, 'bad-cursor'],
    ['/api/v1/objects?added_after=yesterday', 400, 'bad-parameter'],
    ['/api/v1/objects?versions=newest', 400, 'bad-parameter'],
    ['/api/v1/objects?frobnicate=1', 400, 'bad-request'],
    ['/api/v1/objects?collection=nope', 404, 'collection-not-found'],
    ['/api/v1/objects/malware--00000000-0000-4000-8000-999999999999', 404, 'object-not-found'],
    ['/api/v1/nothing-here', 404, 'not-found'],
    ['/api/v1/objects/%E0%A4%A', 400, 'bad-url'],
  ];
  for (const [url, status, code] of badRequests) {
    it(`answers ${url} with ${status} ${code} and a message`, async () => {
      const res = await get(url);
      assert.equal(res.statusCode, status);
      const body = res.json() as { error: { code: string; message: string } };
      assert.equal(body.error.code, code);
      assert.ok(body.error.message.length > 0);
      assert.doesNotMatch(res.body, /at .*\.js:\d+/, 'no stack trace');
    });
  }
});
