// Scheduled sync inside `serve`: every peer, one after another, every interval. A run never
// overlaps the previous one, and stopping waits for the run in progress.

import type { Directory } from '../access/directory.js';
import type { Store } from '../store/store.js';
import { listPeers } from './peers.js';
import { runPeer, type SyncOptions, type SyncReport } from './run.js';

export interface SyncScheduler {
  stop(): Promise<void>;
}

export function scheduleSync(
  store: Store,
  directory: Directory,
  intervalMs: number,
  onReport: (report: SyncReport) => void,
  options: SyncOptions = {},
): SyncScheduler {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const runAll = async () => {
    for (const peer of await listPeers(store)) {
      if (stopped) return;
      onReport(await runPeer(store, directory, peer, options));
    }
  };
  const tick = () => {
    running = runAll()
      .catch((error: unknown) => onReport({ peer: '*', error: (error as Error).message }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);

  return {
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
    },
  };
}
