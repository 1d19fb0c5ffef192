// Status resources (section 4.3.1): what became of each object of an Add Objects request. They are
// kept as store records so that GET status answers after a restart and from any server node, and
// only the organisation that made the request may read one.

import type { Principal } from '../access/principal.js';
import type { RecordWrite, Store } from '../store/store.js';

export interface StatusDetail {
  id: string;
  version: string;
  message?: string;
}

export interface StatusResource {
  id: string;
  status: 'complete' | 'pending';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  successes?: StatusDetail[];
  failure_count: number;
  failures?: StatusDetail[];
  pending_count: number;
  pendings?: StatusDetail[];
}

interface StoredStatus {
  /** The requesting organisation ('' for the host itself). */
  owner: string;
  apiRoot: string;
  resource: StatusResource;
}

const KIND = 'taxii-status';

function ownerOf(principal: Principal): string {
  return principal.kind === 'user' ? principal.org : '';
}

/** The record that keeps a status, written in the transaction of the objects it reports on. */
export function statusRecord(principal: Principal, apiRoot: string, resource: StatusResource): RecordWrite {
  const stored: StoredStatus = { owner: ownerOf(principal), apiRoot, resource };
  return { kind: KIND, key: resource.id, value: stored };
}

/** The status, when it exists under this API root and the principal's organisation made the request. */
export async function loadStatus(
  store: Store,
  principal: Principal,
  apiRoot: string,
  id: string,
): Promise<StatusResource | undefined> {
  const stored = (await store.getRecord(KIND, id)) as StoredStatus | undefined;
  if (stored === undefined || stored.apiRoot !== apiRoot) return undefined;
  if (principal.kind !== 'system' && stored.owner !== ownerOf(principal)) return undefined;
  if (principal.kind === 'anonymous') return undefined;
  return stored.resource;
}

/** Status details lists are omitted when empty: TAXII lists may not be empty (section 2). */
export function statusResource(
  fields: Omit<
    StatusResource,
    | 'successes'
    | 'failures'
    | 'pendings'
    | 'success_count'
    | 'failure_count'
    | 'pending_count'
    | 'total_count'
    | 'status'
  >,
  successes: readonly StatusDetail[],
  failures: readonly StatusDetail[],
): StatusResource {
  return {
    ...fields,
    status: 'complete',
    total_count: successes.length + failures.length,
    success_count: successes.length,
    ...(successes.length === 0 ? {} : { successes: [...successes] }),
    failure_count: failures.length,
    ...(failures.length === 0 ? {} : { failures: [...failures] }),
    pending_count: 0,
  };
}
