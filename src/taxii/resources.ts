// The TAXII 2.1 resources the read endpoints return, built from store records. Envelopes splice the
// stored JSON texts in as they are, so objects leave byte for byte as they were stored.

import { type Collection, framePage, type JsonPage, type Page, type StoredVersion } from '../store/store.js';
import { STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE } from './media-types.js';

/** Discovery (section 4.1.1): API roots advertised by relative URLs, which section 4.1.1 allows. */
export function discoveryResource(title: string, defaultRoot: string, roots: readonly string[]): string {
  return JSON.stringify({ title, default: defaultRoot, api_roots: roots });
}

/** API root information (section 4.2.1); max_content_length is the largest request body accepted. */
export function apiRootResource(title: string, maxContentLength: number): string {
  return JSON.stringify({ title, versions: [TAXII_MEDIA_TYPE], max_content_length: maxContentLength });
}

/** A collection as one principal sees it: can_read and can_write are that principal's rights. */
export interface CollectionView {
  collection: Collection;
  canRead: boolean;
  canWrite: boolean;
}

function collectionFields({ collection, canRead, canWrite }: CollectionView): Record<string, unknown> {
  return {
    id: collection.id,
    title: collection.title,
    ...(collection.description === undefined ? {} : { description: collection.description }),
    can_read: canRead,
    can_write: canWrite,
    media_types: [STIX_MEDIA_TYPE],
  };
}

export function collectionResource(view: CollectionView): string {
  return JSON.stringify(collectionFields(view));
}

/** Collections (section 5.1.1): the list key is omitted when empty, as lists may not be (section 2). */
export function collectionsResource(collections: readonly CollectionView[]): string {
  return collections.length === 0 ? '{}' : JSON.stringify({ collections: collections.map(collectionFields) });
}

/**
 * more and next of a page (sections 3.5, 3.7); more is omitted when false, as its absence means
 * false. The manifest and versions resources (5.3.1, 5.8.1) carry next as the envelope does: their
 * endpoints take the next parameter, and the response is the only place a client can learn it.
 */
function paging(next: string | undefined): string {
  return next === undefined ? '' : `"more":true,"next":${JSON.stringify(next)}`;
}

function wrap(key: string, items: readonly string[], next: string | undefined): string {
  const parts = [paging(next), items.length === 0 ? '' : `"${key}":[${items.join(',')}]`];
  return `{${parts.filter((part) => part !== '').join(',')}}`;
}

const CLOSE_OBJECTS = Buffer.from(']}');

/**
 * The envelope (section 3.7) of a store's page of JSON texts (JsonPage), its bytes spliced in as
 * they are: an empty envelope has no objects key.
 */
export function envelope(page: Pick<JsonPage, 'objects' | 'room' | 'count' | 'next'>): Buffer {
  if (page.count === 0) return Buffer.from(wrap('objects', [], page.next), 'utf8');
  const head = `{${page.next === undefined ? '' : `${paging(page.next)},`}"objects":[`;
  return framePage(page, Buffer.from(head, 'utf8'), CLOSE_OBJECTS);
}

/**
 * The version a manifest or versions resource reports: modified, else created (the store's version);
 * an object with neither, as most SCOs are, gets its date_added, a value consistent on this server
 * as sections 5.3.1 and 5.8 ask. match[version] timestamps select by modified/created only.
 */
export function reportedVersion(item: StoredVersion): string {
  return item.version === '' ? item.dateAdded : item.version;
}

/** The manifest (section 5.3.1): one record per stored version. */
export function manifestResource(page: Page): string {
  return wrap(
    'objects',
    page.items.map((item) =>
      JSON.stringify({
        id: item.id,
        date_added: item.dateAdded,
        version: reportedVersion(item),
        media_type: STIX_MEDIA_TYPE,
      }),
    ),
    page.next,
  );
}

/** The versions resource (section 5.8.1). */
export function versionsResource(page: Page): string {
  return wrap(
    'versions',
    page.items.map((item) => JSON.stringify(reportedVersion(item))),
    page.next,
  );
}
