// Push: local objects added since the last push, as the peer's organisation may see them here, minus
// what TLP 2.0 forbids passing on (AMBER+STRICT: the recipients' organisation only; RED: named
// recipients only). The scope comes from access/policy.ts's readScope, so push obeys the same one
// decision as every read path; then the TLP ceiling narrows it.

import type { Directory } from '../access/directory.js';
import { readScope } from '../access/policy.js';
import { actingFor } from '../access/principal.js';
import { TLP_RANK } from '../stix/tlp.js';
import type { Scope, Store } from '../store/store.js';
import type { TaxiiClient } from '../taxii/client.js';
import { type SyncPeer, updatePeer } from './peers.js';

export interface PushReport {
  batches: number;
  pushed: number;
  failures: { id: string; reason: string }[];
}

const BATCH = 100;
const MAX_FAILURES_KEPT = 100;
/** Nothing stricter than AMBER ever leaves this server. */
const ONWARD_CEILING = TLP_RANK.amber;

/** What may be pushed to a peer: what its organisation may read here, capped at AMBER, own objects aside. */
export async function pushScope(directory: Directory, peer: SyncPeer): Promise<Scope | undefined> {
  if (peer.pushAs === undefined) return undefined;
  const org = await directory.requireOrg(peer.pushAs);
  const principal = actingFor(org.id, 'sync', `sync:${peer.name}`);
  const scope = readScope(principal, peer.localCollection, await directory.policyOf(peer.localCollection));
  if (scope === undefined) return undefined;
  // Authorship does not lift the ceiling: a RED object the peer's organisation wrote stays here too.
  return {
    collection: scope.collection,
    maxTlpRank: Math.min(scope.maxTlpRank, ONWARD_CEILING),
    authors: [],
  };
}

export async function push(
  store: Store,
  directory: Directory,
  client: TaxiiClient,
  peer: SyncPeer,
): Promise<PushReport> {
  const report: PushReport = { batches: 0, pushed: 0, failures: [] };
  const scope = await pushScope(directory, peer);
  if (scope === undefined) return report;
  let cursor = peer.pushCursor;
  for (;;) {
    const page = await store.list(
      {
        collection: peer.localCollection,
        scopes: [scope],
        versions: ['all'],
        ...(cursor === undefined ? {} : { addedAfter: cursor }),
      },
      { limit: BATCH },
    );
    const last = page.items.at(-1);
    if (last === undefined) break;
    const status = await client.addObjects(
      peer.remoteCollection,
      `{"objects":[${page.items.map((item) => item.json).join(',')}]}`,
    );
    report.batches += 1;
    report.pushed += status.success_count;
    for (const failure of status.failures ?? []) {
      if (report.failures.length < MAX_FAILURES_KEPT) {
        report.failures.push({ id: failure.id, reason: failure.message ?? 'refused by the peer' });
      }
    }
    // The peer answered for the whole batch (each object is a success or a failure it reported),
    // so the cursor moves past it; failures are reported, not retried forever.
    cursor = last.dateAdded;
    await updatePeer(store, peer.name, { pushCursor: cursor });
    if (page.next === undefined) break;
  }
  return report;
}
