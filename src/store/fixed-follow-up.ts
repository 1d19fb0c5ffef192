// A follow-up that does not depend on the put's outcomes, as a FollowUpModule: what it writes is
// its data. Sightings write their states this way, so a store's writer thread can commit them.

import type { FollowUpModule, PutFollowUp } from './store.js';

/** The FollowUpModule contract: called with the data and the outcomes, which it does not need. */
export function followUp(writes: PutFollowUp): PutFollowUp {
  return writes;
}

export function fixedFollowUp(writes: PutFollowUp): FollowUpModule {
  return { module: import.meta.url, data: writes };
}
