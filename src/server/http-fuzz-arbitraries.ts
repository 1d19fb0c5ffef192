// Random HTTP requests for the fuzz test of the whole surface (http-fuzz.test.ts). Paths follow a
// grammar of the real routes, holding the ids of real collections and objects, mixed with hostile
// segments; query strings use the real parameter names; headers and bodies are valid or broken.
// Real names are drawn often, so that most requests get past routing into the handlers.

import fc from 'fast-check';
import { COLLECTION_FILTERS, OBJECT_FILTERS, VERSIONS_FILTERS } from '../taxii/filters.js';
import { TAXII_MEDIA_TYPE } from '../taxii/media-types.js';

/** A collection of the server under test, with the API root it is served under. */
export interface FuzzCollection {
  id: string;
  title: string;
  apiRoot: string;
  /** The objects stored in it. */
  objectIds: readonly string[];
}

/** What the server under test holds, so that requests can name it. */
export interface FuzzWorld {
  collections: readonly FuzzCollection[];
  objectIds: readonly string[];
  /** Versions and date_added values of stored objects. */
  timestamps: readonly string[];
  /** `next` and `cursor` values the server issued. */
  cursors: readonly string[];
  /** Status resources of earlier Add Objects requests, with the API root they were made under. */
  statuses: readonly { id: string; apiRoot: string }[];
  /** The largest request body the server accepts, in bytes. */
  bodyLimit: number;
  /** Authorization values of valid tokens, of principals with different rights. */
  validCredentials: readonly string[];
  /** The Authorization value of a principal that may write to every collection. */
  writerCredential: string;
  /** Authorization values of tokens the server knows but refuses: expired, revoked. */
  refusedCredentials: readonly string[];
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const repeated = (unit: string, min: number, max: number): fc.Arbitrary<string> =>
  fc.integer({ min, max }).map((n) => unit.repeat(n));
const commaList = (item: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.array(item, { minLength: 1, maxLength: 4 }).map((items) => items.join(','));
const percentEncodeAll = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

// ---------------------------------------------------------------------------------------------
// Methods

const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const ODD_METHODS = [
  'TRACE',
  'PROPFIND',
  'SEARCH',
  'QUERY',
  'LOCK',
  'MKCOL',
  'COPY',
  'PURGE',
  'LINK',
  'M-SEARCH',
];

/** Mostly GET, the method of most endpoints; then those with bodies, and odd ones light-my-request can send. */
export const method: fc.Arbitrary<string> = fc.oneof(
  weighted(10, fc.constant('GET')),
  weighted(2, fc.constant('HEAD')),
  weighted(4, fc.constantFrom(...BODY_METHODS)),
  weighted(2, fc.constantFrom(...ODD_METHODS)),
);

// ---------------------------------------------------------------------------------------------
// Paths

const HOSTILE_SEGMENTS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F',
  '..%2f',
  '.%2e',
  '%00',
  '%ZZ',
  '%',
  '%E0%A4%A',
  '%C0%AE',
  '%FF',
  '%2F',
  '%5C',
  '\\',
  ';',
  ';jsessionid=1',
  '%3B',
  '*',
  ':collectionId',
  '%3F',
  '%23',
  '%25',
  '%252e',
  ' ',
  '+',
  '~',
  "'",
  '"',
  '<script>',
  '{}',
  '|',
  '\u202e',
  'é',
  '☃',
  '\u{1d54f}',
  'collections',
  'objects',
  'versions',
  'manifest',
  'status',
  'taxii2',
  'api1',
];

/** A segment meant to confuse decoding, routing or a handler; some are 10 KB long. */
const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  weighted(6, fc.constantFrom(...HOSTILE_SEGMENTS)),
  weighted(2, fc.string({ unit: 'grapheme', maxLength: 12 })),
  // Percent signs among hex digits: complete, truncated and invalid escapes.
  weighted(
    2,
    fc.string({ unit: fc.constantFrom('%', '2', 'e', 'E', 'f', 'F', '0', 'a', 'Z', '.'), maxLength: 12 }),
  ),
  weighted(1, repeated('a', 300, 10_000)),
  weighted(1, repeated('%2e', 100, 3_000)),
);

const STIX_TYPES = ['malware', 'indicator', 'ipv4-addr', 'identity', 'x-acme-widget', 'relationship'];
const BAD_TYPES = ['Malware', 'bad type', '', 'x', 'a'.repeat(300), '-malware', 'malware-'];

/** Identifiers with a valid form, of types the store holds and does not hold. */
const stixId: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...STIX_TYPES), fc.uuid())
  .map(([type, uuid]) => `${type}--${uuid}`);

const malformedId: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...BAD_TYPES), fc.uuid()).map(([type, uuid]) => `${type}--${uuid}`),
  fc.constantFrom(...STIX_TYPES).map((type) => `${type}--`),
  fc.constantFrom(...STIX_TYPES).map((type) => `${type}--not-a-uuid`),
);

/** The path to a collection, and the ids of objects worth asking it for. */
interface CollectionPath {
  segments: string[];
  objectIds: readonly string[];
}

/** A collection id as a path segment under an API root: mostly a real one under its own root. */
function collectionPath(world: FuzzWorld): fc.Arbitrary<CollectionPath> {
  const roots = [...new Set(world.collections.map((c) => c.apiRoot))];
  const root = fc.oneof(
    weighted(6, fc.constantFrom(...roots)),
    weighted(1, fc.constantFrom('api2', 'API1', 'taxii2', 'api', 'healthz', '')),
    weighted(1, hostileSegment),
  );
  const collection = fc.constantFrom(...world.collections);
  const otherId = fc.oneof(
    weighted(2, fc.uuid()),
    // A title: the TAXII routes name a collection by id only.
    weighted(
      1,
      collection.map((c) => encodeURIComponent(c.title)),
    ),
    weighted(1, fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent)),
    weighted(1, repeated('c', 257, 5_000)),
    weighted(2, hostileSegment),
  );
  const own = (c: FuzzCollection, id: string) => ({
    segments: [c.apiRoot, 'collections', id],
    objectIds: c.objectIds.length === 0 ? world.objectIds : c.objectIds,
  });
  return fc.oneof(
    weighted(
      16,
      collection.map((c) => own(c, encodeURIComponent(c.id))),
    ),
    weighted(
      1,
      collection.map((c) => own(c, percentEncodeAll(c.id))),
    ),
    weighted(
      2,
      fc.tuple(root, collection).map(([r, c]) => ({
        segments: [r, 'collections', encodeURIComponent(c.id)],
        objectIds: world.objectIds,
      })),
    ),
    weighted(
      3,
      fc
        .tuple(root, otherId)
        .map(([r, id]) => ({ segments: [r, 'collections', id], objectIds: world.objectIds })),
    ),
  );
}

/** An object id as a path segment: mostly one of `ids`, else one absent, malformed or hostile. */
function objectSegment(ids: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    weighted(10, fc.constantFrom(...ids)),
    weighted(
      1,
      fc.constantFrom(...ids).map((id) => id.toUpperCase()),
    ),
    weighted(3, stixId),
    weighted(2, malformedId),
    weighted(2, hostileSegment),
  );
}

/** A path and the query parameters its endpoint takes. */
export interface Target {
  path: string;
  parameters: readonly string[];
}

/** A route as path segments, with the query parameters its endpoint takes. */
type Route = [segments: string[], parameters: readonly string[]];

const NO_PARAMETERS: readonly string[] = [];
const REST_LIST_PARAMETERS = [
  'type',
  'id',
  'q',
  'collection',
  'spec_version',
  'added_after',
  'versions',
  'limit',
  'cursor',
];
const REST_OBJECT_PARAMETERS = ['versions', 'collection'];
/** Every parameter name of every endpoint, for paths that are no endpoint. */
const ALL_PARAMETERS = [...new Set([...COLLECTION_FILTERS, ...REST_LIST_PARAMETERS])];

/** The TAXII routes: discovery, API roots, status, collections and below. */
function taxiiRoutes(world: FuzzWorld): fc.Arbitrary<Route> {
  const roots = [...new Set(world.collections.map((c) => c.apiRoot))];
  const root = fc.oneof(weighted(4, fc.constantFrom(...roots)), weighted(1, hostileSegment));
  const collection = collectionPath(world);
  const object = collection.chain(({ segments, objectIds }) =>
    objectSegment(objectIds).map((o) => [...segments, 'objects', o]),
  );
  const status = fc.oneof(
    weighted(
      3,
      fc.constantFrom(...world.statuses).map((known) => [known.apiRoot, 'status', known.id]),
    ),
    weighted(
      1,
      fc.tuple(root, fc.oneof(fc.uuid(), hostileSegment)).map(([r, id]) => [r, 'status', id]),
    ),
  );
  const route = (segments: fc.Arbitrary<string[]>, parameters: readonly string[]) =>
    segments.map((s): Route => [s, parameters]);
  return fc.oneof(
    weighted(1, route(fc.constant(['taxii2']), NO_PARAMETERS)),
    weighted(
      1,
      route(
        root.map((r) => [r]),
        NO_PARAMETERS,
      ),
    ),
    weighted(
      1,
      route(
        root.map((r) => [r, 'collections']),
        NO_PARAMETERS,
      ),
    ),
    weighted(2, route(status, NO_PARAMETERS)),
    weighted(
      2,
      route(
        collection.map((c) => c.segments),
        NO_PARAMETERS,
      ),
    ),
    weighted(
      6,
      route(
        fc.tuple(collection, fc.constantFrom('objects', 'manifest')).map(([c, e]) => [...c.segments, e]),
        COLLECTION_FILTERS,
      ),
    ),
    weighted(5, route(object, OBJECT_FILTERS)),
    weighted(
      4,
      route(
        object.map((o) => [...o, 'versions']),
        VERSIONS_FILTERS,
      ),
    ),
  );
}

function restRoutes(world: FuzzWorld): fc.Arbitrary<Route> {
  return fc.oneof(
    weighted(
      1,
      fc
        .constantFrom<string[]>(['healthz'], ['api', 'v1'], ['api', 'v2', 'objects'], [])
        .map((segments): Route => [segments, NO_PARAMETERS]),
    ),
    weighted(5, fc.constant<Route>([['api', 'v1', 'objects'], REST_LIST_PARAMETERS])),
    weighted(
      4,
      objectSegment(world.objectIds).map((o): Route => [['api', 'v1', 'objects', o], REST_OBJECT_PARAMETERS]),
    ),
  );
}

/** Path tricks on a real route: a segment inserted, dropped, doubled slash, changed case, over-encoded. */
function withTricks(routes: fc.Arbitrary<Route>): fc.Arbitrary<Route> {
  return routes.chain(([route, parameters]) => {
    const position = fc.nat(route.length);
    const existing = fc.nat(Math.max(route.length - 1, 0));
    const tricked = fc.oneof(
      weighted(20, fc.constant(route)),
      weighted(
        1,
        fc.tuple(position, hostileSegment).map(([at, segment]) => route.toSpliced(at, 0, segment)),
      ),
      weighted(
        1,
        existing.map((at) => route.toSpliced(at, 1)),
      ),
      weighted(
        1,
        position.map((at) => route.toSpliced(at, 0, '')),
      ),
      weighted(
        1,
        existing.map((at) => route.map((s, i) => (i === at ? s.toUpperCase() : s))),
      ),
      weighted(
        1,
        existing.map((at) => route.map((s, i) => (i === at ? percentEncodeAll(s) : s))),
      ),
    );
    return tricked.map((segments): Route => [segments, parameters]);
  });
}

const trailing: fc.Arbitrary<string> = fc.oneof(
  weighted(6, fc.constant('/')),
  weighted(3, fc.constant('')),
  weighted(1, fc.constant('//')),
);

const toPath = (segments: string[], end: string): string =>
  segments.length === 0 ? '/' : `/${segments.join('/')}${end}`;

export function taxiiTarget(world: FuzzWorld): fc.Arbitrary<Target> {
  return fc
    .tuple(withTricks(taxiiRoutes(world)), trailing)
    .map(([[segments, parameters], end]) => ({ path: toPath(segments, end), parameters }));
}

export function restTarget(world: FuzzWorld): fc.Arbitrary<Target> {
  return fc
    .tuple(withTricks(restRoutes(world)), fc.constantFrom('', '', '/'))
    .map(([[segments, parameters], end]) => ({ path: toPath(segments, end), parameters }));
}

/** Hostile segments, under a real prefix or none; sometimes absolute-form or without a leading slash. */
export function strangeTarget(world: FuzzWorld): fc.Arbitrary<Target> {
  const prefix = fc.oneof(
    fc.constant([]),
    fc.constantFrom(['api1'], ['taxii2'], ['api', 'v1'], ['api1', 'collections']),
    collectionPath(world).map((c) => c.segments),
  );
  const path = fc
    .tuple(
      prefix,
      fc.array(fc.oneof(hostileSegment, fc.webSegment()), { minLength: 1, maxLength: 5 }),
      trailing,
    )
    .map(([head, tail, end]) => toPath([...head, ...tail], end));
  return fc
    .oneof(
      weighted(8, path),
      weighted(
        1,
        path.map((p) => `http://attacker.example${p}`),
      ),
      weighted(
        1,
        path.map((p) => p.slice(1)),
      ),
    )
    .map((p) => ({ path: p, parameters: ALL_PARAMETERS }));
}

// ---------------------------------------------------------------------------------------------
// Query strings

const UNKNOWN_PARAMETERS = [
  'match[foo]',
  'match[]',
  'match',
  'match[id',
  'match[ID]',
  'MATCH[type]',
  'match[type][0]',
  'limit[]',
  'Limit',
  'foo',
  '',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'toString',
];

const BAD_VALUES = [
  '',
  ',',
  ',,',
  ' ',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1.5',
  '1e3',
  'Infinity',
  '0x10',
  '9007199254740993',
  '99999999999999999999',
  'true',
  '[]',
  '{}',
  '2026-13-45T99:99:99Z',
  '2026-01-01',
  '2026-01-01T00:00:00.000+01:00',
  'yesterday',
  'first,first',
  'all,first',
  'last,',
  'malware--',
  '%',
  '%%%',
  '\u0000',
];

const badValue: fc.Arbitrary<string> = fc.oneof(
  weighted(6, fc.constantFrom(...BAD_VALUES)),
  weighted(3, fc.string({ unit: 'grapheme', maxLength: 30 })),
  weighted(1, repeated('a', 257, 5_000)),
  weighted(1, repeated('malware,', 900, 1_100)),
  weighted(1, repeated(',', 1, 2_000)),
);

/** A value that parameter accepts, drawn from what the server holds. */
function goodValue(name: string, world: FuzzWorld): fc.Arbitrary<string> {
  const timestamp = fc.constantFrom(...world.timestamps);
  switch (name) {
    case 'added_after':
      return timestamp;
    case 'limit':
      return fc.integer({ min: 1, max: 2_000 }).map(String);
    case 'next':
    case 'cursor':
      return fc.constantFrom(...world.cursors);
    case 'match[id]':
    case 'id':
      return commaList(fc.oneof(fc.constantFrom(...world.objectIds), stixId));
    case 'match[type]':
    case 'type':
      return commaList(fc.constantFrom(...STIX_TYPES));
    case 'match[version]':
    case 'versions':
      return commaList(fc.oneof(fc.constantFrom('first', 'last', 'all'), timestamp));
    case 'match[spec_version]':
    case 'spec_version':
      return commaList(fc.constantFrom('2.1', '2.0'));
    case 'collection':
      return fc.constantFrom(...world.collections.flatMap((c) => [c.id, c.title]));
    default:
      // q, and the names no endpoint takes.
      return fc.constantFrom('malware', 'Malware 1', 'x');
  }
}

type Encoding = 'component' | 'raw' | 'bare';

function renderParameter([name, value, encoding]: [string, string, Encoding]): string {
  switch (encoding) {
    case 'component':
      return `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
    case 'raw':
      return `${name}=${value}`;
    case 'bare':
      return name;
  }
}

/** A query string over the parameters an endpoint takes, with others and unknown ones now and then. */
function queryString(parameters: readonly string[], world: FuzzWorld): fc.Arbitrary<string> {
  const others = ALL_PARAMETERS.filter((name) => !parameters.includes(name));
  const name = fc.oneof(
    ...(parameters.length === 0 ? [] : [weighted(10, fc.constantFrom(...parameters))]),
    ...(others.length === 0 ? [] : [weighted(1, fc.constantFrom(...others))]),
    weighted(1, fc.constantFrom(...UNKNOWN_PARAMETERS)),
  );
  const parameter = name.chain((n) =>
    fc.tuple(
      fc.constant(n),
      fc.oneof(weighted(5, goodValue(n, world)), weighted(1, badValue)),
      fc.constantFrom<Encoding>('component', 'component', 'component', 'raw', 'raw', 'bare'),
    ),
  );
  return fc.oneof(
    // An endpoint without parameters refuses any: mostly ask it without.
    weighted(parameters.length === 0 ? 12 : 3, fc.constant('')),
    weighted(
      8,
      fc
        .array(parameter, { minLength: 1, maxLength: 4 })
        .map((ps) => `?${ps.map(renderParameter).join('&')}`),
    ),
    weighted(1, fc.constantFrom('?', '?&&', '?=', '?&=&')),
  );
}

// ---------------------------------------------------------------------------------------------
// Headers

const ACCEPTS = [
  TAXII_MEDIA_TYPE,
  'application/taxii+json',
  'application/taxii+json; version=2.1',
  'application/taxii+json;version="2.1"',
  'APPLICATION/TAXII+JSON;VERSION=2.1',
  'application/json, application/taxii+json;version=2.1;q=0.5',
  'application/taxii+json;version=2.1;q=0',
  'application/taxii+json;version=2.0',
  'application/taxii+json;version=3',
  'application/taxii+json;version',
  'application/taxii+json;q=abc',
  'application/taxii+json;=;version=2.1',
  '*/*',
  'application/*',
  'application/json',
  'text/html',
  '',
  ';;;',
  ',,,',
];

const CONTENT_TYPES = [
  TAXII_MEDIA_TYPE,
  'application/taxii+json',
  'application/taxii+json;version=2.0',
  'application/stix+json;version=2.1',
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'garbage',
  '',
  ';',
];

const asciiText = (maxLength: number) => fc.string({ unit: 'grapheme-ascii', maxLength });

const accept: fc.Arbitrary<string> = fc.oneof(
  weighted(30, fc.constant(TAXII_MEDIA_TYPE)),
  weighted(3, fc.constantFrom(...ACCEPTS)),
  weighted(1, asciiText(40)),
);

const contentType: fc.Arbitrary<string> = fc.oneof(
  weighted(4, fc.constant(TAXII_MEDIA_TYPE)),
  weighted(4, fc.constantFrom(...CONTENT_TYPES)),
  weighted(1, asciiText(40)),
);

const tokenText = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/='),
  minLength: 1,
  maxLength: 64,
});

/** Authorization values no server would accept: unknown tokens, broken syntax, unknown schemes. */
const garbageAuthorization: fc.Arbitrary<string> = fc.oneof(
  tokenText.map((token) => `Bearer ${token}`),
  fc
    .tuple(asciiText(20), asciiText(20))
    .map(([user, token]) => `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`),
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Bearer a b c',
    'bearer dc_0000',
    'Basic',
    'Basic !!!',
    'Basic Og==',
    'Basic dXNlcg==',
    'Digest username="x"',
    'Negotiate YII=',
  ),
  asciiText(60),
  repeated('A', 1_025, 8_000).map((token) => `Bearer ${token}`),
);

/** Authorization: mostly a valid token, so that requests reach what principals may see; else none or one refused. */
function authorization(world: FuzzWorld): fc.Arbitrary<string | null> {
  return fc.oneof(
    weighted(10, fc.constantFrom(...world.validCredentials)),
    weighted(2, fc.constant(null)),
    weighted(1, fc.constantFrom(...world.refusedCredentials)),
    weighted(1, garbageAuthorization),
  );
}

/** Whether and how Content-Length disagrees with the body actually sent. */
type LengthLie = 'none' | 'shorter' | 'longer' | 'over-limit' | 'not-a-number' | 'negative';

const lengthLie: fc.Arbitrary<LengthLie> = fc.oneof(
  weighted(12, fc.constant<LengthLie>('none')),
  weighted(1, fc.constantFrom<LengthLie>('shorter', 'longer', 'over-limit', 'not-a-number', 'negative')),
);

interface HeaderParts {
  accept: string | null;
  contentType: string | null;
  authorization: string | null;
  lengthLie: LengthLie;
}

/** Accept (mostly TAXII 2.1), Content-Type, Authorization (see authorization) and Content-Length lies. */
function requestHeaders(world: FuzzWorld): fc.Arbitrary<HeaderParts> {
  return fc.record({
    accept: fc.option(accept, { freq: 25 }),
    contentType: fc.option(contentType, { freq: 4 }),
    authorization: authorization(world),
    lengthLie,
  });
}

// ---------------------------------------------------------------------------------------------
// Bodies

const indicator = (uuid: string) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${uuid}`,
  created: '2026-01-05T00:00:00.000Z',
  modified: '2026-01-05T00:00:00.000Z',
  pattern: "[ipv4-addr:value = '198.51.100.1']",
  pattern_type: 'stix',
  valid_from: '2026-01-05T00:00:00Z',
});

const envelopeBody: fc.Arbitrary<string> = fc
  .array(fc.uuid(), { minLength: 0, maxLength: 3 })
  .map((uuids) => JSON.stringify({ objects: uuids.map(indicator) }));

const malformedJson: fc.Arbitrary<string> = fc.oneof(
  fc
    .oneof(envelopeBody, fc.json())
    .chain((json) => fc.nat(Math.max(json.length - 1, 0)).map((n) => json.slice(0, n))),
  fc.constantFrom(
    '{',
    '[',
    '{"objects":',
    'nul',
    '"',
    '\uFEFF{}',
    "{'objects':[]}",
    '{"objects":[],}',
    '{"__proto__":{"polluted":1}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
    '{"objects":[{"type":"indicator"}]}',
  ),
);

/** Bodies: envelopes, any JSON, broken JSON, bytes, and bodies just past the server's limit. */
function requestBody(world: FuzzWorld): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    weighted(3, envelopeBody),
    weighted(2, fc.json({ maxDepth: 3 })),
    weighted(3, malformedJson),
    weighted(
      1,
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
    ),
    weighted(1, fc.string({ unit: 'binary', maxLength: 100 })),
    weighted(
      2,
      fc
        .integer({ min: 1, max: 4_096 })
        .map((extra) => `{"objects":["${'x'.repeat(world.bodyLimit + extra)}"]}`),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Requests

function contentLength(lie: LengthLie, payload: string | Buffer | null, bodyLimit: number): string | null {
  const actual = payload === null ? 0 : Buffer.byteLength(payload);
  switch (lie) {
    case 'none':
      return null;
    case 'shorter':
      return String(Math.max(actual - 1, 0));
    case 'longer':
      return String(actual + 1);
    case 'over-limit':
      return String(bodyLimit + 1);
    case 'not-a-number':
      return 'twelve';
    case 'negative':
      return '-1';
  }
}

/**
 * Whether app.inject can send the URL. light-my-request parses it with the WHATWG URL parser, which
 * refuses a few a raw client could send, such as `/\x` (read as `//x`, a host).
 */
function injectable(url: string): boolean {
  return URL.canParse(url.startsWith('//') ? `http://localhost${url}` : url, 'http://localhost');
}

/** One request from its parts: a method, a target and its query, header choices and maybe a body. */
export function httpRequest(
  world: FuzzWorld,
  parts: { methods: fc.Arbitrary<string>; targets: fc.Arbitrary<Target> },
): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      method: parts.methods,
      url: parts.targets.chain(({ path, parameters }) =>
        queryString(parameters, world).map((query) => `${path}${query}`),
      ),
      headers: requestHeaders(world),
      payload: fc.option(requestBody(world), { freq: 2 }),
    })
    .map(({ method, url, headers, payload }) => {
      const length = contentLength(headers.lengthLie, payload, world.bodyLimit);
      const values: Record<string, string | null> = {
        accept: headers.accept,
        'content-type': headers.contentType,
        authorization: headers.authorization,
        'content-length': length,
      };
      return {
        method,
        url,
        headers: Object.fromEntries(
          Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== null),
        ),
        ...(payload === null ? {} : { payload }),
      };
    })
    .filter((request) => injectable(request.url));
}

// ---------------------------------------------------------------------------------------------
// Writes: a valid request with some of its parts broken

/** A change to one part of a request. */
type Mutation = (request: FuzzRequest) => FuzzRequest;

const setHeader =
  (name: string, value: string | null): Mutation =>
  (request) => {
    const { [name]: _replaced, ...headers } = request.headers;
    return { ...request, headers: value === null ? headers : { ...headers, [name]: value } };
  };

const setPayload =
  (payload: string | Buffer | null): Mutation =>
  ({ payload: _replaced, ...request }) =>
    payload === null ? request : { ...request, payload };

/** Every way one part of a write can be broken: headers, body, query, path, method. */
function mutation(world: FuzzWorld): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc
      .option(fc.oneof(fc.constantFrom(...ACCEPTS), asciiText(40)), { freq: 4 })
      .map((value) => setHeader('accept', value)),
    authorization(world).map((value) => setHeader('authorization', value)),
    fc.option(contentType, { freq: 4 }).map((value) => setHeader('content-type', value)),
    fc.option(requestBody(world), { freq: 6 }).map(setPayload),
    lengthLie.map(
      (lie): Mutation =>
        (request) =>
          setHeader('content-length', contentLength(lie, request.payload ?? null, world.bodyLimit))(request),
    ),
    queryString(ALL_PARAMETERS, world).map(
      (query): Mutation =>
        (request) => ({ ...request, url: `${request.url.split('?')[0]}${query}` }),
    ),
    fc.tuple(fc.nat(), hostileSegment).map(
      ([at, segment]): Mutation =>
        (request) => {
          const segments = request.url.split('/');
          return { ...request, url: segments.toSpliced(1 + (at % segments.length), 0, segment).join('/') };
        },
    ),
    fc.constantFrom('GET', 'PUT', 'PATCH', ...ODD_METHODS).map(
      (method): Mutation =>
        (request) => ({ ...request, method }),
    ),
  );
}

/**
 * Add Objects and Delete an Object requests by a writer, valid but for up to three broken parts,
 * so that every check of the write endpoints is reached with the others passed.
 */
export function writeRequest(world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  const collection = fc.constantFrom(...world.collections);
  const headers = { accept: TAXII_MEDIA_TYPE, authorization: world.writerCredential };
  const add = fc.tuple(collection, envelopeBody).map(
    ([c, payload]): FuzzRequest => ({
      method: 'POST',
      url: `/${c.apiRoot}/collections/${encodeURIComponent(c.id)}/objects/`,
      headers: { ...headers, 'content-type': TAXII_MEDIA_TYPE },
      payload,
    }),
  );
  const remove = collection
    .filter((c) => c.objectIds.length > 0)
    .chain((c) =>
      fc.constantFrom(...c.objectIds).map(
        (id): FuzzRequest => ({
          method: 'DELETE',
          url: `/${c.apiRoot}/collections/${encodeURIComponent(c.id)}/objects/${id}/`,
          headers,
        }),
      ),
    );
  return fc
    .tuple(fc.oneof(weighted(2, add), weighted(1, remove)), fc.array(mutation(world), { maxLength: 3 }))
    .map(([request, mutations]) => mutations.reduce((changed, mutate) => mutate(changed), request))
    .filter((request) => injectable(request.url));
}
