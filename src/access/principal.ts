// Who is asking. Every read and write path is handed a Principal and asks policy.ts what it may do;
// nothing else in the code base inspects tokens, roles or organisations.

/**
 * What a user may do, on top of what its organisation's grants allow:
 * - admin: manages organisations, users, tokens and collections, and reads and writes every
 *   collection (TLP still applies: RED stays with its audience);
 * - analyst: reads and writes where the organisation is granted;
 * - reader: reads where the organisation is granted, never writes;
 * - sync: a peer server's account; reads and writes where granted, as an analyst, but is told apart
 *   in the audit log and may relay objects authored by other organisations.
 */
export type Role = 'admin' | 'analyst' | 'reader' | 'sync';

export const ROLES: readonly Role[] = ['admin', 'analyst', 'reader', 'sync'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export type Principal =
  /** No credentials: sees TLP:CLEAR objects of public collections only. */
  | { readonly kind: 'anonymous' }
  /** The host itself (the CLI run by whoever owns the data folder): sees and does everything. */
  | { readonly kind: 'system' }
  | {
      readonly kind: 'user';
      readonly user: string;
      readonly role: Role;
      /** The organisation's id, which is the id of its STIX identity. */
      readonly org: string;
      readonly tokenId: string;
    };

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });
export const SYSTEM: Principal = Object.freeze({ kind: 'system' });

/** How a principal is named in the audit log and in messages. */
export function actorName(principal: Principal): string {
  return principal.kind === 'user' ? principal.user : principal.kind;
}

/** Who an audit entry says acted: the principal's name, and a user's organisation. */
export function auditActor(principal: Principal): { actor: string; org?: string } {
  return { actor: actorName(principal), ...(principal.kind === 'user' ? { org: principal.org } : {}) };
}

/**
 * A principal standing for an organisation rather than a person: what the host does on its behalf
 * (an export prepared for it, its hunt, a push to its peer server) sees exactly what a member of
 * that organisation with this role would.
 */
export function actingFor(org: string, role: Role, label: string): Principal {
  return Object.freeze({ kind: 'user', user: label, role, org, tokenId: '' });
}
