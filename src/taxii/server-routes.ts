// The TAXII 2.1 read endpoints (sections 4 and 5) as one fastify plugin: discovery, the API root,
// collections, objects, one object, the manifest and an object's versions. Every route answers in
// application/taxii+json;version=2.1, after the Accept check of section 3.1, with TAXII error
// resources on failure. Paging uses the store's opaque cursor as `next`, so a repeated request with
// the same `next` returns the same page.

import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { parseId } from '../stix/id.js';
import type { Collection, ListQuery, Page, Store } from '../store/store.js';
import { registerTaxiiErrorHandler, TaxiiError } from './errors.js';
import {
  COLLECTION_FILTERS,
  type FilterName,
  type Filters,
  OBJECT_FILTERS,
  parseFilters,
  VERSIONS_FILTERS,
} from './filters.js';
import { acceptsTaxii21, TAXII_MEDIA_TYPE } from './media-types.js';
import {
  apiRootResource,
  collectionResource,
  collectionsResource,
  discoveryResource,
  envelope,
  manifestResource,
  versionsResource,
} from './resources.js';

export interface TaxiiOptions {
  store: Store;
  /** The title of the server and of its API root. */
  title?: string;
  /** The path segment of the one API root; 'api1' by default. */
  apiRoot?: string;
}

type Query = Record<string, string | string[] | undefined>;
interface CollectionParams {
  collectionId: string;
}
interface ObjectParams extends CollectionParams {
  objectId: string;
}

// One path segment of unreserved URL characters, so that the API root needs no escaping.
const API_ROOT_NAME = /^[A-Za-z0-9._~-]{1,64}$/;
const MAX_COLLECTION_ID_LENGTH = 256;

/** The body as bytes: fastify would rewrite a string's Content-Type to version="2.1"; charset=utf-8. */
function send(reply: FastifyReply, body: string): Buffer {
  reply.header('content-type', TAXII_MEDIA_TYPE);
  return Buffer.from(body, 'utf8');
}

/** X-TAXII-Date-Added-First/-Last (section 3.2): omitted on an empty page, which has no first or last. */
function dateAddedHeaders(reply: FastifyReply, page: Page): void {
  const first = page.items[0];
  const last = page.items.at(-1);
  if (first === undefined || last === undefined) return;
  reply.header('X-TAXII-Date-Added-First', first.dateAdded);
  reply.header('X-TAXII-Date-Added-Last', last.dateAdded);
}

function listQuery(collection: string, filters: Filters): ListQuery {
  return {
    collection,
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

export const taxiiRoutes: FastifyPluginAsync<TaxiiOptions> = async (app: FastifyInstance, options) => {
  const { store } = options;
  const title = options.title ?? 'dreamcatcher TAXII 2.1';
  const apiRoot = options.apiRoot ?? 'api1';
  if (!API_ROOT_NAME.test(apiRoot) || apiRoot === 'taxii2' || apiRoot === '.' || apiRoot === '..') {
    throw new Error(`TAXII API root '${apiRoot}' must be one URL path segment other than taxii2`);
  }
  const root = `/${apiRoot}/`;

  registerTaxiiErrorHandler(app);
  app.addHook('onRequest', async (request) => {
    if (!acceptsTaxii21(request.headers.accept)) {
      throw new TaxiiError(
        406,
        'not-acceptable',
        `the Accept header must include ${TAXII_MEDIA_TYPE} or application/taxii+json (TAXII 2.1 section 3.1)`,
      );
    }
  });

  /** The collection named by id in the path; a title never stands in for it (section 5.2). */
  async function collectionOf(id: string): Promise<Collection> {
    const found = id.length > MAX_COLLECTION_ID_LENGTH ? undefined : await store.getCollection(id);
    if (found === undefined || found.id !== id) {
      throw new TaxiiError(404, 'collection-not-found', `no collection with id '${id.slice(0, 100)}'`);
    }
    return found;
  }

  function objectIdOf(id: string): string {
    if (parseId(id) === undefined) {
      throw new TaxiiError(404, 'object-not-found', `'${id.slice(0, 100)}' is not a STIX identifier`);
    }
    return id;
  }

  /** 404 for an object with no version at all in the collection (sections 5.6, 5.8). */
  async function assertObjectExists(collection: string, id: string): Promise<void> {
    if ((await store.count({ collection, ids: [id], versions: ['all'] })) === 0) {
      throw new TaxiiError(404, 'object-not-found', `no object '${id}' in collection '${collection}'`);
    }
  }

  function filtersOf(query: unknown, allowed: readonly FilterName[]): Filters {
    return parseFilters(query as Query, allowed);
  }

  function pageOf(query: ListQuery, filters: Filters): Promise<Page> {
    return store.list(query, {
      limit: filters.limit,
      ...(filters.next === undefined ? {} : { cursor: filters.next }),
    });
  }

  // Section 4.1. The filter parsers also refuse parameters on endpoints that define none.
  app.get('/taxii2/', async (request, reply) => {
    filtersOf(request.query, []);
    return send(reply, discoveryResource(title, root));
  });

  // Section 4.2.
  app.get(root, async (request, reply) => {
    filtersOf(request.query, []);
    return send(reply, apiRootResource(title, request.routeOptions.bodyLimit));
  });

  // Section 5.1; collections in creation order, then by id, the same on every request (section 3.3).
  app.get(`${root}collections/`, async (request, reply) => {
    filtersOf(request.query, []);
    const collections = [...(await store.listCollections())].sort(
      (a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id),
    );
    return send(reply, collectionsResource(collections));
  });

  // Section 5.2.
  app.get<{ Params: CollectionParams }>(`${root}collections/:collectionId/`, async (request, reply) => {
    filtersOf(request.query, []);
    return send(reply, collectionResource(await collectionOf(request.params.collectionId)));
  });

  // Section 5.4.
  app.get<{ Params: CollectionParams }>(
    `${root}collections/:collectionId/objects/`,
    async (request, reply) => {
      const filters = filtersOf(request.query, COLLECTION_FILTERS);
      const collection = await collectionOf(request.params.collectionId);
      const page = await pageOf(listQuery(collection.id, filters), filters);
      dateAddedHeaders(reply, page);
      return send(reply, envelope(page));
    },
  );

  // Section 5.3: the same filtering as Get Objects, one record per selected version.
  app.get<{ Params: CollectionParams }>(
    `${root}collections/:collectionId/manifest/`,
    async (request, reply) => {
      const filters = filtersOf(request.query, COLLECTION_FILTERS);
      const collection = await collectionOf(request.params.collectionId);
      const page = await pageOf(listQuery(collection.id, filters), filters);
      dateAddedHeaders(reply, page);
      return send(reply, manifestResource(page));
    },
  );

  // Section 5.6: a search with match[id] set to the path's object id. An object that exists but whose
  // versions the filters exclude gets an empty envelope; one not in the collection at all, a 404.
  app.get<{ Params: ObjectParams }>(
    `${root}collections/:collectionId/objects/:objectId/`,
    async (request, reply) => {
      const filters = filtersOf(request.query, OBJECT_FILTERS);
      const collection = await collectionOf(request.params.collectionId);
      const id = objectIdOf(request.params.objectId);
      const page = await pageOf(listQuery(collection.id, { ...filters, ids: [id] }), filters);
      if (page.items.length === 0) await assertObjectExists(collection.id, id);
      dateAddedHeaders(reply, page);
      return send(reply, envelope(page));
    },
  );

  // Section 5.8: every version of the object, in the order they were added.
  app.get<{ Params: ObjectParams }>(
    `${root}collections/:collectionId/objects/:objectId/versions/`,
    async (request, reply) => {
      const filters = filtersOf(request.query, VERSIONS_FILTERS);
      const collection = await collectionOf(request.params.collectionId);
      const id = objectIdOf(request.params.objectId);
      const page = await pageOf(
        listQuery(collection.id, { ...filters, ids: [id], versions: ['all'] }),
        filters,
      );
      if (page.items.length === 0) await assertObjectExists(collection.id, id);
      dateAddedHeaders(reply, page);
      return send(reply, versionsResource(page));
    },
  );

  // Anything else under the TAXII paths gets a TAXII error rather than the REST API's shape: 404 for
  // an unknown endpoint, 405 for a method other than GET, since only the read endpoints exist here.
  // Paths outside /taxii2/ and the API root are not this plugin's: an unknown API root gets the
  // server's own 404.
  const unknownEndpoint = async (request: FastifyRequest, reply: FastifyReply): Promise<never> => {
    const path = request.url.split('?')[0]?.slice(0, 200) ?? '';
    if (request.method === 'GET' || request.method === 'HEAD') {
      throw new TaxiiError(404, 'not-found', `no TAXII endpoint at ${path}; the API root is ${root}`);
    }
    // RFC 7231 section 6.5.5: a 405 names the methods the resource does support.
    reply.header('allow', 'GET, HEAD');
    throw new TaxiiError(
      405,
      'method-not-allowed',
      `${request.method} ${path}: this TAXII server is read-only`,
    );
  };
  app.all('/taxii2/*', unknownEndpoint);
  app.all(`${root}*`, unknownEndpoint);
};
