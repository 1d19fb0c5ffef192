// delete: removes the selected versions of one object, then re-derives the first/latest flags of
// what is left of it in each collection it was deleted from.

import type { VersionSelector } from '../store.js';
import type { Connection } from './connection.js';
import { objectConditions, parameters, whereClause } from './sql.js';

export async function deleteVersions(
  connection: Connection,
  id: string,
  options: { collection?: string; versions?: readonly VersionSelector[] },
): Promise<number> {
  return connection.writeTransaction(async (client) => {
    const { values, bind } = parameters();
    // The version condition reads the flags as they were before the delete, as the caller meant.
    const deleted = await client.query<{ collection_id: string }>(
      `DELETE FROM objects ${whereClause(objectConditions(id, options, bind))} RETURNING collection_id`,
      values,
    );
    if (deleted.rows.length === 0) return 0;
    const collections = [...new Set(deleted.rows.map((row) => row.collection_id))];
    await client.query(
      `UPDATE objects o
          SET is_first = (o.version_key = b.min_key), is_latest = (o.version_key = b.max_key)
         FROM (SELECT collection_id, min(version_key) AS min_key, max(version_key) AS max_key
                 FROM objects WHERE id = $1 AND collection_id = ANY($2::text[])
                GROUP BY collection_id) AS b
        WHERE o.id = $1 AND o.collection_id = b.collection_id
          AND (o.is_first <> (o.version_key = b.min_key) OR o.is_latest <> (o.version_key = b.max_key))`,
      [id, collections],
    );
    return deleted.rows.length;
  });
}
