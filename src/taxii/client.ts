// A TAXII 2.1 client for any conforming server: the endpoints of sections 4 and 5, URL building
// against the API root, filters, and paging that follows `next` to the end but never loops. The
// HTTP side (limits, media types, retries) is client-http.ts; the resource shapes client-resources.ts.

import { clip, TaxiiClientError } from './client-errors.js';
import { type HttpMethod, TaxiiHttp, type TaxiiHttpOptions, type TaxiiResponse } from './client-http.js';
import {
  API_ROOT,
  type ApiRootResource,
  COLLECTION,
  COLLECTIONS,
  type CollectionResource,
  DISCOVERY,
  type DiscoveryResource,
  ENVELOPE,
  MANIFEST,
  type ManifestRecord,
  type Shape,
  STATUS,
  type StatusResource,
  shapeProblem,
  VERSIONS,
} from './client-resources.js';

export interface TaxiiClientOptions extends TaxiiHttpOptions {
  /** The API root the collection endpoints live under, e.g. https://peer.example/api1/. */
  apiRoot?: string | URL;
  /** The discovery endpoint; by default /taxii2/ on the API root's host (section 4.1). */
  discovery?: string | URL;
}

type Values = string | readonly string[];

/** match[] filters (section 3.4.1); a list is sent comma-separated, which the server ORs. */
export interface MatchFilter {
  id?: Values;
  type?: Values;
  /** Timestamps, or the keywords first, last, all. */
  version?: Values;
  spec_version?: Values;
}

/** Get Objects and Get Object Manifests (sections 5.3, 5.4). */
export interface ObjectsFilters {
  /** A date_added, passed on exactly as given: X-TAXII-Date-Added-Last may carry microseconds. */
  addedAfter?: string;
  limit?: number;
  next?: string;
  match?: MatchFilter;
}

/** Get an Object (section 5.6). */
export type ObjectFilters = Omit<ObjectsFilters, 'match'> & {
  match?: Pick<MatchFilter, 'version' | 'spec_version'>;
};

/** Get Object Versions (section 5.8). */
export type VersionsFilters = Omit<ObjectsFilters, 'match'> & { match?: Pick<MatchFilter, 'spec_version'> };

/** Delete an Object (section 5.7). */
export interface DeleteFilters {
  match?: Pick<MatchFilter, 'version' | 'spec_version'>;
}

/** Paging of a list answer (sections 3.5, 3.7) and the X-TAXII-Date-Added headers (section 3.2). */
export interface PageInfo {
  more: boolean;
  next?: string;
  dateAddedFirst?: string;
  dateAddedLast?: string;
}

export interface ObjectsPage extends PageInfo {
  /** As the peer sent them: unvalidated, for the caller's validator. */
  objects: unknown[];
}

export interface ManifestPage extends PageInfo {
  objects: ManifestRecord[];
}

export interface VersionsPage extends PageInfo {
  versions: string[];
}

/** The API roots discovery names, as absolute URLs ending in a slash. */
export interface ApiRoots {
  default?: string;
  apiRoots: string[];
}

const MATCH_FIELDS = ['id', 'type', 'version', 'spec_version'] as const;

function httpUrl(name: string, value: string | URL, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new RangeError(`TAXII client: ${name} "${String(value)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RangeError(`TAXII client: ${name} ${url.href} is not an http or https URL`);
  }
  return url;
}

/**
 * A URL that relative paths resolve under: without the trailing slash, "collections/" would
 * replace the last segment of https://peer/api1 instead of going below it.
 */
function folderUrl(name: string, value: string | URL, base?: URL): URL {
  const url = httpUrl(name, value, base);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** One path segment, percent-encoded; "." and ".." would move the path (even as %2E), so they are refused. */
function segment(name: string, value: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw new RangeError(`TAXII client: ${name} "${value}" cannot be a URL path segment`);
  }
  return encodeURIComponent(value);
}

/**
 * The query of the filters (section 3.4). Keys are percent-encoded (match%5Btype%5D), since RFC 3986
 * allows brackets only around IPv6 hosts; the commas between values stay literal, as the
 * specification writes them, so that a server splitting the raw query reads the list too.
 */
function query(filters: ObjectsFilters): string {
  const parts: string[] = [];
  if (filters.addedAfter !== undefined) parts.push(`added_after=${encodeURIComponent(filters.addedAfter)}`);
  if (filters.limit !== undefined) {
    if (!Number.isSafeInteger(filters.limit) || filters.limit < 1) {
      throw new RangeError(`TAXII client: limit must be a positive integer, not ${filters.limit}`);
    }
    parts.push(`limit=${filters.limit}`);
  }
  if (filters.next !== undefined) parts.push(`next=${encodeURIComponent(filters.next)}`);
  for (const field of MATCH_FIELDS) {
    const values = filters.match?.[field];
    if (values === undefined) continue;
    const list = typeof values === 'string' ? [values] : values;
    // An empty list sent as no filter would widen the answer to everything.
    if (list.length === 0 || list.includes('')) {
      throw new RangeError(`TAXII client: match[${field}] needs values, none of them empty`);
    }
    parts.push(`${encodeURIComponent(`match[${field}]`)}=${list.map(encodeURIComponent).join(',')}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function pageInfo(response: TaxiiResponse, body: { more?: boolean; next?: string }): PageInfo {
  const first = response.headers.get('x-taxii-date-added-first');
  const last = response.headers.get('x-taxii-date-added-last');
  return {
    more: body.more === true,
    ...(body.next === undefined ? {} : { next: body.next }),
    ...(first === null ? {} : { dateAddedFirst: first }),
    ...(last === null ? {} : { dateAddedLast: last }),
  };
}

export class TaxiiClient {
  /** The API root, ending in a slash; undefined for a client made from a discovery URL only. */
  readonly apiRoot: URL | undefined;
  readonly discoveryUrl: URL;
  private readonly options: TaxiiClientOptions;
  private readonly http: TaxiiHttp;

  constructor(options: TaxiiClientOptions) {
    if (options.apiRoot === undefined && options.discovery === undefined) {
      throw new TypeError('TAXII client: give an apiRoot, or a discovery URL to find one');
    }
    this.options = options;
    this.apiRoot = options.apiRoot === undefined ? undefined : folderUrl('apiRoot', options.apiRoot);
    this.discoveryUrl =
      options.discovery === undefined
        ? new URL('/taxii2/', this.apiRoot)
        : folderUrl('discovery', options.discovery);
    this.http = new TaxiiHttp(options);
  }

  /** A client with the same settings for another API root, such as one of apiRoots(). */
  withApiRoot(apiRoot: string | URL): TaxiiClient {
    return new TaxiiClient({ ...this.options, apiRoot, discovery: this.discoveryUrl });
  }

  /** Server discovery (section 4.1). */
  async discovery(): Promise<DiscoveryResource> {
    return (await this.get<DiscoveryResource>(this.discoveryUrl, DISCOVERY)).body;
  }

  /** The API roots discovery names, resolved against the discovery URL (they may be relative). */
  async apiRoots(): Promise<ApiRoots> {
    const discovery = await this.discovery();
    const resolve = (value: string) => folderUrl('an API root of discovery', value, this.discoveryUrl).href;
    return {
      ...(discovery.default === undefined ? {} : { default: resolve(discovery.default) }),
      apiRoots: (discovery.api_roots ?? []).map(resolve),
    };
  }

  /** API root information (section 4.2). */
  async apiRootInfo(): Promise<ApiRootResource> {
    return (await this.get<ApiRootResource>(this.url(''), API_ROOT)).body;
  }

  /** The collections the API root offers this client (section 5.1); none when the key is absent. */
  async collections(): Promise<CollectionResource[]> {
    const { body } = await this.get<{ collections?: CollectionResource[] }>(
      this.url('collections/'),
      COLLECTIONS,
    );
    return body.collections ?? [];
  }

  /** One collection (section 5.2). */
  async collection(collectionId: string): Promise<CollectionResource> {
    return (await this.get<CollectionResource>(this.url(this.collectionPath(collectionId)), COLLECTION)).body;
  }

  /** One page of objects (section 5.4). */
  async getObjects(collectionId: string, filters: ObjectsFilters = {}): Promise<ObjectsPage> {
    return this.envelope(`${this.collectionPath(collectionId)}objects/`, filters);
  }

  /**
   * Every page of objects from the filters on, following `next` with the same filters (section
   * 3.5). A server that says more but gives no next is paged on with added_after set to its
   * X-TAXII-Date-Added-Last, which TAXII 2.1 lets a client do. Paging that would not end (a next or
   * an added_after that was already asked for, or more with neither) is a `paging` error.
   */
  async *pages(
    collectionId: string,
    filters: ObjectsFilters = {},
  ): AsyncGenerator<ObjectsPage, void, undefined> {
    const asked = new Set<string>();
    if (filters.next !== undefined) asked.add(`next ${filters.next}`);
    if (filters.addedAfter !== undefined) asked.add(`added_after ${filters.addedAfter}`);
    let current = filters;
    for (;;) {
      const page = await this.getObjects(collectionId, current);
      yield page;
      if (!page.more) return;
      let cursor: string;
      if (page.next !== undefined) {
        cursor = `next ${page.next}`;
        // A next belongs to the query that issued it, added_after included (section 3.5).
        current = { ...current, next: page.next };
      } else if (page.dateAddedLast !== undefined) {
        cursor = `added_after ${page.dateAddedLast}`;
        current = { ...filters, next: undefined, addedAfter: page.dateAddedLast };
      } else {
        throw this.pagingError(
          collectionId,
          'the server says there is more but gives neither next nor X-TAXII-Date-Added-Last',
        );
      }
      if (asked.has(cursor)) {
        throw this.pagingError(
          collectionId,
          `the server sent ${clip(cursor, 100)} again, so paging would never end`,
        );
      }
      asked.add(cursor);
    }
  }

  /** One page of the manifest (section 5.3). */
  async manifest(collectionId: string, filters: ObjectsFilters = {}): Promise<ManifestPage> {
    const url = this.url(`${this.collectionPath(collectionId)}manifest/`, filters);
    const response = await this.get<{ objects?: ManifestRecord[]; more?: boolean; next?: string }>(
      url,
      MANIFEST,
    );
    return { ...pageInfo(response, response.body), objects: response.body.objects ?? [] };
  }

  /** One page of the versions of an object (section 5.8). */
  async versions(
    collectionId: string,
    objectId: string,
    filters: VersionsFilters = {},
  ): Promise<VersionsPage> {
    const url = this.url(`${this.objectPath(collectionId, objectId)}versions/`, filters);
    const response = await this.get<{ versions?: string[]; more?: boolean; next?: string }>(url, VERSIONS);
    return { ...pageInfo(response, response.body), versions: response.body.versions ?? [] };
  }

  /** The versions of one object the filters select, by default the latest (section 5.6). */
  async getObject(collectionId: string, objectId: string, filters: ObjectFilters = {}): Promise<ObjectsPage> {
    return this.envelope(this.objectPath(collectionId, objectId), filters);
  }

  /**
   * Add Objects (section 5.5): a list of objects, sent as one envelope, or an envelope's JSON text
   * sent byte for byte. Returns the status resource, whose status may still be pending.
   */
  async addObjects(collectionId: string, objects: readonly unknown[] | string): Promise<StatusResource> {
    // An empty envelope has no objects key: TAXII lists may not be empty (section 3.7).
    const body =
      typeof objects === 'string' ? objects : JSON.stringify(objects.length === 0 ? {} : { objects });
    const url = this.url(`${this.collectionPath(collectionId)}objects/`);
    return (await this.send<StatusResource>('POST', url, STATUS, body)).body;
  }

  /** The status of an Add Objects request (section 4.3). */
  async status(statusId: string): Promise<StatusResource> {
    const url = this.url(`status/${segment('status id', statusId)}/`);
    return (await this.get<StatusResource>(url, STATUS)).body;
  }

  /** Delete an Object (section 5.7): the versions the filters select, by default all of them. */
  async deleteObject(collectionId: string, objectId: string, filters: DeleteFilters = {}): Promise<void> {
    await this.http.request({
      method: 'DELETE',
      url: this.url(this.objectPath(collectionId, objectId), filters),
      expectBody: false,
    });
  }

  private async envelope(path: string, filters: ObjectsFilters): Promise<ObjectsPage> {
    const response = await this.get<{ objects?: unknown[]; more?: boolean; next?: string }>(
      this.url(path, filters),
      ENVELOPE,
    );
    return { ...pageInfo(response, response.body), objects: response.body.objects ?? [] };
  }

  private get<T>(url: URL, shape: Shape): Promise<TaxiiResponse & { body: T }> {
    return this.send<T>('GET', url, shape);
  }

  private async send<T>(
    method: HttpMethod,
    url: URL,
    shape: Shape,
    body?: string,
  ): Promise<TaxiiResponse & { body: T }> {
    const response = await this.http.request({ method, url, body });
    const problem = shapeProblem(response.body, shape);
    if (problem !== undefined) {
      throw new TaxiiClientError({
        code: 'bad-resource',
        method,
        url: url.href,
        status: response.status,
        detail: `the answer is not the TAXII resource expected: ${problem}`,
      });
    }
    return response as TaxiiResponse & { body: T };
  }

  private pagingError(collectionId: string, detail: string): TaxiiClientError {
    return new TaxiiClientError({
      code: 'paging',
      method: 'GET',
      url: this.url(`${this.collectionPath(collectionId)}objects/`).href,
      detail,
    });
  }

  private url(path: string, filters: ObjectsFilters = {}): URL {
    if (this.apiRoot === undefined) {
      throw new TypeError('TAXII client: no API root; pick one of apiRoots() with withApiRoot()');
    }
    return new URL(`${path}${query(filters)}`, this.apiRoot);
  }

  private collectionPath(collectionId: string): string {
    return `collections/${segment('collection id', collectionId)}/`;
  }

  private objectPath(collectionId: string, objectId: string): string {
    return `${this.collectionPath(collectionId)}objects/${segment('object id', objectId)}/`;
  }
}
