// How far apart in time two observations of one match of a pattern can be: the horizon h such
// that for any two observations o and n in one match, n.first_observed <= o.last_observed + h.
// It follows from the evaluator's rules (../evaluate/plan.ts):
//   WITHIN d        max(first) <= min(last) + d over everything below it: h <= d.
//   START t1 STOP t2 every interval below it meets [t1, t2): n.first < t2 and o.last >= t1, so
//                   h <= t2 - t1.
//   OR              a match is a match of one operand: the largest operand horizon.
//   a bracket       one observation: 0.
//   AND, FOLLOWEDBY, REPEATS  operands or copies may lie any distance apart: unbounded.
// A stream that has reached first_observed = t can therefore drop an observation whose
// last_observed is before t - h: no match completed from now on can use it.

import type { ObservationExpression } from '../ast.js';
import { durationOf, type Instant, instantOfValid } from '../evaluate/time.js';

/** The horizon in nanoseconds, or undefined when it is unbounded. */
export function horizonOf(expression: ObservationExpression): Instant | undefined {
  switch (expression.kind) {
    case 'observation':
      return 0n;
    case 'observation-combination': {
      if (expression.operator !== 'OR') return undefined;
      let widest: Instant = 0n;
      for (const operand of expression.operands) {
        const horizon = horizonOf(operand);
        if (horizon === undefined) return undefined;
        if (horizon > widest) widest = horizon;
      }
      return widest;
    }
    case 'qualified': {
      let horizon = horizonOf(expression.expression);
      for (const qualifier of expression.qualifiers) {
        const bound =
          qualifier.kind === 'within'
            ? durationOf(qualifier.seconds)
            : qualifier.kind === 'start-stop'
              ? instantOfValid(qualifier.stopTime.value) - instantOfValid(qualifier.startTime.value)
              : undefined;
        if (qualifier.kind === 'repeats') horizon = undefined;
        else if (horizon === undefined || (bound !== undefined && bound < horizon)) horizon = bound;
      }
      return horizon;
    }
  }
}
