// Export: pages through the store with the caller's filters and streams the stored JSON texts out
// as a bundle or JSON Lines, never holding more than one page in memory.

import { bundleWriter, jsonLinesWriter } from '../stix/stream/write.js';
import type { ListQuery, Store, StoredVersion } from '../store/store.js';

export interface ExportOptions {
  query: ListQuery;
  format: 'bundle' | 'jsonl';
  /** Keep only objects whose object_marking_refs name this marking definition. */
  marking?: string;
  pageSize?: number;
}

function hasMarking(version: StoredVersion, marking: string): boolean {
  // Most objects do not mention the marking at all: skip the parse for them.
  if (!version.json.includes(marking)) return false;
  const refs = (JSON.parse(version.json) as { object_marking_refs?: unknown }).object_marking_refs;
  return Array.isArray(refs) && refs.includes(marking);
}

export async function exportStix(
  store: Store,
  out: NodeJS.WritableStream,
  options: ExportOptions,
): Promise<number> {
  const writer = options.format === 'bundle' ? bundleWriter(out) : jsonLinesWriter(out);
  let written = 0;
  let cursor: string | undefined;
  do {
    const page = await store.list(options.query, {
      limit: options.pageSize ?? 1000,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const version of page.items) {
      if (options.marking !== undefined && !hasMarking(version, options.marking)) continue;
      await writer.write(version.json);
      written++;
    }
    cursor = page.next;
  } while (cursor !== undefined);
  await writer.end();
  return written;
}
