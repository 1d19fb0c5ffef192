// Brings a schema up to the newest migration when a store opens. Applying runs in one transaction
// under the store's write lock, so two processes opening a new database at once do not both
// migrate: the second waits, then finds nothing left to do. No write can interleave either.

import { pendingMigrations } from '../common.js';
import type { Connection } from './connection.js';
import { MIGRATIONS } from './migrations.js';

type Query = Connection['query'];

async function schemaVersion(query: Query, schema: string): Promise<number> {
  const table = await query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [
    `${schema}.schema_migrations`,
  ]);
  if (table.rows[0]?.found !== true) return 0;
  const applied = await query<{ current: number }>(
    `SELECT coalesce(max(version), 0) AS current FROM ${schema}.schema_migrations`,
  );
  return applied.rows[0]?.current ?? 0;
}

export async function migrate(connection: Connection): Promise<void> {
  const { schema, address } = connection;
  const where = `PostgreSQL schema "${schema}" at ${address}`;
  // Checked before taking the lock: an up-to-date schema opens without writing, so a read-only
  // replica or role can still serve reads, and opening never waits behind a long import.
  if (pendingMigrations(MIGRATIONS, await schemaVersion(connection.query, schema), where).length === 0)
    return;
  await connection.writeTransaction(async (client) => {
    const inTransaction: Query = (text, values) => client.query(text, values);
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    // Checked first because CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege on the database
    // even when the schema is there, which a role that only owns its schema may not have.
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const migration of pendingMigrations(
      MIGRATIONS,
      await schemaVersion(inTransaction, schema),
      where,
    )) {
      await client.query(migration.sql);
      await migration.run?.(client);
      await client.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    }
  });
}
