// A progress bar on stderr, only when stderr is a terminal and the output is not for a machine.

import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number, detail: string): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

/** total is in bytes when known; without it the bar shows only the running detail. */
export function startProgress(label: string, total: number | undefined, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return silent;
  const bar = new SingleBar({
    stream: process.stderr,
    format: total === undefined ? `${label} {detail}` : `${label} [{bar}] {percentage}% | {detail}`,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(total ?? 1, 0, { detail: '' });
  return {
    update(done, detail) {
      bar.update(total === undefined ? 0 : done, { detail });
    },
    stop() {
      bar.stop();
    },
  };
}
