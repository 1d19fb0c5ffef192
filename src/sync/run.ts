// One sync run of a peer: pull, then push, each resuming from its durable cursor. The outcome
// (and any error) is kept on the peer record so `sync list` shows how each peer is doing.

import type { Directory } from '../access/directory.js';
import { formatMillis } from '../stix/timestamp.js';
import type { Store } from '../store/store.js';
import { TaxiiClient, type TaxiiClientOptions } from '../taxii/client.js';
import { getPeer, type SyncPeer, updatePeer } from './peers.js';
import { type PullReport, pull } from './pull.js';
import { type PushReport, push } from './push.js';

export interface SyncReport {
  peer: string;
  pull?: PullReport;
  push?: PushReport;
  error?: string;
}

export interface SyncOptions {
  clock?: () => number;
  /** Overrides for the TAXII client (tests pass a fast sleep). */
  client?: Omit<TaxiiClientOptions, 'apiRoot' | 'auth'>;
}

export function clientFor(peer: SyncPeer, options: SyncOptions = {}): TaxiiClient {
  return new TaxiiClient({
    userAgent: 'dreamcatcher-sync',
    ...options.client,
    apiRoot: peer.apiRoot,
    auth: { token: peer.token },
  });
}

export async function runPeer(
  store: Store,
  directory: Directory,
  peer: SyncPeer,
  options: SyncOptions = {},
): Promise<SyncReport> {
  const clock = options.clock ?? Date.now;
  const client = clientFor(peer, options);
  const report: SyncReport = { peer: peer.name };
  try {
    if (peer.pull) report.pull = await pull(store, client, peer);
    // Re-read: pull moved the pull cursor on the stored record.
    if (peer.pushAs !== undefined)
      report.push = await push(store, directory, client, await getPeer(store, peer.name));
    await updatePeer(store, peer.name, { lastRun: formatMillis(clock()), lastError: '' });
  } catch (error) {
    report.error = (error as Error).message;
    await updatePeer(store, peer.name, { lastRun: formatMillis(clock()), lastError: report.error });
  }
  return report;
}
