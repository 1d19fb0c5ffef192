// What an Add Objects put writes besides its objects (store.ts's FollowUpModule): the status
// resource made of the outcomes, and its audit entry. A module with plain data rather than a
// closure, so that a store committing on a writer thread runs it there, in the objects' own
// transaction. The request answers the same status (statusOf), so the one stored and the one
// answered are the same.

import { auditActor, type Principal } from '../access/principal.js';
import type { FollowUpModule, PutFollowUp, PutOutcome } from '../store/store.js';
import { type StatusDetail, type StatusResource, statusRecord, statusResource } from './status.js';

export interface AddObjectsFollowUp {
  principal: Principal;
  collection: string;
  apiRoot: string;
  status: { id: string; request_timestamp: string };
  /** Per object put, in order: its status detail. */
  details: StatusDetail[];
  /** The objects refused before the put, with their reasons. */
  failures: StatusDetail[];
}

/** The status the outcomes make: a conflict is a failure, an object already stored a success. */
export function statusOf(data: AddObjectsFollowUp, outcomes: readonly PutOutcome[]): StatusResource {
  const successes: StatusDetail[] = [];
  const refused = [...data.failures];
  for (const [index, outcome] of outcomes.entries()) {
    const detail = data.details[index] as StatusDetail;
    if (outcome.status === 'conflict') refused.push({ ...detail, message: clip(outcome.message) });
    else if (outcome.status === 'unchanged') successes.push({ ...detail, message: 'already stored' });
    else successes.push(detail);
  }
  return statusResource(data.status, successes, refused);
}

export function followUp(data: AddObjectsFollowUp, outcomes: readonly PutOutcome[]): PutFollowUp {
  const status = statusOf(data, outcomes);
  return {
    records: [statusRecord(data.principal, data.apiRoot, status)],
    audit: [
      {
        ...auditActor(data.principal),
        action: 'objects.add',
        target: data.collection,
        details: { status: status.id, successes: status.success_count, failures: status.failure_count },
      },
    ],
  };
}

export function addObjectsFollowUp(data: AddObjectsFollowUp): FollowUpModule {
  return { module: import.meta.url, data };
}

const MAX_MESSAGE = 500;

/** A message cut to what a status detail holds. */
export function clip(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 1)}…`;
}
