// The scopes of every collection a principal may read, for read paths that span collections (the
// REST API, export, hunting): one readScope per collection, so they decide exactly as TAXII does,
// over the same catalogue of collections and policies the Directory keeps.

import type { Scope } from '../store/store.js';
import type { Directory } from './directory.js';
import { readScope } from './policy.js';
import type { Principal } from './principal.js';

export async function readableScopes(directory: Directory, principal: Principal): Promise<Scope[]> {
  const scopes: Scope[] = [];
  for (const { collection, policy } of await directory.collections()) {
    const scope = readScope(principal, collection.id, policy);
    if (scope !== undefined) scopes.push(scope);
  }
  return scopes;
}
