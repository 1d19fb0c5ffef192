// A knowledge pack: STIX content the project authors and ships with the code, loaded into a
// collection of its own. Packs are built by code rather than read from files so that their ids,
// timestamps and patterns come out identical on every build (see dreamjob/ids.ts).

import type { StixObject } from '../stix/object.js';

export interface KnowledgePack {
  /** Short name used on the command line and as the default collection title, e.g. 'dreamjob'. */
  name: string;
  /** One line for `pack list`. */
  title: string;
  /** What the pack holds, used as the description of the collection it creates. */
  description: string;
  /** Every object of the pack, markings and author identity included, in a stable order. */
  objects(): readonly StixObject[];
}
