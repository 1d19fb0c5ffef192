// Puts a knowledge pack into its collection. The pack's ids and timestamps are fixed, so loading it
// again stores nothing new: every object comes back 'unchanged'. The collection is created public
// when missing, since pack content is TLP:CLEAR and meant for everyone who can reach the server; an
// existing collection keeps the policy its admins gave it.

import { Directory } from '../access/directory.js';
import { SYSTEM } from '../access/principal.js';
import type { Collection, Store } from '../store/store.js';
import { findPack, PACKS } from './index.js';

export interface LoadPackOptions {
  /** Title or id of the collection to load into; the pack's name by default. */
  collection?: string;
}

export interface LoadPackResult {
  pack: string;
  collection: Collection;
  /** Whether this load created the collection. */
  createdCollection: boolean;
  added: number;
  unchanged: number;
  /**
   * Objects stored with the same id and version but other content; the stored ones are kept. Only
   * a pack whose content changed without its `modified` moving forward causes them.
   */
  conflicts: { id: string; message: string }[];
}

/** Asked for a pack that does not exist. */
export class UnknownPackError extends Error {
  constructor(name: string) {
    super(
      `no knowledge pack named '${name.slice(0, 100)}'; available: ${PACKS.map((pack) => pack.name).join(', ')}`,
    );
    this.name = 'UnknownPackError';
  }
}

export async function loadPack(
  store: Store,
  name: string,
  options: LoadPackOptions = {},
): Promise<LoadPackResult> {
  const pack = findPack(name);
  if (pack === undefined) throw new UnknownPackError(name);
  const title = options.collection ?? pack.name;
  const { collection, created: createdCollection } = await new Directory(store).collectionTitled(SYSTEM, {
    title,
    description: pack.description,
    public: true,
  });
  const objects = pack.objects();
  const outcomes = await store.put(
    collection.id,
    objects.map((object) => ({ object, json: JSON.stringify(object) })),
  );
  const result: LoadPackResult = {
    pack: pack.name,
    collection,
    createdCollection,
    added: 0,
    unchanged: 0,
    conflicts: [],
  };
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'added') result.added++;
    else if (outcome.status === 'unchanged') result.unchanged++;
    else result.conflicts.push({ id: objects[index]?.id ?? '', message: outcome.message });
  });
  await store.appendAudit({
    actor: 'system',
    action: 'pack.load',
    target: collection.id,
    details: {
      pack: pack.name,
      added: result.added,
      unchanged: result.unchanged,
      conflicts: result.conflicts.length,
    },
  });
  return result;
}
