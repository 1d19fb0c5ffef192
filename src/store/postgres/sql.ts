// SQL fragments the reads and writes share: the columns a StoredVersion is read from, positional
// parameters for the shared query builder, and the conditions that pick versions of one object.

import { type Bind, DEFAULT_GET_VERSIONS, scopeCondition, versionCondition } from '../common.js';
import type { Scope, VersionSelector } from '../store.js';

export const STORED_COLUMNS = 'collection_id, id, type, version, spec_version, date_added, revoked, json';

/** Positional parameters for one statement: bind() returns "$n" for the value it was given. */
export function parameters(): { values: unknown[]; bind: Bind } {
  const values: unknown[] = [];
  return {
    values,
    bind: (value) => {
      values.push(typeof value === 'bigint' ? value.toString() : value);
      return `$${values.length}`;
    },
  };
}

export function whereClause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

/** Conditions selecting versions of one object, as get() and delete() take them. */
export function objectConditions(
  id: string,
  options: { collection?: string; versions?: readonly VersionSelector[]; scopes?: readonly Scope[] },
  bind: Bind,
): string[] {
  const conditions = [`id = ${bind(id)}`];
  if (options.collection !== undefined) conditions.push(`collection_id = ${bind(options.collection)}`);
  const versions = versionCondition(
    options.versions ?? DEFAULT_GET_VERSIONS,
    'postgres',
    bind,
    options.scopes,
  );
  if (versions !== undefined) conditions.push(versions);
  if (options.scopes !== undefined) conditions.push(scopeCondition(options.scopes, 'postgres', bind));
  return conditions;
}
