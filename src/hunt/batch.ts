// Gathers the detections of a stream into few Hunter.report calls, each one store commit: a batch
// goes when it holds `size` detections, or when its first has waited `delayMs` (a timer, so that a
// stream that goes quiet after a hit still reports it), or at flush(). Batches are reported one
// after the other, in order; a full batch makes add() wait for it, which slows the reader of the
// stream instead of piling detections up in memory.

import type { Alert } from '../detect/alert.js';
import type { Detection } from '../detect/detector.js';
import type { Hunter } from './hunter.js';

export interface BatchOptions {
  /** The TLP marking-definition id of the sightings. */
  marking: string;
  /** 500 by default: a commit of a few thousand objects, which a request body of 1% hits rarely fills. */
  size?: number;
  /** 1 s by default: `hunt --follow` and a long-lived request still alert within about a second. */
  delayMs?: number;
  /** Receives the alerts of each batch, in order. */
  onAlerts: (alerts: readonly Alert[]) => void | Promise<void>;
}

export class DetectionBatcher {
  private pending: Detection[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sent: Promise<void> = Promise.resolve();
  /** A batch sent by the timer failed: the next add() or flush() throws it. */
  private failure: Error | undefined;

  constructor(
    private readonly hunter: Pick<Hunter, 'report'>,
    private readonly options: BatchOptions,
  ) {}

  async add(detections: readonly Detection[]): Promise<void> {
    this.throwIfFailed();
    if (detections.length === 0) return;
    this.pending.push(...detections);
    if (this.pending.length >= (this.options.size ?? 500)) {
      await this.flush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.send(), this.options.delayMs ?? 1000);
      this.timer.unref();
    }
  }

  /** Reports what is gathered and waits for every batch sent so far. */
  async flush(): Promise<void> {
    await this.send();
    this.throwIfFailed();
  }

  private send(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.sent = this.sent
        .then(async () => this.options.onAlerts(await this.hunter.report(batch, this.options.marking)))
        .catch((error: Error) => {
          this.failure ??= error;
        });
    }
    return this.sent;
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
