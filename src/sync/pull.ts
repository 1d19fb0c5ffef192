// Pull: new objects of the peer's collection into the local one, page by page. Each page is
// validated and stored before the cursor moves past it, and the cursor is the page's
// X-TAXII-Date-Added-Last, so a run that dies anywhere resumes without loss, and a page fetched
// twice stores nothing twice (the same id and version is the same stored version).

import { checkStixObject } from '../stix/accept.js';
import type { StixRecord } from '../stix/object.js';
import type { Store } from '../store/store.js';
import type { TaxiiClient } from '../taxii/client.js';
import { type SyncPeer, updatePeer } from './peers.js';

export interface PullReport {
  pages: number;
  added: number;
  unchanged: number;
  /** Objects the peer sent that are not valid STIX or conflict with what is stored here. */
  rejected: { id: string; reason: string }[];
}

const PAGE_SIZE = 500;
const MAX_REJECTIONS_KEPT = 100;

export async function pull(store: Store, client: TaxiiClient, peer: SyncPeer): Promise<PullReport> {
  const report: PullReport = { pages: 0, added: 0, unchanged: 0, rejected: [] };
  const reject = (id: string, reason: string) => {
    if (report.rejected.length < MAX_REJECTIONS_KEPT) report.rejected.push({ id, reason });
  };
  const pages = client.pages(peer.remoteCollection, {
    limit: PAGE_SIZE,
    ...(peer.pullCursor === undefined ? {} : { addedAfter: peer.pullCursor }),
  });
  for await (const page of pages) {
    const records: StixRecord[] = [];
    for (const value of page.objects) {
      const checked = checkStixObject(value);
      const id =
        typeof (value as { id?: unknown })?.id === 'string' ? (value as { id: string }).id : '(no id)';
      if (checked.object === undefined) {
        const first = checked.issues.find((issue) => issue.severity === 'error');
        reject(id, first === undefined ? 'invalid' : `[${first.code}] ${first.path}: ${first.message}`);
        continue;
      }
      records.push({ object: checked.object, json: JSON.stringify(checked.object) });
    }
    const outcomes = records.length === 0 ? [] : await store.put(peer.localCollection, records);
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.status === 'added') report.added += 1;
      else if (outcome.status === 'unchanged') report.unchanged += 1;
      else reject(records[index]?.object.id as string, outcome.message);
    }
    report.pages += 1;
    // Only after the page is stored: a crash before this line fetches the page again next time.
    if (page.dateAddedLast !== undefined) {
      await updatePeer(store, peer.name, { pullCursor: page.dateAddedLast });
    }
  }
  return report;
}
