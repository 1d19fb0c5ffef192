// Fuzzes the whole HTTP surface with thousands of random requests, valid and malformed, against a
// server over a real store, and checks every answer: no 5xx, no stack trace, a JSON body of the
// promised shape. Errors are the REST shape {"error":{"code","message"}} under the server's own
// paths (/api/..., /healthz) and TAXII error resources everywhere else (/taxii2/ and the API roots);
// successes are the resource the route serves.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { Directory } from '../access/directory.js';
import { SYSTEM } from '../access/principal.js';
import type { StixObject } from '../stix/object.js';
import { TLP_CLEAR } from '../stix/tlp.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Collection, Store } from '../store/store.js';
import { TAXII_MEDIA_TYPE } from '../taxii/media-types.js';
import { buildServer } from './app.js';
import {
  type FuzzRequest,
  type FuzzWorld,
  httpRequest,
  method,
  restTarget,
  strangeTarget,
  taxiiTarget,
  writeRequest,
} from './http-fuzz-arbitraries.js';

const BODY_LIMIT = 64 * 1024;
/** Longer messages echo input unbounded. */
const MAX_MESSAGE = 2048;
/** A fixed seed replays a failing run: HTTP_FUZZ_SEED=<seed printed on failure>. */
const SEED = process.env.HTTP_FUZZ_SEED === undefined ? undefined : Number(process.env.HTTP_FUZZ_SEED);

// Frames, source paths and runtime error names: what leaks when an exception reaches the client.
const LEAK =
  /\\n\s+at |\n\s+at |\(\/[^)]*:\d+:\d+\)|\/work\/|dist-fuzz|node_modules|node:internal|\b(TypeError|ReferenceError)\b|Cannot read propert|is not a function/;

/** The first path segments of the server's own routes; every other path is TAXII's. */
const SERVER_PATH = /^\/(api|healthz)(\/|$)/;
/** An API root segment: any segment but those of the server's own routes and discovery. */
const ROOT = '(?!(?:api|healthz|taxii2)(?:/|$))[^/]+';
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// The store the server answers from

const V1 = '2026-01-01T00:00:00.000Z';
const V2 = '2026-02-01T00:00:00.000Z';
const V3 = '2026-03-01T00:00:00.000Z';

function uuid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** Even-numbered malware is TLP:CLEAR, which anonymous callers may read in a public collection. */
function malware(n: number, modified: string): StixObject {
  return {
    type: 'malware',
    spec_version: '2.1',
    id: `malware--${uuid(n)}`,
    created: V1,
    modified,
    name: `Malware ${n}`,
    is_family: true,
    ...(n % 2 === 0 ? { object_marking_refs: [TLP_CLEAR.id] } : {}),
  };
}

function indicator(n: number): StixObject {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuid(n)}`,
    created: V1,
    modified: V1,
    pattern: `[ipv4-addr:value = '198.51.100.${n % 256}']`,
    pattern_type: 'stix',
    valid_from: V1,
  };
}

const OBJECTS: StixObject[] = [
  ...Array.from({ length: 6 }, (_, n) => malware(n, V1)),
  malware(1, V2),
  malware(1, V3),
  malware(2, V2),
  indicator(100),
  { type: 'ipv4-addr', spec_version: '2.1', id: `ipv4-addr--${uuid(200)}`, value: '198.51.100.7' },
  {
    type: 'identity',
    spec_version: '2.1',
    id: `identity--${uuid(300)}`,
    created: V1,
    modified: V2,
    name: 'ACME',
    identity_class: 'organization',
  },
  {
    type: 'x-acme-widget',
    spec_version: '2.1',
    id: `x-acme-widget--${uuid(400)}`,
    created: V1,
    modified: V1,
  },
];

const records = (objects: readonly StixObject[]) =>
  objects.map((object) => ({ object, json: JSON.stringify(object) }));

// ---------------------------------------------------------------------------------------------
// What a well-formed answer is

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assertKeys(body: Json, allowed: readonly string[]): void {
  const extra = Object.keys(body).filter((key) => !allowed.includes(key));
  assert.deepEqual(extra, [], `unexpected keys ${extra.join(', ')}`);
}

function assertStrings(value: unknown, what: string): void {
  assert.ok(Array.isArray(value) && value.every((item) => typeof item === 'string'), `${what}: strings`);
}

function assertStixObject(value: unknown): void {
  assert.ok(isRecord(value), 'a STIX object');
  assert.equal(typeof value.type, 'string');
  assert.ok(typeof value.id === 'string' && value.id.startsWith(`${value.type}--`), 'id of its type');
}

/** Envelope, manifest and versions (TAXII 3.7, 5.3.1, 5.8.1): more and next together, a non-empty list. */
function assertPage(body: unknown, key: string, item: (value: unknown) => void): void {
  assert.ok(isRecord(body));
  assertKeys(body, ['more', 'next', key]);
  assert.equal('more' in body, 'next' in body, 'more and next together');
  if ('more' in body) {
    assert.equal(body.more, true);
    assert.ok(typeof body.next === 'string' && body.next !== '');
  }
  if (key in body) {
    const items = body[key];
    assert.ok(Array.isArray(items) && items.length > 0, `${key}: a non-empty list`);
    items.forEach(item);
  }
}

function assertManifestRecord(value: unknown): void {
  assert.ok(isRecord(value));
  assertKeys(value, ['id', 'date_added', 'version', 'media_type']);
  for (const key of ['id', 'date_added', 'version', 'media_type']) assert.equal(typeof value[key], 'string');
}

function assertCollection(value: unknown): void {
  assert.ok(isRecord(value));
  assertKeys(value, ['id', 'title', 'description', 'can_read', 'can_write', 'media_types']);
  assert.equal(typeof value.id, 'string');
  assert.equal(typeof value.title, 'string');
  assert.equal(typeof value.can_read, 'boolean');
  assert.equal(typeof value.can_write, 'boolean');
  assertStrings(value.media_types, 'media_types');
}

/** Every object of an answer about one object is that object. */
function assertAllWithId(objects: unknown, encodedId: string | undefined): void {
  assert.ok(Array.isArray(objects));
  const id = decodeURIComponent(encodedId ?? '');
  for (const object of objects) assert.equal((object as Json).id, id, 'the object the path names');
}

function assertStatusResource(value: unknown): void {
  assert.ok(isRecord(value), 'a status resource');
  assertKeys(value, [
    'id',
    'status',
    'request_timestamp',
    'total_count',
    'success_count',
    'successes',
    'failure_count',
    'failures',
    'pending_count',
    'pendings',
  ]);
  assert.equal(typeof value.id, 'string');
  assert.ok(value.status === 'complete' || value.status === 'pending', 'status: complete or pending');
  const counts = ['total_count', 'success_count', 'failure_count', 'pending_count'].map((key) => value[key]);
  assert.ok(
    counts.every((n) => Number.isSafeInteger(n) && (n as number) >= 0),
    'counts',
  );
  const [total, ...parts] = counts as number[];
  assert.equal(
    total,
    parts.reduce((sum, n) => sum + n, 0),
    'total_count is the sum of the others',
  );
  for (const key of ['successes', 'failures', 'pendings']) {
    if (!(key in value)) continue;
    const details = value[key];
    assert.ok(Array.isArray(details) && details.length > 0, `${key}: a non-empty list`);
    for (const detail of details) {
      assert.ok(isRecord(detail) && typeof detail.id === 'string' && typeof detail.version === 'string');
    }
  }
}

interface Route {
  name: string;
  /** The method it answers; a GET route answers HEAD too. */
  method: 'GET' | 'POST' | 'DELETE';
  status: number;
  pattern: RegExp;
  /** Checks the parsed body; absent for a route that answers with none. */
  check?: (body: unknown, params: string[]) => void;
}

const taxiiRoute = (path: string) => new RegExp(`^${path.replaceAll('ROOT', ROOT)}/?$`);

/** What each route answers on success, matched against the path as the router decodes it. */
const ROUTES: readonly Route[] = [
  {
    name: 'discovery',
    method: 'GET',
    status: 200,
    pattern: /^\/taxii2\/?$/,
    check: (body) => {
      assert.ok(isRecord(body));
      assertKeys(body, ['title', 'description', 'contact', 'default', 'api_roots']);
      assert.equal(typeof body.title, 'string');
      assertStrings(body.api_roots, 'api_roots');
      assert.ok((body.api_roots as string[]).includes(body.default as string), 'default is an API root');
    },
  },
  {
    name: 'api root',
    method: 'GET',
    status: 200,
    pattern: taxiiRoute('/ROOT'),
    check: (body) => {
      assert.ok(isRecord(body));
      assertKeys(body, ['title', 'description', 'versions', 'max_content_length']);
      assert.ok((body.versions as unknown[]).includes(TAXII_MEDIA_TYPE));
      assert.equal(body.max_content_length, BODY_LIMIT);
    },
  },
  {
    name: 'status',
    method: 'GET',
    status: 200,
    pattern: taxiiRoute('/ROOT/status/([^/]+)'),
    check: (body, [id]) => {
      assertStatusResource(body);
      assert.equal((body as Json).id, decodeURIComponent(id ?? ''), 'the status the path names');
    },
  },
  {
    name: 'collections',
    method: 'GET',
    status: 200,
    pattern: taxiiRoute('/ROOT/collections'),
    check: (body) => {
      assert.ok(isRecord(body));
      assertKeys(body, ['collections']);
      if ('collections' in body) {
        assert.ok(Array.isArray(body.collections) && body.collections.length > 0, 'a non-empty list');
        body.collections.forEach(assertCollection);
      }
    },
  },
  {
    name: 'collection',
    method: 'GET',
    status: 200,
    pattern: taxiiRoute('/ROOT/collections/([^/]+)'),
    check: (body, [collection]) => {
      assertCollection(body);
      assert.equal((body as Json).id, decodeURIComponent(collection ?? ''), 'the collection the path names');
    },
  },
  {
    name: 'objects',
    method: 'GET',
    status: 200,
    pattern: taxiiRoute('/ROOT/collections/[^/]+/objects'),
    check: (body) => assertPage(body, 'objects', assertStixObject),
  },
  {
    name: 'add objects',
    method: 'POST',
    status: 202,
    pattern: taxiiRoute('/ROOT/collections/[^/]+/objects'),
    check: assertStatusResource,
  },
  {
    name: 'manifest',
    method: 'GET',
    status: 200,
    pattern: taxiiRoute('/ROOT/collections/[^/]+/manifest'),
    check: (body) => assertPage(body, 'objects', assertManifestRecord),
  },
  {
    name: 'object',
    method: 'GET',
    status: 200,
    pattern: taxiiRoute('/ROOT/collections/[^/]+/objects/([^/]+)'),
    check: (body, [id]) => {
      assertPage(body, 'objects', assertStixObject);
      assertAllWithId((body as Json).objects ?? [], id);
    },
  },
  {
    name: 'delete object',
    method: 'DELETE',
    status: 200,
    pattern: taxiiRoute('/ROOT/collections/[^/]+/objects/[^/]+'),
  },
  {
    name: 'versions',
    method: 'GET',
    status: 200,
    pattern: taxiiRoute('/ROOT/collections/[^/]+/objects/[^/]+/versions'),
    check: (body) =>
      assertPage(body, 'versions', (version) => assert.equal(typeof version, 'string', 'a version')),
  },
  {
    name: 'health',
    method: 'GET',
    status: 200,
    pattern: /^\/healthz\/?$/,
    check: (body) => assert.deepEqual(body, { status: 'ok', backend: 'sqlite' }),
  },
  {
    name: 'REST list',
    method: 'GET',
    status: 200,
    pattern: /^\/api\/v1\/objects\/?$/,
    check: (body) => {
      assert.ok(isRecord(body));
      assertKeys(body, ['objects', 'next']);
      assert.ok(Array.isArray(body.objects));
      body.objects.forEach(assertStixObject);
      if ('next' in body) assert.ok(typeof body.next === 'string' && body.next !== '');
    },
  },
  {
    name: 'REST object',
    method: 'GET',
    status: 200,
    pattern: /^\/api\/v1\/objects\/([^/]+)\/?$/,
    check: (body, [id]) => {
      assert.ok(isRecord(body));
      assertKeys(body, ['objects']);
      assert.ok(Array.isArray(body.objects) && body.objects.length > 0, 'at least one version');
      body.objects.forEach(assertStixObject);
      assertAllWithId(body.objects, id);
    },
  },
];

function assertMessage(message: unknown, what: string): void {
  assert.ok(typeof message === 'string' && message.trim() !== '', `${what}: a non-empty message`);
  assert.ok(message.length <= MAX_MESSAGE, `${what}: ${message.length} characters, more than ${MAX_MESSAGE}`);
}

/** The TAXII error message resource as src/taxii/errors.ts writes it (TAXII 2.1 section 3.6.1). */
function assertTaxiiError(body: unknown, status: number): void {
  assert.ok(isRecord(body), 'a TAXII error resource');
  assert.deepEqual(Object.keys(body).sort(), [
    'description',
    'error_code',
    'error_id',
    'http_status',
    'title',
  ]);
  assertMessage(body.title, 'title');
  assertMessage(body.description, 'description');
  assert.equal(typeof body.error_id, 'string');
  assert.match(String(body.error_code), /^[a-z]+(-[a-z]+)*$/, 'error_code: a kebab-case name');
  assert.equal(body.http_status, String(status), 'http_status matches the status line');
}

/** The REST error shape of src/server/errors.ts. */
function assertRestError(body: unknown): void {
  assert.ok(isRecord(body), 'a REST error');
  assertKeys(body, ['error']);
  assert.ok(isRecord(body.error));
  assertKeys(body.error, ['code', 'message']);
  assert.match(String(body.error.code), /^[a-z]+(-[a-z]+)*$/, 'code: a kebab-case name');
  assertMessage(body.error.message, 'message');
}

/** The path as the router matches it: decoded, except escapes of reserved characters; undefined when it does not decode. */
function routedPath(url: string): string | undefined {
  const path = url.split('?')[0] ?? '';
  try {
    return decodeURI(path.replace(/%25/gi, '%2525'));
  } catch {
    return undefined;
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    assert.fail('the body is not JSON');
  }
}

function assertContentType(contentType: unknown, taxii: boolean): void {
  if (taxii) {
    assert.equal(
      contentType,
      TAXII_MEDIA_TYPE,
      `Content-Type ${contentType}: TAXII answers ${TAXII_MEDIA_TYPE}`,
    );
  } else {
    const json = /^application\/json(;|$)/.test(String(contentType));
    assert.ok(json, `Content-Type ${contentType}: the server's own paths (/api/..., /healthz) answer JSON`);
  }
}

/**
 * Throws, saying what is wrong, unless the response is a well-formed answer to the request; returns
 * the name of the route that succeeded, if one did.
 */
function checkResponse(request: FuzzRequest, response: LightMyRequestResponse): string | undefined {
  const status = response.statusCode;
  const servedUrl = response.raw.req.url ?? request.url;
  const path = routedPath(servedUrl);
  const taxii = !SERVER_PATH.test(path ?? servedUrl);
  const head = request.method === 'HEAD';

  assert.ok(status < 500, `status ${status}`);
  assert.doesNotMatch(response.body, LEAK, 'a stack trace or source path in the body');
  if (head) assert.equal(response.body, '', 'HEAD answers carry no body');
  assertContentType(response.headers['content-type'], taxii);
  const body = parseBody(response.body);

  if (status >= 400) {
    if (!head) {
      if (taxii) assertTaxiiError(body, status);
      else assertRestError(body);
    }
    // RFC 9110 sections 15.5.2 and 15.5.6: the challenge, and the methods the resource has.
    if (status === 401) assert.ok(response.headers['www-authenticate'], '401 without WWW-Authenticate');
    if (status === 405) assert.ok(response.headers.allow, '405 without Allow');
    return undefined;
  }

  const method = head ? 'GET' : request.method;
  for (const route of ROUTES) {
    const match = path === undefined ? null : route.pattern.exec(path);
    if (match === null || route.method !== method || route.status !== status) continue;
    if (route.check === undefined) assert.equal(response.body, '', `${route.name} answers with no body`);
    else if (!head) route.check(body, match.slice(1));
    return route.name;
  }
  assert.fail(`${status} to ${request.method} from a path no route serves`);
}

// ---------------------------------------------------------------------------------------------
// Reporting

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length} characters)`;
}

function describeRequest(request: FuzzRequest): string {
  const payload = request.payload === undefined ? undefined : request.payload.toString('utf8');
  return [
    `request:  ${request.method} ${clip(request.url, 300)}`,
    `headers:  ${clip(JSON.stringify(request.headers), 300)}`,
    ...(payload === undefined ? [] : [`body:     ${clip(JSON.stringify(payload), 200)}`]),
  ].join('\n');
}

function describeExchange(request: FuzzRequest, response: LightMyRequestResponse): string {
  const served = response.raw.req.url;
  return [
    describeRequest(request),
    ...(served !== undefined && served !== request.url ? [`the server saw ${clip(served, 300)}`] : []),
    `response: ${response.statusCode} ${String(response.headers['content-type'])}`,
    `          ${clip(response.body, 500)}`,
  ].join('\n');
}

class Tally {
  readonly statuses = new Map<number, number>();
  readonly routes = new Map<string, number>();
  requests = 0;

  add(status: number, route: string | undefined): void {
    this.requests += 1;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (route !== undefined) this.routes.set(route, (this.routes.get(route) ?? 0) + 1);
  }

  toString(): string {
    const statuses = [...this.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
    const routes = [...this.routes].map(([r, n]) => `${r}: ${n}`);
    return `${this.requests} requests; statuses ${statuses.join(', ')}; successes ${routes.join(', ')}`;
  }
}

// ---------------------------------------------------------------------------------------------

describe('HTTP surface under random requests', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let world: FuzzWorld;
  /** Headers of a TAXII request by the reader of the fixture. */
  let asReader: () => Record<string, string>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dc-http-fuzz-'));
    let storeNow = Date.UTC(2026, 5, 1);
    store = await openSqliteStore({ path: join(dir, 'fuzz.db'), clock: () => storeNow++ });
    let directoryNow = Date.UTC(2026, 5, 1);
    const directory = new Directory(store, { clock: () => directoryNow });

    const acme = await directory.createOrg(SYSTEM, 'ACME');
    const other = await directory.createOrg(SYSTEM, 'Other');
    const readWrite = [{ org: acme.id, read: true, write: true, red: false }];
    const create = async (title: string, options: { apiRoot?: string; public?: boolean } = {}) =>
      (await directory.createCollection(SYSTEM, { title, grants: readWrite, ...options })).collection;
    const intel = await create('intel');
    const open = await create('public', { public: true });
    const empty = await create('empty');
    const partners = await create('partners', { apiRoot: 'trustgroup1' });
    // An id that needs percent-encoding in a path, with a slash in it.
    const odd = await store.createCollection({ id: 'feeds:acme/1 ü', title: 'odd id' });
    await directory.grant(SYSTEM, odd.id, { grants: readWrite });
    // Objects the analysts' organisation authored, which they may delete.
    const authored = (from: number) =>
      [from, from + 1].map((n) => ({ ...indicator(n), created_by_ref: acme.id }));
    const contents: [Collection, StixObject[]][] = [
      [intel, [...OBJECTS, ...authored(600)]],
      [open, OBJECTS.slice(0, 6)],
      [empty, []],
      [partners, [...OBJECTS.slice(-3), ...authored(700)]],
      [odd, [...OBJECTS.slice(-2), ...authored(800)]],
    ];
    // One object per put, so that versions get distinct date_added values to page and filter by.
    for (const [collection, objects] of contents) {
      for (const object of objects) await store.put(collection.id, records([object]));
    }

    const user = (name: string, org: string, role: string, expiresInDays = 365) =>
      directory.createUser(SYSTEM, { name, org, role, expiresInDays });
    const analyst = await user('ana', acme.id, 'analyst');
    const reader = await user('rita', acme.id, 'reader');
    const outsider = await user('otto', other.id, 'analyst');
    const expired = await user('brief', acme.id, 'analyst', 1);
    const revoked = await directory.createToken(SYSTEM, 'rita', 365);
    await directory.revokeToken(SYSTEM, revoked.tokenId);
    directoryNow += 2 * DAY_MS;

    app = await buildServer({ store, directory, logLevel: false, bodyLimit: BODY_LIMIT });

    const added = await app.inject({
      method: 'POST',
      url: `/api1/collections/${intel.id}/objects/`,
      headers: {
        accept: TAXII_MEDIA_TYPE,
        'content-type': TAXII_MEDIA_TYPE,
        authorization: `Bearer ${analyst.token}`,
      },
      payload: JSON.stringify({ objects: [{ ...OBJECTS[0], id: `malware--${uuid(900)}` }] }),
    });
    assert.equal(added.statusCode, 202, added.body);
    const page = await store.list({ collection: intel.id, versions: ['all'] }, { limit: 3 });
    const restPage = await store.list({}, { limit: 2 });
    world = {
      collections: contents.map(([{ id, title, apiRoot }, objects]) => ({
        id,
        title,
        apiRoot,
        objectIds: [...new Set(objects.map((object) => object.id))],
      })),
      objectIds: [...new Set(OBJECTS.map((o) => o.id))],
      timestamps: [V1, V2, V3, '2026-02-01T00:00:00Z', ...page.items.map((item) => item.dateAdded)],
      cursors: [page.next, restPage.next].filter((next): next is string => next !== undefined),
      statuses: [{ id: (added.json() as { id: string }).id, apiRoot: intel.apiRoot }],
      bodyLimit: BODY_LIMIT,
      validCredentials: [
        `Bearer ${analyst.token}`,
        `Basic ${Buffer.from(`rita:${reader.token}`).toString('base64')}`,
        `Bearer ${outsider.token}`,
      ],
      writerCredential: `Bearer ${analyst.token}`,
      refusedCredentials: [`Bearer ${expired.token}`, `Bearer ${revoked.token}`],
    };
    asReader = () => ({ accept: TAXII_MEDIA_TYPE, authorization: `Bearer ${reader.token}` });
    assert.equal(world.cursors.length, 2, 'the fixture pages');
  });

  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Sends numRuns requests, failing on the first (shrunk) one answered badly; returns what was seen. */
  async function fuzz(
    requests: fc.Arbitrary<FuzzRequest>,
    numRuns: number,
    examples: FuzzRequest[] = [],
  ): Promise<Tally> {
    const tally = new Tally();
    const property = fc.asyncProperty(requests, async (request) => {
      const response = await app.inject(request as InjectOptions).catch((error: Error) => {
        throw new Error(`inject refused the request: ${error.message}\n${describeRequest(request)}`);
      });
      let route: string | undefined;
      try {
        route = checkResponse(request, response);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${describeExchange(request, response)}`);
      }
      tally.add(response.statusCode, route);
    });
    const details = await fc.check(property, {
      numRuns,
      examples: examples.map((example) => [example]),
      ...(SEED === undefined ? {} : { seed: SEED }),
    });
    if (details.failed) {
      assert.fail(
        `after ${details.numRuns} requests, shrunk ${details.numShrinks} times ` +
          `(replay: HTTP_FUZZ_SEED=${details.seed}):\n${(details.errorInstance as Error).message}`,
      );
    }
    return tally;
  }

  it('answers the TAXII routes with resources or TAXII errors', async (t) => {
    const intel = world.collections[0]?.id;
    const tally = await fuzz(
      httpRequest(world, {
        methods: fc.oneof({ weight: 6, arbitrary: fc.constant('GET') }, { weight: 1, arbitrary: method }),
        targets: taxiiTarget(world),
      }),
      1800,
      [
        { method: 'GET', url: `/api1/collections/${intel}/objects/?limit=2`, headers: asReader() },
        { method: 'GET', url: '/api1/collections/%ZZ/objects/', headers: asReader() },
        { method: 'SEARCH', url: `/api1/collections/${intel}/objects/`, headers: asReader() },
        { method: 'GET', url: `/api1/collections/${'c'.repeat(10_000)}/`, headers: asReader() },
        { method: 'GET', url: '/api1/collections/?match[id]=a&match[id]=b', headers: asReader() },
      ],
    );
    t.diagnostic(tally.toString());
    // Most requests must reach the handlers, or the fuzzer only exercises the Accept check and routing.
    const routes = ['discovery', 'api root', 'status', 'collections', 'collection', 'objects', 'manifest'];
    for (const route of [...routes, 'object', 'versions']) {
      assert.ok((tally.routes.get(route) ?? 0) > 0, `no success from ${route}`);
    }
    assert.ok((tally.statuses.get(200) ?? 0) > tally.requests / 20, 'too few successes');
  });

  it('answers the REST API and health with resources or REST errors', async (t) => {
    const tally = await fuzz(
      httpRequest(world, {
        methods: fc.oneof({ weight: 6, arbitrary: fc.constant('GET') }, { weight: 1, arbitrary: method }),
        targets: restTarget(world),
      }),
      1200,
      [
        { method: 'GET', url: '/api/v1/objects?limit=1', headers: {} },
        { method: 'GET', url: `/api/v1/objects?versions=${'x'.repeat(4000)}`, headers: {} },
        { method: 'GET', url: `/api/v1/${'a'.repeat(10_000)}`, headers: {} },
        { method: 'GET', url: '/api/v2/objects', headers: {} },
      ],
    );
    t.diagnostic(tally.toString());
    for (const route of ['health', 'REST list', 'REST object']) {
      assert.ok((tally.routes.get(route) ?? 0) > 0, `no success from ${route}`);
    }
    assert.ok((tally.statuses.get(200) ?? 0) > tally.requests / 20, 'too few successes');
  });

  it('answers any method, path and body without a server error', async (t) => {
    const tally = await fuzz(
      httpRequest(world, {
        methods: method,
        targets: fc.oneof(taxiiTarget(world), restTarget(world), strangeTarget(world)),
      }),
      1200,
      [
        { method: 'GET', url: '/api1/%E0%A4%A', headers: asReader() },
        { method: 'GET', url: '/%ZZ', headers: {} },
        { method: 'PUT', url: '/api/v1/objects', headers: {}, payload: 'x'.repeat(BODY_LIMIT + 1) },
      ],
    );
    t.diagnostic(tally.toString());
    for (const status of [401, 404, 405, 406, 413, 414, 415]) {
      assert.ok((tally.statuses.get(status) ?? 0) > 0, `no request was answered ${status}`);
    }
  });

  it('answers writes with broken parts with TAXII errors, and sound ones with their resource', async (t) => {
    const intel = world.collections[0]?.id;
    const writer = { accept: TAXII_MEDIA_TYPE, authorization: world.writerCredential };
    const tally = await fuzz(writeRequest(world), 800, [
      {
        method: 'POST',
        url: `/api1/collections/${intel}/objects/`,
        headers: { ...writer, 'content-type': TAXII_MEDIA_TYPE },
        payload: 'x'.repeat(BODY_LIMIT + 1),
      },
      {
        method: 'POST',
        url: `/api1/collections/${intel}/objects/`,
        headers: { ...writer, 'content-type': TAXII_MEDIA_TYPE },
        payload: '{"objects":',
      },
    ]);
    t.diagnostic(tally.toString());
    for (const route of ['add objects', 'delete object']) {
      assert.ok((tally.routes.get(route) ?? 0) > 0, `no success from ${route}`);
    }
    for (const status of [400, 401, 403, 404, 406, 413, 415]) {
      assert.ok((tally.statuses.get(status) ?? 0) > 0, `no write was answered ${status}`);
    }
  });
});
