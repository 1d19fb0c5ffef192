// The work one matchPattern call may spend searching for disjoint observations, shared by every
// plan and every search it tries: past it, the pattern is reported as too complex for these
// observations instead of running for hours.

import type { Span } from '../ast.js';
import { PatternEvaluationError } from './errors.js';

/** Group updates, flow checks and sweep steps allowed per matchPattern call. */
const WORK_LIMIT = 5_000_000;

/** Thrown through a solver when it has spent the share it was given (WorkBudget.share). */
class ShareExceeded extends Error {}

export class WorkBudget {
  private spent = 0;
  /** Where the innermost share running ends. */
  private shareEnd = WORK_LIMIT;

  constructor(private readonly span: Span) {}

  /** What is left to spend. */
  get left(): number {
    return WORK_LIMIT - this.spent;
  }

  /**
   * Runs a solver that may give up, with `fraction` of what is left: 'undecided' when it spends
   * more, so the solvers after it still have the rest.
   */
  share<T>(fraction: number, solver: () => T): T | 'undecided' {
    const outer = this.shareEnd;
    this.shareEnd = Math.min(outer, this.spent + this.left * fraction);
    try {
      return solver();
    } catch (error) {
      // Past an enclosing share too, that one gives up.
      if (error instanceof ShareExceeded && this.spent <= outer) return 'undecided';
      throw error;
    } finally {
      this.shareEnd = outer;
    }
  }

  spend(work: number): void {
    this.spent += work;
    if (this.spent > WORK_LIMIT) {
      throw new PatternEvaluationError(
        'too-complex',
        `evaluation stopped after ${WORK_LIMIT} steps: the pattern repeats timed sub-patterns too often for these observations`,
        { start: this.span.start, end: this.span.end },
      );
    }
    if (this.spent > this.shareEnd) throw new ShareExceeded();
  }
}
