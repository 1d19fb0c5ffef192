// The access policy: ONE decision, readScope, says which part of a collection a principal may read.
// The store applies that scope inside its queries (so pages, counts and date headers only ever see
// visible rows), and canSee applies the very same scope to an object in memory (sync push, alerts).
// docs/access.md explains the mapping of TLP 2.0 audiences onto organisations and grants.

import type { StixObject } from '../stix/object.js';
import { effectiveTlp, TLP_RANK } from '../stix/tlp.js';
import type { Scope } from '../store/store.js';
import type { Principal } from './principal.js';

/** What one organisation may do in one collection. */
export interface Grant {
  /** The organisation's id (its STIX identity id). */
  org: string;
  /** Read TLP:CLEAR to TLP:AMBER+STRICT: the organisation is among the collection's recipients. */
  read: boolean;
  write: boolean;
  /** Also read TLP:RED: the organisation is a named recipient of the collection's RED content. */
  red: boolean;
}

/** Who may use a collection. A collection without a stored policy is private (admins only). */
export interface CollectionPolicy {
  /** Anyone, even without credentials, may read its TLP:CLEAR objects; any member its GREEN ones. */
  public: boolean;
  grants: readonly Grant[];
}

export const PRIVATE_POLICY: CollectionPolicy = Object.freeze({ public: false, grants: Object.freeze([]) });

/** What the policy needs to know of a stored object: its TLP rank and its author's identity. */
export interface VisibilityFacts {
  tlpRank: number;
  /** created_by_ref, or '' when the object names no author. */
  createdBy: string;
}

export function visibilityFacts(object: StixObject): VisibilityFacts {
  return {
    tlpRank: TLP_RANK[effectiveTlp(object)],
    createdBy: typeof object.created_by_ref === 'string' ? object.created_by_ref : '',
  };
}

function grantOf(principal: Principal, policy: CollectionPolicy): Grant | undefined {
  if (principal.kind !== 'user') return undefined;
  return policy.grants.find((grant) => grant.org === principal.org);
}

/**
 * The part of a collection a principal may read, or undefined when it may not read it at all:
 * - the host itself (system) reads everything;
 * - anyone reads TLP:CLEAR in a public collection;
 * - a member whose organisation is granted read (or an admin) reads up to AMBER+STRICT, and RED
 *   too when the grant names it a RED recipient;
 * - any other member reads CLEAR and GREEN of a public collection (GREEN's audience is the
 *   community, and every organisation on this server belongs to it);
 * - an organisation always reads what it authored (created_by_ref is its identity), whatever the
 *   marking, in every collection it may read at all.
 */
export function readScope(
  principal: Principal,
  collection: string,
  policy: CollectionPolicy,
): Scope | undefined {
  if (principal.kind === 'system') return { collection, maxTlpRank: TLP_RANK.red, authors: [] };
  if (principal.kind === 'anonymous') {
    return policy.public ? { collection, maxTlpRank: TLP_RANK.clear, authors: [] } : undefined;
  }
  const grant = grantOf(principal, policy);
  if (principal.role === 'admin' || grant?.read === true) {
    const maxTlpRank = grant?.red === true ? TLP_RANK.red : TLP_RANK['amber+strict'];
    return { collection, maxTlpRank, authors: [principal.org] };
  }
  if (policy.public) return { collection, maxTlpRank: TLP_RANK.green, authors: [principal.org] };
  return undefined;
}

/** Whether an object lies in a scope: the same test the store runs in SQL. */
export function inScope(scope: Scope, facts: VisibilityFacts): boolean {
  return (
    facts.tlpRank <= scope.maxTlpRank || (facts.createdBy !== '' && scope.authors.includes(facts.createdBy))
  );
}

/** Whether a principal may see an object of a collection (for paths that hold objects in memory). */
export function canSee(
  principal: Principal,
  collection: string,
  policy: CollectionPolicy,
  object: StixObject,
): boolean {
  const scope = readScope(principal, collection, policy);
  return scope !== undefined && inScope(scope, visibilityFacts(object));
}

/** Whether a principal may add objects to (and delete its own from) a collection. */
export function canWrite(principal: Principal, policy: CollectionPolicy): boolean {
  if (principal.kind === 'system') return true;
  if (principal.kind === 'anonymous' || principal.role === 'reader') return false;
  return principal.role === 'admin' || grantOf(principal, policy)?.write === true;
}

/**
 * Whether a principal may learn that a collection exists. Collections it may neither read nor
 * write answer exactly as a collection that does not exist does.
 */
export function knowsCollection(principal: Principal, collection: string, policy: CollectionPolicy): boolean {
  return readScope(principal, collection, policy) !== undefined || canWrite(principal, policy);
}

/** Whether a principal may manage organisations, users, tokens, collections and grants. */
export function canAdminister(principal: Principal): boolean {
  return principal.kind === 'system' || (principal.kind === 'user' && principal.role === 'admin');
}
