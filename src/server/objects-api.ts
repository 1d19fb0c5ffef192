// Read-only REST API over the store: GET /api/v1/objects (filters, limit + cursor) and
// GET /api/v1/objects/:id. Stored JSON texts are spliced into the response as they are.

import type { FastifyPluginAsync } from 'fastify';
import type { Directory } from '../access/directory.js';
import type { Principal } from '../access/principal.js';
import { readableScopes } from '../access/scopes.js';
import { isTimestamp } from '../stix/timestamp.js';
import type { ListQuery, Scope, Store, StoredVersion, VersionSelector } from '../store/store.js';
import { HttpError } from './errors.js';

const MAX_LIMIT = 1000;

interface ListParams {
  type?: string;
  id?: string;
  q?: string;
  collection?: string;
  spec_version?: string;
  added_after?: string;
  versions?: string;
  limit?: number;
  cursor?: string;
}

const listSchema = {
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      type: { type: 'string', maxLength: 4096 },
      id: { type: 'string', maxLength: 65536 },
      q: { type: 'string', minLength: 1, maxLength: 256 },
      collection: { type: 'string', maxLength: 256 },
      spec_version: { type: 'string', maxLength: 64 },
      added_after: { type: 'string', maxLength: 64 },
      versions: { type: 'string', maxLength: 4096 },
      limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT },
      cursor: { type: 'string', maxLength: 256 },
    },
  },
} as const;

function list(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length === 0 ? undefined : items;
}

/** Parses "first,last,all,<timestamp>" into selectors, naming the first value that is none of these. */
export function parseVersions(text: string | undefined): VersionSelector[] | undefined {
  const items = list(text);
  return items?.map((item) => {
    if (item === 'first' || item === 'last' || item === 'all') return item;
    if (isTimestamp(item)) return { modified: item };
    throw new HttpError(
      400,
      'bad-parameter',
      `versions: '${String(item).slice(0, 100)}' is not first, last, all or a STIX timestamp`,
    );
  });
}

function envelope(items: readonly StoredVersion[], next: string | undefined): string {
  const objects = items.map((item) => item.json).join(',');
  return next === undefined
    ? `{"objects":[${objects}]}`
    : `{"objects":[${objects}],"next":${JSON.stringify(next)}}`;
}

export const objectsApi: FastifyPluginAsync<{ store: Store; directory: Directory }> = async (
  app,
  { store, directory },
) => {
  /**
   * The scopes the request may read, narrowed to one collection when it names one. A collection the
   * principal may not read answers as one that does not exist.
   */
  async function scopesOf(principal: Principal, idOrTitle: string | undefined): Promise<Scope[]> {
    const scopes = await readableScopes(directory, principal);
    if (idOrTitle === undefined) return scopes;
    // The catalogue readableScopes read: by id, else by title (titles are unique), as the store finds.
    const entries = await directory.collections();
    const found = (
      entries.find((entry) => entry.collection.id === idOrTitle) ??
      entries.find((entry) => entry.collection.title === idOrTitle)
    )?.collection;
    const scope = found === undefined ? undefined : scopes.find((item) => item.collection === found.id);
    if (scope === undefined) throw new HttpError(404, 'collection-not-found', `no collection '${idOrTitle}'`);
    return [scope];
  }

  app.get<{ Querystring: ListParams }>('/api/v1/objects', { schema: listSchema }, async (request, reply) => {
    const params = request.query;
    if (params.added_after !== undefined && !isTimestamp(params.added_after)) {
      throw new HttpError(
        400,
        'bad-parameter',
        `added_after: '${params.added_after}' is not a STIX timestamp`,
      );
    }
    const scopes = await scopesOf(request.principal, params.collection);
    const types = list(params.type);
    const ids = list(params.id);
    const specVersions = list(params.spec_version);
    const versions = parseVersions(params.versions);
    const query: ListQuery = {
      scopes,
      ...(types === undefined ? {} : { types }),
      ...(ids === undefined ? {} : { ids }),
      ...(specVersions === undefined ? {} : { specVersions }),
      ...(versions === undefined ? {} : { versions }),
      ...(params.added_after === undefined ? {} : { addedAfter: params.added_after }),
      ...(params.q === undefined ? {} : { text: params.q }),
    };
    const page = await store.list(query, {
      limit: params.limit ?? 100,
      ...(params.cursor === undefined ? {} : { cursor: params.cursor }),
    });
    reply.type('application/json');
    return envelope(page.items, page.next);
  });

  app.get<{ Params: { id: string }; Querystring: { versions?: string; collection?: string } }>(
    '/api/v1/objects/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 300 } } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            versions: { type: 'string', maxLength: 4096 },
            collection: { type: 'string', maxLength: 256 },
          },
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const scopes = await scopesOf(request.principal, request.query.collection);
      const versions = parseVersions(request.query.versions) ?? ['last'];
      const found = await store.get(id, { versions, scopes });
      if (found.length === 0) throw new HttpError(404, 'object-not-found', `no object with id '${id}'`);
      reply.type('application/json');
      return envelope(found, undefined);
    },
  );
};
