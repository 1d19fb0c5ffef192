// Collections: created once, found by id or title, listed in creation order.

import {
  type CollectionRow,
  duplicateCollectionId,
  duplicateTitle,
  newCollection,
  toCollection,
} from '../common.js';
import type { Collection } from '../store.js';
import type { Connection } from './connection.js';

const COLUMNS = 'id, title, description, created, api_root';

export async function createCollection(
  connection: Connection,
  input: { id?: string; title: string; description?: string; apiRoot?: string },
  nowMs: number,
  randomId: () => string,
): Promise<Collection> {
  const collection = newCollection(input, nowMs, randomId);
  const inserted = await connection.query(
    `INSERT INTO collections (id, title, description, created, api_root) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING`,
    [collection.id, collection.title, collection.description ?? null, collection.created, collection.apiRoot],
  );
  if (inserted.rowCount === 1) return collection;
  // Nothing was inserted, so a collection with this id or this title is there: say which.
  const clash = await connection.query<{ same_id: boolean }>(
    'SELECT id = $1 AS same_id FROM collections WHERE id = $1 OR title = $2 ORDER BY same_id DESC LIMIT 1',
    [collection.id, collection.title],
  );
  throw clash.rows[0]?.same_id === true
    ? duplicateCollectionId(collection.id)
    : duplicateTitle(collection.title);
}

/** The collection with this id, else the one with this title. */
export async function getCollection(
  connection: Connection,
  idOrTitle: string,
): Promise<Collection | undefined> {
  const result = await connection.query<CollectionRow>(
    `SELECT ${COLUMNS} FROM collections WHERE id = $1 OR title = $1 ORDER BY id = $1 DESC LIMIT 1`,
    [idOrTitle],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : toCollection(row);
}

export async function listCollections(connection: Connection): Promise<Collection[]> {
  const result = await connection.query<CollectionRow>(
    `SELECT ${COLUMNS} FROM collections ORDER BY position`,
  );
  return result.rows.map(toCollection);
}
