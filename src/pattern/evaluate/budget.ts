// The work one matchPattern call may spend searching for disjoint observations, shared by every
// plan and every search it tries: past it, the pattern is reported as too complex for these
// observations instead of running for hours.

import type { Span } from '../ast.js';
import { PatternEvaluationError } from './errors.js';

/** Group updates, flow checks and sweep steps allowed per matchPattern call. */
const WORK_LIMIT = 5_000_000;

export class WorkBudget {
  private spent = 0;

  constructor(private readonly span: Span) {}

  /** What is left to spend. */
  get left(): number {
    return WORK_LIMIT - this.spent;
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
  }
}
