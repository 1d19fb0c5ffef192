// The DreamJob knowledge pack: Lazarus Group's Operation DreamJob as STIX, from ESET's IoCs and
// MITRE ATT&CK (see build.ts for what it holds and sources.ts for where each part comes from).

import type { StixObject } from '../../stix/object.js';
import type { KnowledgePack } from '../pack.js';
import { buildDreamjobPack } from './build.js';

let built: readonly StixObject[] | undefined;

export const DREAMJOB_PACK: KnowledgePack = {
  name: 'dreamjob',
  title: 'Lazarus Group, Operation DreamJob: ESET IoCs, ATT&CK techniques, behavioural patterns',
  description:
    "Lazarus Group's Operation DreamJob (fake job offers to aerospace and defence staff): the group, the campaign, its malware families and techniques, an indicator for every DreamJob IoC in ESET's published lists from 2020 to 2023, and behavioural patterns for its delivery chain. TLP:CLEAR.",
  objects() {
    // Built once per process: the content never changes while it runs.
    built ??= Object.freeze(buildDreamjobPack());
    return built;
  },
};
