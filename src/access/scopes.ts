// The scopes of every collection a principal may read, for read paths that span collections (the
// REST API, export): one readScope per collection, so they decide exactly as TAXII does.

import type { Scope, Store } from '../store/store.js';
import type { Directory } from './directory.js';
import { readScope } from './policy.js';
import type { Principal } from './principal.js';

export async function readableScopes(
  store: Store,
  directory: Directory,
  principal: Principal,
): Promise<Scope[]> {
  const scopes: Scope[] = [];
  for (const collection of await store.listCollections()) {
    const scope = readScope(principal, collection.id, await directory.policyOf(collection.id));
    if (scope !== undefined) scopes.push(scope);
  }
  return scopes;
}
