import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { Directory } from '../access/directory.js';
import { type Principal, SYSTEM } from '../access/principal.js';
import type { StixObject } from '../stix/object.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { taxiiRoutes } from './server-routes.js';

const TAXII = 'application/taxii+json;version=2.1';
const ACCEPT = { accept: TAXII };

function uuid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function malware(n: number, modified: string): StixObject {
  return {
    type: 'malware',
    spec_version: '2.1',
    id: `malware--${uuid(n)}`,
    created: '2026-01-01T00:00:00.000Z',
    modified,
    name: `Malware ${n}`,
    is_family: true,
  };
}

function indicator(n: number): StixObject {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuid(100 + n)}`,
    created: '2026-01-05T00:00:00.000Z',
    modified: '2026-01-05T00:00:00.000Z',
    pattern: `[ipv4-addr:value = '198.51.100.${n}']`,
    pattern_type: 'stix',
    valid_from: '2026-01-05T00:00:00Z',
  };
}

const SCO: StixObject = {
  type: 'ipv4-addr',
  spec_version: '2.1',
  id: `ipv4-addr--${uuid(200)}`,
  value: '198.51.100.7',
};
const M1 = malware(1, '').id;
const V1 = '2026-01-01T00:00:00.000Z';
const V2 = '2026-02-01T00:00:00.000Z';
const V3 = '2026-03-01T00:00:00.000Z';

interface Envelope {
  more?: boolean;
  next?: string;
  objects?: StixObject[];
}
interface ManifestRecord {
  id: string;
  date_added: string;
  version: string;
  media_type: string;
}

function records(objects: readonly StixObject[]) {
  // Keys in an order JSON.parse + stringify would not give back, to show the text is spliced.
  return objects.map((object) => ({ object, json: JSON.stringify(object, Object.keys(object).sort()) }));
}

/**
 * The plugin in a server configured as server/app.ts configures it (taxii may not import server/),
 * with every request made by one principal: the host itself unless a test names another. Access
 * rules have their own tests (taxii-access.test.ts); these are about the protocol.
 */
async function serve(
  store: Store,
  options: { principal?: Principal; bodyLimit?: number; title?: string } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
    bodyLimit: options.bodyLimit ?? 10 * 1024 * 1024,
  });
  const principal = options.principal ?? SYSTEM;
  app.decorateRequest('principal');
  app.addHook('onRequest', async (request) => {
    request.principal = principal;
  });
  await app.register(taxiiRoutes, {
    store,
    directory: new Directory(store),
    ...(options.title === undefined ? {} : { title: options.title }),
  });
  return app;
}

function assertTaxiiError(res: LightMyRequestResponse, status: number): void {
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.headers['content-type'], TAXII);
  const body = res.json() as Record<string, unknown>;
  assert.equal(typeof body.title, 'string');
  assert.equal(typeof body.description, 'string');
  assert.equal(typeof body.error_code, 'string');
  assert.equal(typeof body.error_id, 'string');
  assert.equal(body.http_status, String(status));
  assert.doesNotMatch(res.body, /\bat .*\.js:\d+|stack/);
}

describe('TAXII 2.1 endpoints', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let intel: string;
  let other: string;
  let empty: string;
  let base: string;

  async function get(url: string, headers: Record<string, string> = ACCEPT): Promise<LightMyRequestResponse> {
    return app.inject({ url, headers });
  }

  async function ok(url: string): Promise<LightMyRequestResponse> {
    const res = await get(url);
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    assert.equal(res.headers['content-type'], TAXII);
    return res;
  }

  async function objectsOf(url: string): Promise<StixObject[]> {
    return ((await ok(url)).json() as Envelope).objects ?? [];
  }

  async function manifestOf(url: string): Promise<ManifestRecord[]> {
    return ((await ok(url)).json() as { objects?: ManifestRecord[] }).objects ?? [];
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dc-taxii-'));
    let now = Date.UTC(2026, 5, 1);
    store = await openStore({ dataDir: dir, clock: () => now++ });
    intel = (await store.createCollection({ title: 'intel', description: 'high value' })).id;
    other = (await store.createCollection({ title: 'other' })).id;
    empty = (await store.createCollection({ title: 'empty' })).id;
    await store.put(intel, records(Array.from({ length: 10 }, (_, n) => malware(n, V1))));
    await store.put(intel, records(Array.from({ length: 5 }, (_, n) => indicator(n))));
    await store.put(intel, records([malware(1, V2)]));
    await store.put(intel, records([SCO]));
    await store.put(intel, records([malware(1, V3)]));
    await store.put(other, records([malware(50, V1)]));
    app = await serve(store);
    base = `/api1/collections/${intel}`;
  });

  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('server information (section 4)', () => {
    it('serves discovery with the one API root as default', async () => {
      const res = await ok('/taxii2/');
      assert.deepEqual(res.json(), {
        title: 'dreamcatcher TAXII 2.1',
        default: '/api1/',
        api_roots: ['/api1/'],
      });
    });

    it('serves the API root information with the server body limit', async () => {
      const res = await ok('/api1/');
      assert.deepEqual(res.json(), {
        title: 'dreamcatcher TAXII 2.1',
        versions: [TAXII],
        max_content_length: 10 * 1024 * 1024,
      });
    });

    it('serves every API root that holds a collection, each with its own collections', async () => {
      const trustDir = mkdtempSync(join(tmpdir(), 'dc-taxii-roots-'));
      const trustStore = await openStore({ dataDir: trustDir });
      const trust = await trustStore.createCollection({ title: 'partners', apiRoot: 'trustgroup1' });
      await trustStore.createCollection({ title: 'local' });
      const custom = await serve(trustStore, { bodyLimit: 4096, title: 'Trust group 1' });
      const discovery = await custom.inject({ url: '/taxii2/', headers: ACCEPT });
      assert.deepEqual(discovery.json(), {
        title: 'Trust group 1',
        default: '/api1/',
        api_roots: ['/api1/', '/trustgroup1/'],
      });
      const root = await custom.inject({ url: '/trustgroup1/', headers: ACCEPT });
      assert.equal((root.json() as { max_content_length: number }).max_content_length, 4096);
      // A body one byte past it: a 413 that names the limit, as MISP's push packs envelopes up to it.
      const tooBig = await custom.inject({
        method: 'POST',
        url: `/trustgroup1/collections/${trust.id}/objects/`,
        headers: { ...ACCEPT, 'content-type': TAXII },
        payload: `{"objects":[${' '.repeat(4096 - 13)}]}`,
      });
      assertTaxiiError(tooBig, 413);
      assert.equal(tooBig.json().error_code, 'body-too-large');
      assert.match(tooBig.json().description, /max_content_length, 4096 bytes/);
      const listed = (await custom.inject({ url: '/trustgroup1/collections/', headers: ACCEPT })).json() as {
        collections: { id: string }[];
      };
      assert.deepEqual(
        listed.collections.map((c) => c.id),
        [trust.id],
      );
      // A collection is served under its own API root only, and unknown roots are 404s.
      assertTaxiiError(await custom.inject({ url: `/api1/collections/${trust.id}/`, headers: ACCEPT }), 404);
      assertTaxiiError(await custom.inject({ url: '/nosuchroot/', headers: ACCEPT }), 404);
      assertTaxiiError(await custom.inject({ url: '/nosuchroot/collections/', headers: ACCEPT }), 404);
      await custom.close();
      await trustStore.close();
      rmSync(trustDir, { recursive: true, force: true });
    });
  });

  describe('collections (sections 5.1, 5.2)', () => {
    it('lists every collection in creation order with its id, title, description and access', async () => {
      const res = await ok('/api1/collections/');
      const body = res.json() as { collections: Array<Record<string, unknown>> };
      assert.deepEqual(
        body.collections.map((c) => c.id),
        [intel, other, empty],
      );
      assert.deepEqual(body.collections[0], {
        id: intel,
        title: 'intel',
        description: 'high value',
        can_read: true,
        can_write: true,
        media_types: ['application/stix+json;version=2.1'],
      });
      assert.equal('description' in (body.collections[1] ?? {}), false);
      assert.equal((await ok('/api1/collections/')).body, res.body);
    });

    it('answers an empty object when there are no collections', async () => {
      const emptyDir = mkdtempSync(join(tmpdir(), 'dc-taxii-empty-'));
      const bare = await openStore({ dataDir: emptyDir });
      const bareApp = await serve(bare);
      const res = await bareApp.inject({ url: '/api1/collections/', headers: ACCEPT });
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, '{}');
      await bareApp.close();
      await bare.close();
      rmSync(emptyDir, { recursive: true, force: true });
    });

    it('serves one collection by id, never by title', async () => {
      const res = await ok(`${base}/`);
      assert.equal((res.json() as { id: string }).id, intel);
      assertTaxiiError(await get('/api1/collections/intel/'), 404);
    });
  });

  describe('get objects (section 5.4)', () => {
    it('gives a page whose memory the store lends back once its answer is written, and only then', async () => {
      const releases: string[] = [];
      // The store as a server opens it lends pages read on its threads; this one lends every page.
      const lending = new Proxy(store, {
        get(target, property) {
          if (property === 'listJson') {
            return async (...args: Parameters<Store['listJson']>) => {
              const page = await target.listJson(...args);
              return {
                ...page,
                // As a reader thread would: the memory filled with another page once given back.
                release: () => {
                  releases.push(page.objects.toString());
                  page.objects.fill(' ');
                },
              };
            };
          }
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const lendingApp = await serve(lending);
      try {
        const res = await lendingApp.inject({ url: `${base}/objects/?limit=2`, headers: ACCEPT });
        assert.equal(res.statusCode, 200);
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(releases.length, 1, 'released once');
        const sent = (res.json() as Envelope).objects?.map((o) => JSON.stringify(o)).join(',');
        assert.equal(
          JSON.stringify(JSON.parse(`[${releases[0]}]`)).slice(1, -1),
          sent,
          'after the bytes sent',
        );
        const byId = await lendingApp.inject({ url: `${base}/objects/${M1}/`, headers: ACCEPT });
        assert.equal(byId.statusCode, 200);
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(releases.length, 2, 'an object by id too');
      } finally {
        await lendingApp.close();
      }
    });

    it('returns the latest version of each object in date_added order by default', async () => {
      const objects = await objectsOf(`${base}/objects/`);
      assert.equal(objects.length, 16);
      assert.deepEqual(
        objects.filter((o) => o.id === M1).map((o) => o.modified),
        [V3],
      );
      const manifest = await manifestOf(`${base}/manifest/`);
      assert.deepEqual(
        objects.map((o) => o.id),
        manifest.map((r) => r.id),
      );
      const added = manifest.map((r) => r.date_added);
      assert.deepEqual([...added].sort(), added);
    });

    it('splices the stored JSON text byte for byte', async () => {
      const object = malware(3, V1);
      const json = JSON.stringify(object, Object.keys(object).sort());
      const res = await ok(`${base}/objects/${object.id}/`);
      assert.equal(res.body, `{"objects":[${json}]}`);
    });

    it('sets X-TAXII-Date-Added-First and -Last to the first and last object of the page', async () => {
      const manifest = await manifestOf(`${base}/manifest/?limit=4`);
      const res = await ok(`${base}/objects/?limit=4`);
      assert.equal(res.headers['x-taxii-date-added-first'], manifest[0]?.date_added);
      assert.equal(res.headers['x-taxii-date-added-last'], manifest[3]?.date_added);
      assert.match(
        String(res.headers['x-taxii-date-added-first']),
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/,
      );
    });

    it('answers an empty envelope without date headers when nothing matches', async () => {
      for (const url of [
        `${base}/objects/?match[type]=campaign`,
        `${base}/objects/?match[spec_version]=2.0`,
        `/api1/collections/${empty}/objects/`,
      ]) {
        const res = await ok(url);
        assert.equal(res.body, '{}');
        assert.equal(res.headers['x-taxii-date-added-first'], undefined);
        assert.equal(res.headers['x-taxii-date-added-last'], undefined);
      }
    });

    it('filters by match[type], one or several', async () => {
      assert.equal((await objectsOf(`${base}/objects/?match[type]=indicator`)).length, 5);
      const mixed = await objectsOf(`${base}/objects/?match[type]=indicator,ipv4-addr`);
      assert.deepEqual(new Set(mixed.map((o) => o.type)), new Set(['indicator', 'ipv4-addr']));
      assert.equal(mixed.length, 6);
    });

    it('filters by match[id], one or several', async () => {
      const ids = [M1, SCO.id, malware(50, V1).id];
      const found = await objectsOf(`${base}/objects/?match[id]=${ids.join(',')}`);
      // malware 50 lives in the other collection only.
      assert.deepEqual(found.map((o) => o.id).sort(), [M1, SCO.id].sort());
    });

    it('filters by match[version]: first, last, all, timestamps and combinations', async () => {
      const versionsOfM1 = async (match: string) =>
        (await objectsOf(`${base}/objects/?match[id]=${M1}&match[version]=${match}`)).map((o) => o.modified);
      assert.deepEqual(await versionsOfM1('first'), [V1]);
      assert.deepEqual(await versionsOfM1('last'), [V3]);
      assert.deepEqual(await versionsOfM1('all'), [V1, V2, V3]);
      assert.deepEqual(await versionsOfM1('first,last'), [V1, V3]);
      assert.deepEqual(await versionsOfM1(V2), [V2]);
      assert.deepEqual(await versionsOfM1('2026-02-01T00:00:00Z'), [V2]);
      assert.deepEqual(await versionsOfM1(`first,${V2}`), [V1, V2]);
      assert.deepEqual(await versionsOfM1('2027-01-01T00:00:00.000Z'), []);
      assert.equal((await objectsOf(`${base}/objects/?match[version]=all`)).length, 18);
      assert.equal((await objectsOf(`${base}/objects/?match[version]=first`)).length, 16);
    });

    it('filters by match[spec_version]', async () => {
      assert.equal((await objectsOf(`${base}/objects/?match[spec_version]=2.1`)).length, 16);
      assert.equal((await objectsOf(`${base}/objects/?match[spec_version]=2.0,2.1`)).length, 16);
      assert.equal((await objectsOf(`${base}/objects/?match[spec_version]=2.0`)).length, 0);
    });

    it('ANDs the match fields together', async () => {
      const found = await objectsOf(
        `${base}/objects/?match[type]=malware&match[id]=${M1},${SCO.id}&match[version]=all&match[spec_version]=2.1`,
      );
      assert.deepEqual(
        found.map((o) => o.modified),
        [V1, V2, V3],
      );
      assert.equal((await objectsOf(`${base}/objects/?match[type]=indicator&match[id]=${M1}`)).length, 0);
    });

    it('accepts the match parameters percent-encoded', async () => {
      assert.equal((await objectsOf(`${base}/objects/?match%5Btype%5D=indicator`)).length, 5);
    });

    it('filters by added_after, strictly after the given instant', async () => {
      const manifest = await manifestOf(`${base}/manifest/?match[version]=all`);
      const pivot = manifest[9]?.date_added as string;
      const later = await manifestOf(`${base}/manifest/?match[version]=all&added_after=${pivot}`);
      assert.deepEqual(later, manifest.slice(10));
      const objects = await objectsOf(`${base}/objects/?added_after=${pivot}&match[type]=malware`);
      // malware 1 was re-added after the pivot; the other malware were not.
      assert.deepEqual(
        objects.map((o) => o.id),
        [M1],
      );
      assert.equal((await objectsOf(`${base}/objects/?added_after=2099-01-01T00:00:00Z`)).length, 0);
      assert.equal((await objectsOf(`${base}/objects/?added_after=2000-01-01T00:00:00Z`)).length, 16);
    });

    it('takes a limit above the server page as the server page', async () => {
      assert.equal((await objectsOf(`${base}/objects/?limit=100000`)).length, 16);
    });
  });

  describe('paging (sections 3.4, 3.5)', () => {
    async function pageThrough(first: string, key: 'objects' | 'versions' = 'objects') {
      const pages: Array<{ items: unknown[]; more?: boolean; next?: string }> = [];
      let url = first;
      for (;;) {
        const res = await ok(url);
        const body = res.json() as Record<string, unknown>;
        const page = {
          items: (body[key] as unknown[] | undefined) ?? [],
          more: body.more as boolean | undefined,
          next: body.next as string | undefined,
        };
        pages.push(page);
        if (page.next === undefined) return pages;
        assert.equal(page.more, true);
        url = `${first}${first.includes('?') ? '&' : '?'}next=${encodeURIComponent(page.next)}`;
      }
    }

    it('pages through objects with limit and next, without skips or repeats', async () => {
      const all = await objectsOf(`${base}/objects/?match[version]=all`);
      const pages = await pageThrough(`${base}/objects/?match[version]=all&limit=4`);
      assert.deepEqual(
        pages.map((p) => p.items.length),
        [4, 4, 4, 4, 2],
      );
      assert.deepEqual(
        pages.flatMap((p) => p.items as StixObject[]),
        all,
      );
      const last = pages.at(-1);
      assert.equal(last?.more, undefined);
      assert.equal(last?.next, undefined);
    });

    it('returns the same page for the same next', async () => {
      const first = (await ok(`${base}/objects/?limit=5`)).json() as Envelope;
      const url = `${base}/objects/?limit=5&next=${first.next}`;
      const again = await ok(url);
      const once = await ok(url);
      assert.equal(again.body, once.body);
      assert.equal(again.headers['x-taxii-date-added-first'], once.headers['x-taxii-date-added-first']);
      assert.notEqual(again.body, JSON.stringify(first));
    });

    it('pages with the filters kept, and ends with more absent when the last page is exactly full', async () => {
      const pages = await pageThrough(`${base}/objects/?match[type]=indicator&limit=5`);
      assert.deepEqual(
        pages.map((p) => p.items.length),
        [5],
      );
      const small = await pageThrough(`${base}/objects/?match[type]=indicator&limit=2`);
      assert.deepEqual(
        small.map((p) => p.items.length),
        [2, 2, 1],
      );
    });

    it('pages by added_after with X-TAXII-Date-Added-Last, the alternative of section 3.5', async () => {
      const all = await objectsOf(`${base}/objects/?match[version]=all`);
      const seen: StixObject[] = [];
      let url = `${base}/objects/?match[version]=all&limit=7`;
      for (;;) {
        const res = await ok(url);
        const body = res.json() as Envelope;
        seen.push(...(body.objects ?? []));
        if (body.more !== true) break;
        url = `${base}/objects/?match[version]=all&limit=7&added_after=${res.headers['x-taxii-date-added-last']}`;
      }
      assert.deepEqual(seen, all);
    });

    it('pages through the manifest and an object by id', async () => {
      const manifest = await pageThrough(`${base}/manifest/?limit=6`);
      assert.deepEqual(
        manifest.map((p) => p.items.length),
        [6, 6, 4],
      );
      const versions = await pageThrough(`${base}/objects/${M1}/?match[version]=all&limit=2`);
      assert.deepEqual(
        versions.flatMap((p) => (p.items as StixObject[]).map((o) => o.modified)),
        [V1, V2, V3],
      );
    });

    it('refuses a next this server did not issue', async () => {
      assertTaxiiError(await get(`${base}/objects/?next=bm90LWEtY3Vyc29y`), 400);
    });
  });

  describe('get an object (section 5.6)', () => {
    it('returns the latest version by default and others by match[version]', async () => {
      assert.deepEqual(
        (await objectsOf(`${base}/objects/${M1}/`)).map((o) => o.modified),
        [V3],
      );
      assert.deepEqual(
        (await objectsOf(`${base}/objects/${M1}/?match[version]=all`)).map((o) => o.modified),
        [V1, V2, V3],
      );
      assert.deepEqual(
        (await objectsOf(`${base}/objects/${M1}/?match[version]=first,${V2}`)).map((o) => o.modified),
        [V1, V2],
      );
      const res = await ok(`${base}/objects/${M1}/`);
      assert.match(String(res.headers['x-taxii-date-added-last']), /Z$/);
    });

    it('applies added_after and match[spec_version], answering an empty envelope when they exclude all', async () => {
      const manifest = await manifestOf(`${base}/manifest/?match[id]=${M1}&match[version]=all`);
      const afterFirst = await objectsOf(
        `${base}/objects/${M1}/?match[version]=all&added_after=${manifest[0]?.date_added}`,
      );
      assert.deepEqual(
        afterFirst.map((o) => o.modified),
        [V2, V3],
      );
      assert.equal((await ok(`${base}/objects/${M1}/?added_after=2099-01-01T00:00:00Z`)).body, '{}');
      assert.equal((await ok(`${base}/objects/${M1}/?match[spec_version]=2.0`)).body, '{}');
    });

    it('answers 404 for an object that is not in the collection', async () => {
      assertTaxiiError(await get(`${base}/objects/${malware(50, V1).id}/`), 404);
      assertTaxiiError(await get(`/api1/collections/${other}/objects/${M1}/`), 404);
    });
  });

  describe('get object manifests (section 5.3)', () => {
    it('describes each selected version by id, date_added, version and media type', async () => {
      const manifest = await manifestOf(`${base}/manifest/?match[id]=${M1}&match[version]=all`);
      assert.deepEqual(
        manifest.map((r) => r.version),
        [V1, V2, V3],
      );
      for (const record of manifest) {
        assert.deepEqual(Object.keys(record), ['id', 'date_added', 'version', 'media_type']);
        assert.equal(record.id, M1);
        assert.equal(record.media_type, 'application/stix+json;version=2.1');
      }
    });

    it('reports the date_added as the version of an object with neither modified nor created', async () => {
      const [record] = await manifestOf(`${base}/manifest/?match[type]=ipv4-addr`);
      assert.equal(record?.version, record?.date_added);
    });

    it('filters as Get Objects does', async () => {
      assert.equal((await manifestOf(`${base}/manifest/?match[type]=indicator`)).length, 5);
      assert.equal((await manifestOf(`${base}/manifest/?match[version]=all`)).length, 18);
      const res = await ok(`${base}/manifest/?match[type]=indicator`);
      const records = (res.json() as { objects: ManifestRecord[] }).objects;
      assert.equal(res.headers['x-taxii-date-added-first'], records[0]?.date_added);
      assert.equal(res.headers['x-taxii-date-added-last'], records[4]?.date_added);
      assert.equal((await ok(`/api1/collections/${empty}/manifest/`)).body, '{}');
    });
  });

  describe('get object versions (section 5.8)', () => {
    it('lists every version in the order added, with the date headers', async () => {
      const res = await ok(`${base}/objects/${M1}/versions/`);
      assert.deepEqual(res.json(), { versions: [V1, V2, V3] });
      const manifest = await manifestOf(`${base}/manifest/?match[id]=${M1}&match[version]=all`);
      assert.equal(res.headers['x-taxii-date-added-first'], manifest[0]?.date_added);
      assert.equal(res.headers['x-taxii-date-added-last'], manifest[2]?.date_added);
    });

    it('pages with limit and next, and filters by added_after and match[spec_version]', async () => {
      const first = (await ok(`${base}/objects/${M1}/versions/?limit=2`)).json() as {
        versions: string[];
        more?: boolean;
        next?: string;
      };
      assert.deepEqual(first.versions, [V1, V2]);
      assert.equal(first.more, true);
      const second = (await ok(`${base}/objects/${M1}/versions/?limit=2&next=${first.next}`)).json();
      assert.deepEqual(second, { versions: [V3] });
      const manifest = await manifestOf(`${base}/manifest/?match[id]=${M1}&match[version]=all`);
      const later = await ok(`${base}/objects/${M1}/versions/?added_after=${manifest[1]?.date_added}`);
      assert.deepEqual(later.json(), { versions: [V3] });
      assert.equal((await ok(`${base}/objects/${M1}/versions/?match[spec_version]=2.0`)).body, '{}');
    });

    it('lists the date_added of an unversioned object and 404s for an unknown one', async () => {
      const [record] = await manifestOf(`${base}/manifest/?match[type]=ipv4-addr`);
      assert.deepEqual((await ok(`${base}/objects/${SCO.id}/versions/`)).json(), {
        versions: [record?.date_added],
      });
      assertTaxiiError(await get(`/api1/collections/${other}/objects/${M1}/versions/`), 404);
    });
  });

  describe('paths with and without the trailing slash (section 3.1)', () => {
    const paths = () => [
      '/taxii2/',
      '/api1/',
      '/api1/collections/',
      `${base}/`,
      `${base}/objects/`,
      `${base}/manifest/`,
      `${base}/objects/${M1}/`,
      `${base}/objects/${M1}/versions/`,
    ];
    it('answers each endpoint the same either way', async () => {
      for (const path of paths()) {
        const withSlash = await ok(path);
        const without = await ok(path.slice(0, -1));
        assert.equal(without.body, withSlash.body, path);
        const query = await ok(`${path.slice(0, -1)}?`);
        assert.equal(query.body, withSlash.body, path);
      }
    });
  });

  describe('content negotiation (sections 1.6.8, 3.1)', () => {
    const acceptable = [
      TAXII,
      'application/taxii+json',
      'application/taxii+json; version=2.1',
      'application/taxii+json;version=2.1,application/stix+json;version=2.1',
      'application/json;q=0.9, application/taxii+json',
    ];
    const unacceptable = [
      '*/*',
      'application/*',
      'application/json',
      'application/stix+json;version=2.1',
      'application/taxii+json;version=2.0',
      'application/taxii+json;version=2.1;q=0',
      'text/html',
    ];
    const endpoints = () => [
      '/taxii2/',
      '/api1/',
      '/api1/collections/',
      `${base}/`,
      `${base}/objects/`,
      `${base}/manifest/`,
      `${base}/objects/${M1}/`,
      `${base}/objects/${M1}/versions/`,
    ];

    it('answers every TAXII 2.1 media range with TAXII 2.1 content', async () => {
      for (const accept of acceptable) {
        for (const url of endpoints()) {
          const res = await get(url, { accept });
          assert.equal(res.statusCode, 200, `${accept} ${url}`);
          assert.equal(res.headers['content-type'], TAXII);
        }
      }
    });

    it('answers 406 with an error resource when no TAXII 2.1 media range is acceptable', async () => {
      for (const accept of unacceptable) {
        for (const url of endpoints()) assertTaxiiError(await get(url, { accept }), 406);
      }
      for (const url of endpoints()) assertTaxiiError(await app.inject({ url }), 406);
    });

    it('checks Accept before the query, so a bad filter under a bad Accept is a 406', async () => {
      assertTaxiiError(await get(`${base}/objects/?limit=0`, { accept: 'application/json' }), 406);
    });
  });

  describe('methods the endpoints do not have', () => {
    for (const method of ['PUT', 'PATCH'] as const) {
      it(`answers ${method} with 405, the allowed methods and an error resource`, async () => {
        const res = await app.inject({ method, url: `${base}/objects/`, headers: ACCEPT });
        assertTaxiiError(res, 405);
        assert.equal(res.headers.allow, 'GET, HEAD, POST');
        const one = await app.inject({ method, url: `${base}/objects/${M1}/`, headers: ACCEPT });
        assertTaxiiError(one, 405);
        assert.equal(one.headers.allow, 'GET, HEAD, DELETE');
        assert.equal(
          (await app.inject({ method, url: `${base}/manifest/`, headers: ACCEPT })).headers.allow,
          'GET, HEAD',
        );
      });
    }
    it('answers POST on a read-only endpoint and DELETE on a collection with 405', async () => {
      assertTaxiiError(await app.inject({ method: 'POST', url: `${base}/manifest/`, headers: ACCEPT }), 405);
      assertTaxiiError(await app.inject({ method: 'DELETE', url: `${base}/objects/`, headers: ACCEPT }), 405);
    });

    it('answers HEAD like GET without a body', async () => {
      const res = await app.inject({ method: 'HEAD', url: `${base}/objects/`, headers: ACCEPT });
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, '');
    });
  });

  describe('failures outside the client', () => {
    it('answers a store failure with a 500 error resource that reveals nothing', async () => {
      const broken = Object.create(store) as Store;
      broken.listCollections = async () => {
        throw new Error('disk failed at /var/lib/secret');
      };
      const brokenApp = await serve(broken);
      const res = await brokenApp.inject({ url: '/api1/collections/', headers: ACCEPT });
      assertTaxiiError(res, 500);
      assert.doesNotMatch(res.body, /secret|disk/);
      await brokenApp.close();
    });

    it('answers a body that is not TAXII 2.1 with 415 and an error resource', async () => {
      for (const type of ['application/xml', 'application/json', 'application/taxii+json;version=2.0']) {
        const res = await app.inject({
          method: 'POST',
          url: `${base}/objects/`,
          headers: { ...ACCEPT, 'content-type': type },
          payload: '{"objects":[]}',
        });
        assertTaxiiError(res, 415);
        assert.equal((res.json() as { title: string }).title, 'Unsupported Media Type');
      }
    });
  });

  describe('malformed requests', () => {
    const ID = 'malware--00000000-0000-4000-8000-000000000001';
    const cases: Array<[string, number, () => string]> = [
      // limit
      ['limit 0', 400, () => `${base}/objects/?limit=0`],
      ['negative limit', 400, () => `${base}/objects/?limit=-1`],
      ['limit text', 400, () => `${base}/objects/?limit=abc`],
      ['fractional limit', 400, () => `${base}/objects/?limit=1.5`],
      ['empty limit', 400, () => `${base}/objects/?limit=`],
      ['exponent limit', 400, () => `${base}/objects/?limit=1e3`],
      ['limit past 2^53', 400, () => `${base}/objects/?limit=99999999999999999999`],
      ['limit twice', 400, () => `${base}/objects/?limit=1&limit=2`],
      ['manifest limit 0', 400, () => `${base}/manifest/?limit=0`],
      ['object limit 0', 400, () => `${base}/objects/${ID}/?limit=0`],
      ['versions limit text', 400, () => `${base}/objects/${ID}/versions/?limit=x`],
      // added_after
      ['added_after word', 400, () => `${base}/objects/?added_after=yesterday`],
      ['added_after date only', 400, () => `${base}/objects/?added_after=2026-01-01`],
      ['added_after month 13', 400, () => `${base}/objects/?added_after=2026-13-01T00:00:00Z`],
      ['added_after offset', 400, () => `${base}/objects/?added_after=2026-01-01T00:00:00%2B01:00`],
      ['added_after empty', 400, () => `${base}/objects/?added_after=`],
      ['added_after epoch', 400, () => `${base}/objects/?added_after=1767225600`],
      [
        'added_after twice',
        400,
        () => `${base}/objects/?added_after=2026-01-01T00:00:00Z&added_after=2026-01-02T00:00:00Z`,
      ],
      ['versions added_after bad', 400, () => `${base}/objects/${ID}/versions/?added_after=now`],
      // match[version]
      ['version keyword unknown', 400, () => `${base}/objects/?match[version]=newest`],
      ['version all with last', 400, () => `${base}/objects/?match[version]=all,last`],
      ['version first twice', 400, () => `${base}/objects/?match[version]=first,first`],
      [
        'version same instant twice',
        400,
        () => `${base}/objects/?match[version]=2026-01-01T00:00:00Z,2026-01-01T00:00:00.000Z`,
      ],
      ['version empty', 400, () => `${base}/objects/?match[version]=`],
      ['version empty item', 400, () => `${base}/objects/?match[version]=first,,last`],
      ['version trailing comma', 400, () => `${base}/objects/?match[version]=last,`],
      ['version field twice', 400, () => `${base}/objects/?match[version]=first&match[version]=last`],
      ['version impossible date', 400, () => `${base}/objects/?match[version]=2026-02-30T00:00:00Z`],
      ['version upper case', 400, () => `${base}/objects/?match[version]=LAST`],
      ['object version bad', 400, () => `${base}/objects/${ID}/?match[version]=latest`],
      ['manifest version all,first', 400, () => `${base}/manifest/?match[version]=all,first`],
      // match[type], match[id], match[spec_version]
      ['type empty', 400, () => `${base}/objects/?match[type]=`],
      ['type upper case', 400, () => `${base}/objects/?match[type]=Malware`],
      ['type with space', 400, () => `${base}/objects/?match[type]=mal%20ware`],
      ['type too short', 400, () => `${base}/objects/?match[type]=a`],
      ['type empty item', 400, () => `${base}/objects/?match[type]=malware,,indicator`],
      ['type encoded brackets', 400, () => `${base}/objects/?match%5Btype%5D=Malware`],
      ['id not an id', 400, () => `${base}/objects/?match[id]=not-an-id`],
      ['id short uuid', 400, () => `${base}/objects/?match[id]=malware--123`],
      ['id empty', 400, () => `${base}/objects/?match[id]=`],
      ['id 1001 values', 400, () => `${base}/objects/?match[id]=${Array(1001).fill(ID).join(',')}`],
      ['spec_version word', 400, () => `${base}/objects/?match[spec_version]=two`],
      ['spec_version empty', 400, () => `${base}/objects/?match[spec_version]=`],
      ['spec_version trailing comma', 400, () => `${base}/objects/?match[spec_version]=2.1,`],
      // parameters an endpoint does not define
      ['unknown match field', 400, () => `${base}/objects/?match[foo]=bar`],
      ['unknown parameter', 400, () => `${base}/objects/?frobnicate=1`],
      ['type on an object', 400, () => `${base}/objects/${ID}/?match[type]=malware`],
      ['id on an object', 400, () => `${base}/objects/${ID}/?match[id]=${ID}`],
      ['version on versions', 400, () => `${base}/objects/${ID}/versions/?match[version]=all`],
      ['filter on discovery', 400, () => '/taxii2/?limit=1'],
      ['filter on API root', 400, () => '/api1/?match[type]=malware'],
      ['filter on collections', 400, () => '/api1/collections/?limit=1'],
      ['filter on a collection', 400, () => `${base}/?added_after=2026-01-01T00:00:00Z`],
      // next
      ['next not issued', 400, () => `${base}/objects/?next=notacursor`],
      ['next percent garbage', 400, () => `${base}/objects/?next=%25%25%25`],
      ['next too long', 400, () => `${base}/objects/?next=${'A'.repeat(100)}`],
      ['next empty', 400, () => `${base}/objects/?next=`],
      ['next twice', 400, () => `${base}/objects/?next=MQ&next=MQ`],
      ['manifest next garbage', 400, () => `${base}/manifest/?next=!!`],
      // unknown collections, objects and endpoints
      ['unknown collection', 404, () => '/api1/collections/00000000-0000-4000-8000-000000000000/'],
      ['collection by title', 404, () => '/api1/collections/intel/objects/'],
      ['collection id very long', 404, () => `/api1/collections/${'c'.repeat(5000)}/objects/`],
      ['collection id NUL', 404, () => '/api1/collections/%00/'],
      ['unknown object', 404, () => `${base}/objects/malware--00000000-0000-4000-8000-999999999999/`],
      ['object id not an id', 404, () => `${base}/objects/not-an-id/`],
      ['object id very long', 404, () => `${base}/objects/malware--${'0'.repeat(10000)}/`],
      ['object id of dot-dot segments', 404, () => `${base}/objects/%2e%2e%2f%2e%2e/`],
      ['dot-dot segment before versions', 404, () => `${base}/objects/%2e%2e/versions/`],
      ['dot-dot segment past the collections', 404, () => '/api1/collections/x/../../../taxii2/x'],
      [
        'unknown object versions',
        404,
        () => `${base}/objects/tool--00000000-0000-4000-8000-000000000001/versions/`,
      ],
      ['path past versions', 404, () => `${base}/objects/${ID}/versions/extra/`],
      ['manifest of an object', 404, () => `${base}/manifest/${ID}/`],
      ['status endpoint', 404, () => '/api1/status/00000000-0000-4000-8000-000000000000/'],
      ['unknown endpoint', 404, () => '/api1/channels/'],
      ['under discovery', 404, () => '/taxii2/api1/'],
      ['collections twice', 404, () => `${base}/collections/`],
    ];

    for (const [name, status, url] of cases) {
      it(`${name}: ${status} with a TAXII error resource`, async () => {
        assertTaxiiError(await get(url()), status);
      });
    }

    it('covers at least fifty malformed requests', () => {
      assert.ok(cases.length >= 50, `${cases.length}`);
    });

    it('names the faulty parameter in the description', async () => {
      const res = await get(`${base}/objects/?match[version]=newest`);
      assert.match((res.json() as { description: string }).description, /match\[version\].*newest/);
    });
  });
});
