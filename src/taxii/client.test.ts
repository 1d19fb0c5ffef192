import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { TaxiiClient, type TaxiiClientOptions } from './client.js';
import { TaxiiClientError } from './client-errors.js';
import { type ScriptedPeer, startScriptedPeer } from './client-scripted-peer.js';

const TAXII = 'application/taxii+json;version=2.1';
const COLLECTION = '91a7b528-80eb-42ed-a74d-c6fbd5a26116';
const STATUS = {
  id: '2d086da7-4bdc-4f91-900e-d77486753710',
  status: 'complete',
  request_timestamp: '2026-06-01T12:00:00.000000Z',
  total_count: 2,
  success_count: 1,
  successes: [{ id: 'indicator--1', version: '2026-01-01T00:00:00.000Z' }],
  failure_count: 1,
  failures: [{ id: 'malware--2', version: '2026-01-01T00:00:00.000Z', message: 'bad' }],
  pending_count: 0,
};

function object(n: number): Record<string, unknown> {
  return { type: 'malware', spec_version: '2.1', id: `malware--${n}`, name: `M${n}`, is_family: true };
}

function dateAdded(n: number): string {
  return `2026-06-01T00:00:0${n}.123456Z`;
}

async function failure(promise: Promise<unknown>): Promise<TaxiiClientError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TaxiiClientError, String(error));
    return error;
  }
  assert.fail('the call succeeded');
}

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('TAXII client', () => {
  let peer: ScriptedPeer;

  before(async () => {
    peer = await startScriptedPeer();
  });
  after(async () => {
    await peer.close();
  });
  beforeEach(() => {
    peer.reset();
  });

  function client(options: Partial<TaxiiClientOptions> = {}): TaxiiClient {
    return new TaxiiClient({ apiRoot: `${peer.origin}/api1/`, sleep: async () => undefined, ...options });
  }

  function urls(): string[] {
    return peer.requests.map((request) => `${request.method} ${request.url}`);
  }

  describe('URLs', () => {
    it('resolves endpoints under the API root, with or without its trailing slash', async () => {
      for (const apiRoot of [`${peer.origin}/api1`, `${peer.origin}/api1/`]) {
        peer.reset();
        peer.answer({ body: {} }, { body: { title: 'r', versions: [TAXII], max_content_length: 10 } });
        const taxii = client({ apiRoot });
        assert.equal(taxii.apiRoot?.href, `${peer.origin}/api1/`);
        await taxii.collections();
        await taxii.apiRootInfo();
        assert.deepEqual(urls(), ['GET /api1/collections/', 'GET /api1/']);
      }
    });

    it('finds discovery at /taxii2/ of the API root host unless told, and resolves the API roots it names', async () => {
      const discovery = {
        title: 'peer',
        default: '/api1/',
        api_roots: ['/api1/', 'api2', 'https://other.example/root'],
      };
      peer.answer({ body: discovery }, { body: discovery });
      const byApiRoot = client({ apiRoot: `${peer.origin}/deep/api1/` });
      assert.equal(byApiRoot.discoveryUrl.href, `${peer.origin}/taxii2/`);
      assert.deepEqual(await byApiRoot.discovery(), discovery);

      const byDiscovery = new TaxiiClient({ discovery: `${peer.origin}/taxii2` });
      assert.equal(byDiscovery.apiRoot, undefined);
      assert.deepEqual(await byDiscovery.apiRoots(), {
        default: `${peer.origin}/api1/`,
        apiRoots: [`${peer.origin}/api1/`, `${peer.origin}/taxii2/api2/`, 'https://other.example/root/'],
      });
      assert.deepEqual(urls(), ['GET /taxii2/', 'GET /taxii2/']);
      await assert.rejects(
        byDiscovery.collections(),
        /no API root; pick one of apiRoots\(\) with withApiRoot\(\)/,
      );

      peer.answer({ body: {} });
      await byDiscovery.withApiRoot(`${peer.origin}/api1/`).collections();
      assert.equal(peer.requests.at(-1)?.url, '/api1/collections/');
    });

    it('refuses a client with no URL, or a URL that is not http(s)', () => {
      assert.throws(() => new TaxiiClient({}), /give an apiRoot, or a discovery URL/);
      assert.throws(() => new TaxiiClient({ apiRoot: 'ftp://peer/api1/' }), /not an http or https URL/);
      assert.throws(() => new TaxiiClient({ apiRoot: 'peer/api1/' }), /is not a URL/);
    });

    it('percent-encodes ids in the path and match[] keys and values in the query', async () => {
      peer.answer({ body: {} }, { body: {} }, { body: {} });
      const taxii = client();
      await taxii.getObject('coll/1 ?#', 'x-custom--ä/..', {
        match: { version: ['first', 'last'], spec_version: '2.1' },
      });
      await taxii.getObjects(COLLECTION, {
        addedAfter: '2026-06-01T00:00:00.123456Z',
        limit: 50,
        next: 'a b&c=d',
        match: {
          id: ['indicator--1', 'malware--2'],
          type: ['indicator', 'malware'],
          version: 'all',
          spec_version: ['2.0', '2.1'],
        },
      });
      await taxii.versions(COLLECTION, 'malware--1', { match: { spec_version: '2.1' } });
      assert.deepEqual(urls(), [
        'GET /api1/collections/coll%2F1%20%3F%23/objects/x-custom--%C3%A4%2F../?match%5Bversion%5D=first,last&match%5Bspec_version%5D=2.1',
        `GET /api1/collections/${COLLECTION}/objects/?added_after=2026-06-01T00%3A00%3A00.123456Z&limit=50&next=a%20b%26c%3Dd` +
          '&match%5Bid%5D=indicator--1,malware--2&match%5Btype%5D=indicator,malware&match%5Bversion%5D=all&match%5Bspec_version%5D=2.0,2.1',
        `GET /api1/collections/${COLLECTION}/objects/malware--1/versions/?match%5Bspec_version%5D=2.1`,
      ]);
    });

    it('refuses ids that are no path segment, empty match lists and bad limits, before sending anything', async () => {
      const taxii = client();
      for (const id of ['', '.', '..']) {
        await assert.rejects(taxii.collection(id), /collection id ".*" cannot be a URL path segment/);
        await assert.rejects(taxii.getObject(COLLECTION, id), /object id ".*" cannot be a URL path segment/);
      }
      await assert.rejects(
        taxii.getObjects(COLLECTION, { match: { type: [] } }),
        /match\[type\] needs values/,
      );
      await assert.rejects(
        taxii.getObjects(COLLECTION, { match: { id: ['a', ''] } }),
        /match\[id\] needs values/,
      );
      for (const limit of [0, -1, 1.5]) {
        await assert.rejects(taxii.getObjects(COLLECTION, { limit }), /limit must be a positive integer/);
      }
      assert.equal(peer.requests.length, 0);
    });
  });

  describe('reading', () => {
    it('returns a page with more, next and the date-added headers', async () => {
      peer.answer({
        headers: { 'X-TAXII-Date-Added-First': dateAdded(1), 'X-TAXII-Date-Added-Last': dateAdded(2) },
        body: { more: true, next: 'p2', objects: [object(1), object(2)] },
      });
      assert.deepEqual(await client().getObjects(COLLECTION, { limit: 2 }), {
        more: true,
        next: 'p2',
        dateAddedFirst: dateAdded(1),
        dateAddedLast: dateAdded(2),
        objects: [object(1), object(2)],
      });
    });

    it('reads an empty envelope as no objects and no more', async () => {
      peer.answer({ body: {} });
      assert.deepEqual(await client().getObjects(COLLECTION), { more: false, objects: [] });
    });

    it('reads collections, a collection, the manifest, versions and an object', async () => {
      const collection = {
        id: COLLECTION,
        title: 'High value',
        can_read: true,
        can_write: false,
        media_types: ['application/stix+json;version=2.1'],
        x_custom: 1,
      };
      const record = {
        id: 'malware--1',
        date_added: dateAdded(1),
        version: '2026-01-01T00:00:00.000Z',
        media_type: 'application/stix+json;version=2.1',
      };
      peer.answer(
        { body: { collections: [collection] } },
        { body: collection },
        { body: { more: true, next: 'm2', objects: [record] } },
        { body: { versions: ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'] } },
        { body: { objects: [object(1)] } },
      );
      const taxii = client();
      assert.deepEqual(await taxii.collections(), [collection]);
      assert.deepEqual(await taxii.collection(COLLECTION), collection);
      assert.deepEqual(await taxii.manifest(COLLECTION, { match: { type: 'malware' } }), {
        more: true,
        next: 'm2',
        objects: [record],
      });
      assert.deepEqual((await taxii.versions(COLLECTION, 'malware--1')).versions, [
        '2026-01-01T00:00:00.000Z',
        '2026-02-01T00:00:00.000Z',
      ]);
      assert.deepEqual((await taxii.getObject(COLLECTION, 'malware--1')).objects, [object(1)]);
      assert.deepEqual(urls(), [
        'GET /api1/collections/',
        `GET /api1/collections/${COLLECTION}/`,
        `GET /api1/collections/${COLLECTION}/manifest/?match%5Btype%5D=malware`,
        `GET /api1/collections/${COLLECTION}/objects/malware--1/versions/`,
        `GET /api1/collections/${COLLECTION}/objects/malware--1/`,
      ]);
    });

    it('refuses a resource missing what the specification requires, naming the property', async () => {
      peer.answer(
        { body: { collections: [{ id: COLLECTION, title: 't', can_write: false }] } },
        { body: { objects: {} } },
        { body: [1, 2] },
      );
      const taxii = client();
      const collections = await failure(taxii.collections());
      assert.equal(collections.code, 'bad-resource');
      assert.equal(
        collections.message,
        `GET ${peer.origin}/api1/collections/: the answer is not the TAXII resource expected: $.collections[0].can_read is missing`,
      );
      assert.match((await failure(taxii.getObjects(COLLECTION))).message, /\$\.objects is not a list$/);
      assert.match((await failure(taxii.apiRootInfo())).message, /\$ is not a JSON object$/);
    });
  });

  describe('paging', () => {
    it('follows next with the original filters until more is false', async () => {
      peer.answer(
        {
          headers: { 'X-TAXII-Date-Added-First': dateAdded(1), 'X-TAXII-Date-Added-Last': dateAdded(2) },
          body: { more: true, next: 'page-2', objects: [object(1), object(2)] },
        },
        {
          headers: { 'X-TAXII-Date-Added-First': dateAdded(3), 'X-TAXII-Date-Added-Last': dateAdded(4) },
          body: { more: true, next: 'page-3', objects: [object(3), object(4)] },
        },
        {
          headers: { 'X-TAXII-Date-Added-First': dateAdded(5), 'X-TAXII-Date-Added-Last': dateAdded(5) },
          body: { objects: [object(5)] },
        },
      );
      const pages = await collect(
        client().pages(COLLECTION, { addedAfter: dateAdded(0), limit: 2, match: { type: 'malware' } }),
      );
      assert.deepEqual(
        pages.map((page) => page.objects),
        [[object(1), object(2)], [object(3), object(4)], [object(5)]],
      );
      assert.deepEqual(
        pages.map((page) => [page.more, page.next, page.dateAddedFirst, page.dateAddedLast]),
        [
          [true, 'page-2', dateAdded(1), dateAdded(2)],
          [true, 'page-3', dateAdded(3), dateAdded(4)],
          [false, undefined, dateAdded(5), dateAdded(5)],
        ],
      );
      const base = `GET /api1/collections/${COLLECTION}/objects/?added_after=2026-06-01T00%3A00%3A00.123456Z&limit=2`;
      assert.deepEqual(urls(), [
        `${base}&match%5Btype%5D=malware`,
        `${base}&next=page-2&match%5Btype%5D=malware`,
        `${base}&next=page-3&match%5Btype%5D=malware`,
      ]);
    });

    it('pages on by X-TAXII-Date-Added-Last when the server says more without a next', async () => {
      peer.answer(
        {
          headers: { 'X-TAXII-Date-Added-Last': dateAdded(2) },
          body: { more: true, objects: [object(1), object(2)] },
        },
        { headers: { 'X-TAXII-Date-Added-Last': dateAdded(3) }, body: { objects: [object(3)] } },
      );
      const pages = await collect(client().pages(COLLECTION, { limit: 2 }));
      assert.equal(pages.length, 2);
      assert.deepEqual(urls(), [
        `GET /api1/collections/${COLLECTION}/objects/?limit=2`,
        `GET /api1/collections/${COLLECTION}/objects/?added_after=2026-06-01T00%3A00%3A02.123456Z&limit=2`,
      ]);
    });

    it('stops with an error when the server sends the same next again', async () => {
      const page = (next: string) => ({ body: { more: true, next, objects: [object(1)] } });
      peer.answer(page('a'), page('b'), page('a'));
      const seen: unknown[] = [];
      const error = await failure(
        (async () => {
          for await (const each of client().pages(COLLECTION)) seen.push(each.next);
        })(),
      );
      assert.deepEqual(seen, ['a', 'b', 'a']);
      assert.equal(error.code, 'paging');
      assert.equal(
        error.message,
        `GET ${peer.origin}/api1/collections/${COLLECTION}/objects/: the server sent next a again, so paging would never end`,
      );
      assert.equal(peer.requests.length, 3);
    });

    it('stops with an error when the server says more but gives no way to continue, or no progress', async () => {
      peer.answer({ body: { more: true, objects: [object(1)] } });
      const stuck = await failure(collect(client().pages(COLLECTION)));
      assert.match(stuck.message, /says there is more but gives neither next nor X-TAXII-Date-Added-Last$/);

      peer.answer({
        headers: { 'X-TAXII-Date-Added-Last': dateAdded(1) },
        body: { more: true, objects: [object(1)] },
      });
      const again = await failure(collect(client().pages(COLLECTION, { addedAfter: dateAdded(1) })));
      assert.match(again.message, /sent added_after 2026-06-01T00:00:01\.123456Z again/);
      assert.equal(peer.requests.length, 2);
    });
  });

  describe('writing', () => {
    it('posts the objects as one envelope and returns the status', async () => {
      peer.answer({ status: 202, body: STATUS });
      const objects = [object(1), object(2)];
      const status = await client({ auth: { token: 't' } }).addObjects(COLLECTION, objects);
      assert.deepEqual(status, STATUS);
      const [request] = peer.requests;
      assert.equal(`${request?.method} ${request?.url}`, `POST /api1/collections/${COLLECTION}/objects/`);
      assert.equal(request?.headers['content-type'], TAXII);
      assert.equal(request?.headers.accept, TAXII);
      assert.equal(request?.headers.authorization, 'Bearer t');
      assert.deepEqual(JSON.parse(request?.body ?? ''), { objects });
    });

    it('posts envelope text byte for byte, and an empty list as an envelope without objects', async () => {
      peer.answer({ status: 202, body: STATUS }, { status: 202, body: { ...STATUS, total_count: 0 } });
      const text = '{ "objects" : [ {"id":"malware--1", "type":"malware"} ] }';
      await client().addObjects(COLLECTION, text);
      await client().addObjects(COLLECTION, []);
      assert.deepEqual(
        peer.requests.map((request) => request.body),
        [text, '{}'],
      );
    });

    it('refuses a status resource without its counts', async () => {
      peer.answer({ status: 202, body: { id: 's', status: 'complete', total_count: 1 } });
      const error = await failure(client().addObjects(COLLECTION, [object(1)]));
      assert.equal(error.code, 'bad-resource');
      assert.match(error.message, /^POST .*: \$\.success_count is missing$/);
    });

    it('reads a status by its id', async () => {
      peer.answer({ body: { ...STATUS, status: 'pending', pending_count: 1 } });
      assert.equal((await client().status(STATUS.id)).status, 'pending');
      assert.equal(peer.requests[0]?.url, `/api1/status/${STATUS.id}/`);
    });

    it('deletes an object with match filters and accepts an answer without a body', async () => {
      peer.answer({ status: 200, headers: { 'content-type': 'text/plain' }, body: '' });
      await client().deleteObject(COLLECTION, 'malware--1', {
        match: { version: '2026-01-01T00:00:00.000Z' },
      });
      assert.deepEqual(urls(), [
        `DELETE /api1/collections/${COLLECTION}/objects/malware--1/?match%5Bversion%5D=2026-01-01T00%3A00%3A00.000Z`,
      ]);
    });

    it('reports a refusal with the TAXII error the server gave', async () => {
      peer.answer({
        status: 403,
        body: {
          title: 'Forbidden',
          description: 'this token may not write to the collection',
          error_code: 'forbidden',
        },
      });
      const error = await failure(client().addObjects(COLLECTION, [object(1)]));
      assert.equal(error.status, 403);
      assert.equal(error.retryable, false);
      assert.equal(
        error.message,
        `POST ${peer.origin}/api1/collections/${COLLECTION}/objects/: HTTP 403 Forbidden: "Forbidden": this token may not write to the collection [forbidden]`,
      );
    });
  });
});
