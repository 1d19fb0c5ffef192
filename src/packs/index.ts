// The knowledge packs shipped with dreamcatcher, by name.

import { DREAMJOB_PACK } from './dreamjob/index.js';
import type { KnowledgePack } from './pack.js';

export const PACKS: readonly KnowledgePack[] = [DREAMJOB_PACK];

export function findPack(name: string): KnowledgePack | undefined {
  return PACKS.find((pack) => pack.name === name);
}
