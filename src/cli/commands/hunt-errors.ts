// Evaluation errors of `hunt` on standard error: an indicator that cannot be evaluated on some
// events (an unsupported MATCHES, say) fails on every such event, so a line per failure would
// bury everything else. The first failure of an indicator is shown with its message, and the
// end of the run says how many events each one skipped.

/** Indicators whose first failure is shown, and then counted at the end. */
const MAX_SHOWN = 50;

export class EvaluationErrorLog {
  private readonly counts = new Map<string, number>();

  constructor(private readonly write: (line: string) => void) {}

  add(indicatorId: string, message: string): void {
    const count = this.counts.get(indicatorId) ?? 0;
    this.counts.set(indicatorId, count + 1);
    if (count === 0 && this.counts.size <= MAX_SHOWN) {
      this.write(`dreamcatcher: ${indicatorId} skipped on an event: ${message}\n`);
    }
  }

  /** One line per indicator that failed more than once, then how many indicators failed in all. */
  summarize(): void {
    if (this.counts.size === 0) return;
    let shown = 0;
    let events = 0;
    for (const [id, count] of this.counts) {
      events += count;
      if (count > 1 && shown < MAX_SHOWN) {
        shown += 1;
        this.write(`dreamcatcher: ${id} skipped on ${count} events\n`);
      }
    }
    this.write(
      `dreamcatcher: ${this.counts.size} indicator${this.counts.size === 1 ? '' : 's'} could not be evaluated ` +
        `on ${events} event evaluation${events === 1 ? '' : 's'}` +
        `${this.counts.size > MAX_SHOWN ? ` (the first ${MAX_SHOWN} named)` : ''}\n`,
    );
  }
}
