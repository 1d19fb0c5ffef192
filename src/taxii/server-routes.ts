// The TAXII 2.1 endpoints (sections 4 and 5) as one fastify plugin: discovery, API roots, status,
// collections, objects (get, add, delete), one object, the manifest and an object's versions. Every
// answer is application/taxii+json;version=2.1, after the Accept check of section 3.1, with TAXII
// error resources on failure. Paging uses the store's opaque cursor as `next`, so a repeated request
// with the same `next` returns the same page.
//
// Access: request.principal (set by the server's auth hook) and the collection's policy decide
// everything through access/policy.ts. A collection the principal may neither read nor write
// answers exactly as one that does not exist, and reads pass the principal's scope to the store, so
// objects, counts, `more` and the date headers only ever reflect what it may see.

import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { CollectionEntry, Directory } from '../access/directory.js';
import { RequestDenied } from '../access/errors.js';
import { canAdminister, canWrite, knowsCollection, readScope, visibilityFacts } from '../access/policy.js';
import { auditActor, type Principal } from '../access/principal.js';
import { parseId } from '../stix/id.js';
import type { StixObject } from '../stix/object.js';
import { formatMicros } from '../stix/timestamp.js';
import {
  DEFAULT_API_ROOT,
  type JsonPage,
  type ListQuery,
  type Page,
  type PageRequest,
  type Scope,
  type Store,
  type VersionSelector,
} from '../store/store.js';
import { addObjects, envelopeObjects } from './add-objects.js';
import { registerTaxiiErrorHandler, TaxiiError } from './errors.js';
import {
  COLLECTION_FILTERS,
  DELETE_FILTERS,
  type FilterName,
  type Filters,
  OBJECT_FILTERS,
  parseFilters,
  VERSIONS_FILTERS,
} from './filters.js';
import { acceptsTaxii21, isTaxii21ContentType, TAXII_MEDIA_TYPE } from './media-types.js';
import {
  apiRootResource,
  collectionResource,
  collectionsResource,
  discoveryResource,
  envelope,
  manifestResource,
  versionsResource,
} from './resources.js';
import { loadStatus } from './status.js';

export interface TaxiiOptions {
  store: Store;
  directory: Directory;
  /** The title of the server and of its API roots. */
  title?: string;
  /** Clock for status timestamps; Date.now by default. */
  clock?: () => number;
}

type Query = Record<string, string | string[] | undefined>;
interface RootParams {
  apiRoot: string;
}
interface CollectionParams extends RootParams {
  collectionId: string;
}
interface ObjectParams extends CollectionParams {
  objectId: string;
}
interface StatusParams extends RootParams {
  statusId: string;
}

const MAX_COLLECTION_ID_LENGTH = 256;
/** First path segments of the server's other routes (the REST API, health), never an API root. */
const SERVER_SEGMENTS = new Set(['api', 'healthz']);

function isServerPath(url: string): boolean {
  return SERVER_SEGMENTS.has(url.split(/[/?]/)[1] ?? '');
}

/** A collection the principal may know, with what it may do there. */
type Granted = CollectionEntry & { scope: Scope | undefined };

/** The body as bytes: fastify would rewrite a string's Content-Type to version="2.1"; charset=utf-8. */
function send(reply: FastifyReply, body: string | Buffer): Buffer {
  reply.header('content-type', TAXII_MEDIA_TYPE);
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/** X-TAXII-Date-Added-First/-Last (section 3.2): omitted on an empty page, which has no first or last. */
function dateAddedHeaders(reply: FastifyReply, first: string | undefined, last: string | undefined): void {
  if (first === undefined || last === undefined) return;
  reply.header('X-TAXII-Date-Added-First', first);
  reply.header('X-TAXII-Date-Added-Last', last);
}

/**
 * Envelopes already made, by the page they were made of: a store hands the same page object out
 * again while it keeps it (sqlite/page-cache.ts), and copying its 90 KB into a new envelope each
 * time is work for nothing. An entry goes when its page does.
 */
const envelopes = new WeakMap<JsonPage, Buffer>();

/** An envelope of stored texts (sections 5.4, 5.6), with its date headers. */
function sendObjects(reply: FastifyReply, page: JsonPage): Buffer {
  dateAddedHeaders(reply, page.firstAdded, page.lastAdded);
  // The page's memory goes back to the store once the answer is written out, or given up.
  if (page.release !== undefined) reply.raw.once('close', page.release);
  let body = envelopes.get(page);
  if (body === undefined) {
    body = envelope(page);
    envelopes.set(page, body);
  }
  return send(reply, body);
}

function pageHeaders(reply: FastifyReply, page: Page): void {
  dateAddedHeaders(reply, page.items[0]?.dateAdded, page.items.at(-1)?.dateAdded);
}

function listQuery(scope: Scope, filters: Filters): ListQuery {
  return {
    collection: scope.collection,
    scopes: [scope],
    ...(filters.ids === undefined ? {} : { ids: filters.ids }),
    ...(filters.types === undefined ? {} : { types: filters.types }),
    // Without match[version] the latest version of each object is returned (section 3.4.1).
    versions: filters.versions ?? ['last'],
    // Without match[spec_version] the latest spec version of each object is due (section 3.4.1);
    // the store holds STIX 2.1 only (imports upgrade 2.0), so that is every stored version.
    ...(filters.specVersions === undefined ? {} : { specVersions: filters.specVersions }),
    ...(filters.addedAfter === undefined ? {} : { addedAfter: filters.addedAfter }),
  };
}

function notFound(what: string): TaxiiError {
  return new TaxiiError(404, 'not-found', what);
}

export const taxiiRoutes: FastifyPluginAsync<TaxiiOptions> = async (app: FastifyInstance, options) => {
  const { store, directory } = options;
  const title = options.title ?? 'dreamcatcher TAXII 2.1';
  const clock = options.clock ?? Date.now;

  registerTaxiiErrorHandler(app);
  app.addHook('onRequest', async (request) => {
    // The server's own paths only pass through here to reach its not-found handler.
    if (isServerPath(request.url)) return;
    if (!acceptsTaxii21(request.headers.accept)) {
      throw new TaxiiError(
        406,
        'not-acceptable',
        `the Accept header must include ${TAXII_MEDIA_TYPE} or application/taxii+json (TAXII 2.1 section 3.1)`,
      );
    }
  });
  // Bodies are read as bytes whatever their type, so that the route itself answers a wrong
  // Content-Type with the TAXII 415 and malformed JSON with a TAXII 400 naming the position.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  /** Every collection the principal may know, with its policy and read scope, in listing order (section 3.3). */
  async function grantedCollections(principal: Principal): Promise<Granted[]> {
    const granted: Granted[] = [];
    for (const { collection, policy } of await directory.collections()) {
      if (!knowsCollection(principal, collection.id, policy)) continue;
      granted.push({ collection, policy, scope: readScope(principal, collection.id, policy) });
    }
    return granted.sort(
      (a, b) =>
        a.collection.created.localeCompare(b.collection.created) ||
        a.collection.id.localeCompare(b.collection.id),
    );
  }

  /** The API roots a principal may know of: the default one, and every root holding a collection it knows. */
  function apiRootsOf(granted: readonly Granted[]): string[] {
    const roots = new Set([DEFAULT_API_ROOT]);
    for (const { collection } of granted) roots.add(collection.apiRoot);
    return [...roots].sort();
  }

  /** The path's API root if the principal may know it, with the collections it knows (read once). */
  async function checkApiRoot(
    request: FastifyRequest<{ Params: RootParams }>,
  ): Promise<{ apiRoot: string; granted: Granted[] }> {
    const { apiRoot } = request.params;
    const granted = await grantedCollections(request.principal);
    if (!apiRootsOf(granted).includes(apiRoot)) {
      throw notFound(`no API root '${apiRoot.slice(0, 100)}'; GET /taxii2/ lists them`);
    }
    return { apiRoot, granted };
  }

  /** The collection named by id under the path's API root, if the principal may know it (section 5.2). */
  async function grantedCollection(request: FastifyRequest<{ Params: CollectionParams }>): Promise<Granted> {
    const { apiRoot, collectionId } = request.params;
    const missing = () =>
      notFound(`no collection with id '${collectionId.slice(0, 100)}' under /${apiRoot.slice(0, 64)}/`);
    if (collectionId.length > MAX_COLLECTION_ID_LENGTH) throw missing();
    // The directory finds by id only (a title never stands in for it); a collection lives under
    // one API root only.
    const entry = await directory.collection(collectionId);
    if (entry === undefined || entry.collection.apiRoot !== apiRoot) throw missing();
    const { collection, policy } = entry;
    const principal = request.principal;
    if (!knowsCollection(principal, collection.id, policy)) throw missing();
    return { collection, policy, scope: readScope(principal, collection.id, policy) };
  }

  async function readable(request: FastifyRequest<{ Params: CollectionParams }>): Promise<Scope> {
    const granted = await grantedCollection(request);
    if (granted.scope === undefined) {
      throw new RequestDenied(
        403,
        'forbidden',
        `collection '${granted.collection.id}' cannot be read with these credentials`,
      );
    }
    return granted.scope;
  }

  function objectIdOf(id: string): string {
    if (parseId(id) === undefined) throw notFound(`'${id.slice(0, 100)}' is not a STIX identifier`);
    return id;
  }

  /** 404 for an object with no version the principal may see in the collection (sections 5.6, 5.7, 5.8). */
  async function assertObjectExists(scope: Scope, id: string): Promise<void> {
    if (
      (await store.count({ collection: scope.collection, scopes: [scope], ids: [id], versions: ['all'] })) ===
      0
    ) {
      throw notFound(`no object '${id}' in collection '${scope.collection}'`);
    }
  }

  function filtersOf(query: unknown, allowed: readonly FilterName[]): Filters {
    return parseFilters(query as Query, allowed);
  }

  function pageRequest(filters: Filters): PageRequest {
    return { limit: filters.limit, ...(filters.next === undefined ? {} : { cursor: filters.next }) };
  }

  function pageOf(query: ListQuery, filters: Filters): Promise<Page> {
    return store.list(query, pageRequest(filters));
  }

  // Section 4.1. The filter parsers also refuse parameters on endpoints that define none.
  app.get('/taxii2/', async (request, reply) => {
    filtersOf(request.query, []);
    const roots = apiRootsOf(await grantedCollections(request.principal)).map((root) => `/${root}/`);
    return send(reply, discoveryResource(title, `/${DEFAULT_API_ROOT}/`, roots));
  });

  // Section 4.2.
  app.get<{ Params: RootParams }>('/:apiRoot/', async (request, reply) => {
    filtersOf(request.query, []);
    await checkApiRoot(request);
    return send(reply, apiRootResource(title, request.routeOptions.bodyLimit));
  });

  // Section 4.3: only the organisation that made the request may read its status.
  app.get<{ Params: StatusParams }>('/:apiRoot/status/:statusId/', async (request, reply) => {
    filtersOf(request.query, []);
    const { apiRoot } = await checkApiRoot(request);
    const status = await loadStatus(store, request.principal, apiRoot, request.params.statusId);
    if (status === undefined) throw notFound(`no status '${request.params.statusId.slice(0, 100)}'`);
    return send(reply, JSON.stringify(status));
  });

  // Section 5.1.
  app.get<{ Params: RootParams }>('/:apiRoot/collections/', async (request, reply) => {
    filtersOf(request.query, []);
    const { apiRoot, granted: known } = await checkApiRoot(request);
    const principal = request.principal;
    const granted = known.filter((item) => item.collection.apiRoot === apiRoot);
    return send(
      reply,
      collectionsResource(
        granted.map((item) => ({
          collection: item.collection,
          canRead: item.scope !== undefined,
          canWrite: canWrite(principal, item.policy),
        })),
      ),
    );
  });

  // Section 5.2.
  app.get<{ Params: CollectionParams }>('/:apiRoot/collections/:collectionId/', async (request, reply) => {
    filtersOf(request.query, []);
    const granted = await grantedCollection(request);
    return send(
      reply,
      collectionResource({
        collection: granted.collection,
        canRead: granted.scope !== undefined,
        canWrite: canWrite(request.principal, granted.policy),
      }),
    );
  });

  // Section 5.4.
  app.get<{ Params: CollectionParams }>(
    '/:apiRoot/collections/:collectionId/objects/',
    async (request, reply) => {
      const filters = filtersOf(request.query, COLLECTION_FILTERS);
      const scope = await readable(request);
      return sendObjects(reply, await store.listJson(listQuery(scope, filters), pageRequest(filters)));
    },
  );

  // Section 5.5.
  app.post<{ Params: CollectionParams }>(
    '/:apiRoot/collections/:collectionId/objects/',
    async (request, reply) => {
      filtersOf(request.query, []);
      const granted = await grantedCollection(request);
      const principal = request.principal;
      if (!canWrite(principal, granted.policy)) {
        throw new RequestDenied(
          403,
          'forbidden',
          `collection '${granted.collection.id}' cannot be written with these credentials`,
        );
      }
      if (!isTaxii21ContentType(request.headers['content-type'])) {
        throw new TaxiiError(
          415,
          'unsupported-media-type',
          `the Content-Type must be ${TAXII_MEDIA_TYPE} (TAXII 2.1 section 3.1), not '${String(request.headers['content-type'] ?? '').slice(0, 100)}'`,
        );
      }
      const objects = envelopeObjects(parseBody(request.body));
      const requestTimestamp = formatMicros(BigInt(Math.floor(clock() * 1000)));
      const status = await addObjects(objects, {
        store,
        collection: granted.collection.id,
        apiRoot: granted.collection.apiRoot,
        principal,
        status: { id: randomUUID(), request_timestamp: requestTimestamp },
        refuseAuthor: (object) => refuseAuthor(principal, object),
      });
      reply.code(202);
      return send(reply, JSON.stringify(status));
    },
  );

  /**
   * Analysts may author objects as their own organisation or as someone outside this server (a
   * report's vendor, say), never as another organisation here. Admins, sync peers and the host
   * relay objects as they come.
   */
  async function refuseAuthor(principal: Principal, object: StixObject): Promise<string | undefined> {
    if (principal.kind !== 'user' || principal.role === 'admin' || principal.role === 'sync')
      return undefined;
    const author = visibilityFacts(object).createdBy;
    if (author === '' || author === principal.org) return undefined;
    const org = await directory.findOrg(author);
    return org === undefined
      ? undefined
      : `created_by_ref names organisation '${org.name}'; an analyst may only author objects as its own organisation`;
  }

  // Section 5.3: the same filtering as Get Objects, one record per selected version.
  app.get<{ Params: CollectionParams }>(
    '/:apiRoot/collections/:collectionId/manifest/',
    async (request, reply) => {
      const filters = filtersOf(request.query, COLLECTION_FILTERS);
      const scope = await readable(request);
      const page = await pageOf(listQuery(scope, filters), filters);
      pageHeaders(reply, page);
      return send(reply, manifestResource(page));
    },
  );

  // Section 5.6: a search with match[id] set to the path's object id. An object that exists but whose
  // versions the filters exclude gets an empty envelope; one not in the collection at all, a 404.
  app.get<{ Params: ObjectParams }>(
    '/:apiRoot/collections/:collectionId/objects/:objectId/',
    async (request, reply) => {
      const filters = filtersOf(request.query, OBJECT_FILTERS);
      const scope = await readable(request);
      const id = objectIdOf(request.params.objectId);
      const page = await store.listJson(listQuery(scope, { ...filters, ids: [id] }), pageRequest(filters));
      if (page.count === 0) await assertObjectExists(scope, id);
      return sendObjects(reply, page);
    },
  );

  // Section 5.7: deletes the selected versions the principal may see. Writers delete what their
  // organisation authored; admins and the host delete anything they see.
  app.delete<{ Params: ObjectParams }>(
    '/:apiRoot/collections/:collectionId/objects/:objectId/',
    async (request, reply) => {
      const filters = filtersOf(request.query, DELETE_FILTERS);
      const granted = await grantedCollection(request);
      const principal = request.principal;
      const id = objectIdOf(request.params.objectId);
      if (!canWrite(principal, granted.policy)) {
        throw new RequestDenied(
          403,
          'forbidden',
          `collection '${granted.collection.id}' cannot be written with these credentials`,
        );
      }
      const scope = granted.scope;
      if (scope === undefined) throw notFound(`no object '${id}' in collection '${granted.collection.id}'`);
      const selected = await store.get(id, {
        collection: granted.collection.id,
        scopes: [scope],
        versions: filters.versions ?? ['all'],
      });
      const matching = selected.filter(
        (version) => filters.specVersions === undefined || filters.specVersions.includes(version.specVersion),
      );
      if (matching.length === 0) await assertObjectExists(scope, id);
      if (!canAdminister(principal) && principal.kind === 'user') {
        const foreign = matching.find(
          (version) => visibilityFacts(JSON.parse(version.json) as StixObject).createdBy !== principal.org,
        );
        if (foreign !== undefined) {
          throw new RequestDenied(
            403,
            'forbidden',
            `'${id}' was not authored by your organisation; only its author or an admin may delete it`,
          );
        }
      }
      const selectors: VersionSelector[] = matching.map((version) =>
        version.version === '' ? 'all' : { modified: version.version },
      );
      const deleted =
        selectors.length === 0
          ? 0
          : await store.delete(id, { collection: granted.collection.id, versions: selectors });
      await store.appendAudit({
        ...auditActor(principal),
        action: 'objects.delete',
        target: granted.collection.id,
        details: { id, versions: matching.map((version) => version.version), deleted },
      });
      reply.code(200);
      return send(reply, '');
    },
  );

  // Section 5.8: every version of the object, in the order they were added.
  app.get<{ Params: ObjectParams }>(
    '/:apiRoot/collections/:collectionId/objects/:objectId/versions/',
    async (request, reply) => {
      const filters = filtersOf(request.query, VERSIONS_FILTERS);
      const scope = await readable(request);
      const id = objectIdOf(request.params.objectId);
      const page = await pageOf(listQuery(scope, { ...filters, ids: [id], versions: ['all'] }), filters);
      if (page.items.length === 0) await assertObjectExists(scope, id);
      pageHeaders(reply, page);
      return send(reply, versionsResource(page));
    },
  );

  // Anything else under the TAXII paths gets a TAXII error: 404 for an unknown endpoint, 405 for a
  // method the endpoint does not have. The server's own paths (/api/..., /healthz) keep its shape.
  const unknownEndpoint = async (request: FastifyRequest, reply: FastifyReply): Promise<never> => {
    if (isServerPath(request.url)) return reply.callNotFound() as never;
    const path = request.url.split('?')[0]?.slice(0, 200) ?? '';
    if (request.method === 'GET' || request.method === 'HEAD') {
      throw notFound(`no TAXII endpoint at ${path}; GET /taxii2/ lists the API roots`);
    }
    const collectionObjects = /^\/[^/]+\/collections\/[^/]+\/objects\/?$/.test(path);
    const oneObject = /^\/[^/]+\/collections\/[^/]+\/objects\/[^/]+\/?$/.test(path);
    // RFC 9110 section 15.5.6: a 405 names the methods the resource does support.
    const allowed = collectionObjects ? 'GET, HEAD, POST' : oneObject ? 'GET, HEAD, DELETE' : 'GET, HEAD';
    reply.header('allow', allowed);
    throw new TaxiiError(
      405,
      'method-not-allowed',
      `${request.method} is not allowed on ${path}; use ${allowed}`,
    );
  };
  app.all('/taxii2/*', unknownEndpoint);
  app.all('/:apiRoot/*', unknownEndpoint);
};

/** The request body as JSON; a malformed one is a 400 that says where it breaks. */
function parseBody(body: unknown): unknown {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : '';
  if (text.trim() === '')
    throw new TaxiiError(400, 'bad-envelope', 'the request has no body; send a TAXII envelope');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TaxiiError(
      400,
      'malformed-json',
      `the request body is not JSON: ${(error as Error).message.slice(0, 200)}`,
    );
  }
}
