// Sync peers: another TAXII 2.1 server's collection, paired with a local collection, each with its
// durable cursors. Kept as Store records so that a run resumes where the last one stopped.

import type { Store } from '../store/store.js';

export interface SyncPeer {
  name: string;
  /** The peer's API root URL, e.g. https://cert.example/api1/. */
  apiRoot: string;
  /** The peer's collection id. */
  remoteCollection: string;
  /** The local collection id objects are pulled into and pushed from. */
  localCollection: string;
  /**
   * The credential for the peer, kept as given since it must be presented to the peer; whoever
   * reads the database can read it, as with any client secret a server keeps.
   */
  token: string;
  pull: boolean;
  /**
   * Push local objects to the peer as the organisation given here may see them (an organisation on
   * this server that stands for the peer), minus what TLP 2.0 forbids sharing onward: AMBER+STRICT
   * and RED never leave. Absent: no push.
   */
  pushAs?: string;
  /** The X-TAXII-Date-Added-Last of the last page pulled and stored. */
  pullCursor?: string;
  /** The date_added of the last local object pushed and acknowledged. */
  pushCursor?: string;
  lastRun?: string;
  lastError?: string;
}

const KIND = 'sync-peer';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class SyncPeerError extends Error {
  constructor(
    message: string,
    readonly code: 'bad-name' | 'bad-url' | 'exists' | 'not-found',
  ) {
    super(message);
    this.name = 'SyncPeerError';
  }
}

export function checkPeerName(name: string): string {
  if (!NAME.test(name)) {
    throw new SyncPeerError(
      `sync peer name '${name.slice(0, 100)}' must be 1 to 64 letters, digits, '.', '_' or '-'`,
      'bad-name',
    );
  }
  return name;
}

/** The API root URL, normalized to end in a slash; only http and https. */
export function checkApiRootUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SyncPeerError(`'${text.slice(0, 200)}' is not a URL`, 'bad-url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SyncPeerError(`a peer's URL must be http or https, not ${url.protocol}`, 'bad-url');
  }
  if (url.username !== '' || url.password !== '') {
    throw new SyncPeerError("put the peer's credential in --token, not in the URL", 'bad-url');
  }
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url.toString();
}

export async function addPeer(store: Store, peer: SyncPeer): Promise<void> {
  checkPeerName(peer.name);
  if (!(await store.putRecord(KIND, peer.name, peer, { ifAbsent: true }))) {
    throw new SyncPeerError(`a sync peer named '${peer.name}' already exists`, 'exists');
  }
}

export async function getPeer(store: Store, name: string): Promise<SyncPeer> {
  const peer = (await store.getRecord(KIND, name)) as SyncPeer | undefined;
  if (peer === undefined) throw new SyncPeerError(`no sync peer named '${name.slice(0, 100)}'`, 'not-found');
  return peer;
}

export async function listPeers(store: Store): Promise<SyncPeer[]> {
  return (await store.listRecords(KIND)).map((record) => record.value as SyncPeer);
}

export async function removePeer(store: Store, name: string): Promise<void> {
  if (!(await store.deleteRecord(KIND, name))) {
    throw new SyncPeerError(`no sync peer named '${name.slice(0, 100)}'`, 'not-found');
  }
}

/** Saves changed fields of a peer (cursors, last run), re-reading it so that a concurrent edit is kept. */
export async function updatePeer(store: Store, name: string, change: Partial<SyncPeer>): Promise<SyncPeer> {
  const updated = { ...(await getPeer(store, name)), ...change };
  await store.putRecord(KIND, name, updated);
  return updated;
}
