// What can stop an evaluation of a valid pattern. Everything else about observations is data:
// a property of the wrong type or a reference that does not resolve makes a comparison false,
// never an error, since observations come from telemetry we do not control.

import type { Span } from '../ast.js';

export type EvaluationErrorCode =
  /** A MATCHES regular expression the linear-time engine cannot run (back references, lookaround). */
  | 'unsupported-regex'
  /** The search for disjoint observations exceeded its work budget (see budget.ts). */
  | 'too-complex';

export class PatternEvaluationError extends Error {
  constructor(
    readonly code: EvaluationErrorCode,
    message: string,
    /** The part of the pattern concerned, in UTF-16 offsets. */
    readonly span: Span,
  ) {
    super(message);
    this.name = 'PatternEvaluationError';
  }
}
