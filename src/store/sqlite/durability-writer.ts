// The child of the durability check: `node durability-writer.js <sqlite path | database URL>
// <collection> <first batch>` writes batch after batch and prints each batch number on its own
// line once put() has resolved, until it is killed. Stdout to a pipe is synchronous on Linux, so a
// printed number is an acknowledgement the parent can hold the store to.

import { openStore } from '../open.js';
import type { Store } from '../store.js';
import { DURABILITY_MAX_BATCHES, durabilityBatch } from './durability.js';
import { openSqliteStore } from './index.js';

const [target, collection, first] = process.argv.slice(2);
if (target === undefined || collection === undefined || first === undefined) {
  process.stderr.write('usage: durability-writer <sqlite path | database URL> <collection> <first batch>\n');
  process.exit(2);
}

const store: Store = target.includes('://')
  ? await openStore({ databaseUrl: target })
  : await openSqliteStore({ path: target });
const firstBatch = Number(first);
for (let batch = firstBatch; batch < firstBatch + DURABILITY_MAX_BATCHES; batch++) {
  await store.put(collection, durabilityBatch(batch));
  process.stdout.write(`${batch}\n`);
}
await store.close();
