// revoke: reads the latest version and stores its revocation in one write transaction, so no other
// writer can add a later version in between.

import { revokedVersionOf, rowOf, type StoredRow, toStoredVersion } from '../common.js';
import type { StoredVersion } from '../store.js';
import type { Connection } from './connection.js';
import { STORED_COLUMNS } from './sql.js';
import { writeBatch } from './write-batch.js';

export async function revokeObject(
  connection: Connection,
  collection: string,
  id: string,
  nowMs: number,
): Promise<StoredVersion | undefined> {
  return connection.writeTransaction(async (client) => {
    const result = await client.query<StoredRow>(
      `SELECT ${STORED_COLUMNS} FROM objects WHERE collection_id = $1 AND id = $2 AND is_latest`,
      [collection, id],
    );
    const latest = result.rows[0];
    if (latest === undefined) return undefined;
    // A revoked object is final (STIX forbids new versions of it): revoking again changes nothing.
    if (latest.revoked === true) return toStoredVersion(latest);
    const record = revokedVersionOf(latest.json, nowMs);
    if (record === undefined) return undefined;
    const row = rowOf(record);
    const [outcome] = await writeBatch(client, collection, [row], nowMs);
    // Its modified is past every stored version, so the revocation can only have been added.
    if (outcome?.status !== 'added') return undefined;
    return {
      collection,
      id: row.id,
      type: row.type,
      version: row.version,
      specVersion: row.specVersion,
      dateAdded: outcome.dateAdded,
      revoked: row.revoked,
      json: row.json,
    };
  });
}
