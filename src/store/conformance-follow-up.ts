// A FollowUpModule for the store conformance suite (conformance.ts): a status record of the
// outcomes and an audit entry, named by the key it is given, or a record the store must refuse.

import type { FollowUpModule, PutFollowUp, PutOutcome } from './store.js';

export interface ConformanceFollowUp {
  key: string;
  /** Name a record kind the store refuses (StoreInputError('bad-record')). */
  refused?: boolean;
}

export function followUp(data: ConformanceFollowUp, outcomes: readonly PutOutcome[]): PutFollowUp {
  return {
    records: [
      { kind: data.refused === true ? '' : 'status', key: data.key, value: outcomes.map((o) => o.status) },
    ],
    audit: [{ actor: 'a', action: 'objects.add', target: data.key }],
  };
}

export function conformanceFollowUp(data: ConformanceFollowUp): FollowUpModule {
  return { module: import.meta.url, data };
}
