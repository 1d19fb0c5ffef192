// matchPattern: whether observations satisfy a STIX pattern (STIX 2.1 section 9), and with which
// of them. Three stages: every bracketed observation expression is evaluated once per observation
// (bracket.ts); the observation operators and qualifiers become plans of slots to fill with
// distinct observations under time constraints (plan.ts); a search fills them (solve.ts) in time
// polynomial in the number of observations, never by trying every combination. A single bracket
// against a single observation, the commonest call by far, skips the last two stages.

import type { ObservationBracket, Pattern } from '../ast.js';
import type { Observation } from '../observation.js';
import { bracketHolds, bracketsOf, buildPredicates, evaluateBrackets } from './bracket.js';
import { PatternEvaluationError } from './errors.js';
import { patternPlans } from './plan.js';
import { PreparedObservations } from './prepared.js';
import { solvePlans } from './solve.js';
import { compareInstants } from './sorted-instants.js';

/** The observations bound to one bracketed observation expression of the pattern. */
export interface ObservationBinding {
  /** The AST node; its `start` and `end` are its span in the pattern text. */
  expression: ObservationBracket;
  /**
   * One entry per sighting used. An observation with number_observed n stands for n sightings
   * (9.7), so it may appear up to n times across all bindings.
   */
  observations: Observation[];
}

export interface PatternMatch {
  /** In source order of the brackets; a bracket on the side an OR did not take is absent. */
  bindings: ObservationBinding[];
  /** Every observation used, once each, by first_observed then input order. */
  observations: Observation[];
  /** The earliest first_observed and the latest last_observed of the observations used. */
  firstObserved: string;
  lastObserved: string;
}

/**
 * Evaluates a checked pattern (from parsePattern) against observations given in any order and
 * returns one witness, or undefined when the pattern does not match. Throws PatternEvaluationError
 * for a MATCHES expression the linear-time engine rejects, or when the search exceeds its budget.
 */
export function matchPattern(
  pattern: Pattern,
  observations: readonly Observation[],
): PatternMatch | undefined {
  return matchPrepared(pattern, new PreparedObservations(observations));
}

/**
 * Why the evaluator cannot run the pattern on any observations, undefined when it can: a MATCHES
 * the linear-time engine rejects, or more alternatives than it unfolds. Such a pattern is valid
 * STIX; it is reported as soon as it is read rather than when an observation reaches it.
 */
export function evaluationBlocker(pattern: Pattern): PatternEvaluationError | undefined {
  try {
    buildPredicates(bracketsOf(pattern.expression));
    patternPlans(pattern);
    return undefined;
  } catch (error) {
    if (error instanceof PatternEvaluationError) return error;
    throw error;
  }
}

/**
 * matchPattern on observations prepared once for many patterns. `newest` is the index of an
 * observation every match must use, when the caller knows there is none without it (a stream
 * evaluating again after each observation, none matched before): it spares the searches the
 * thresholds that only matches without it could take.
 */
export function matchPrepared(
  pattern: Pattern,
  prepared: PreparedObservations,
  newest?: number,
): PatternMatch | undefined {
  const { expression } = pattern;
  if (expression.kind === 'observation' && prepared.observations.length === 1) {
    return matchBracketAgainstOne(expression, prepared);
  }
  return solveMatch(pattern, prepared, newest);
}

/**
 * What the solver finds for one bracket and one observation, without it: the observation fills the
 * bracket's one slot exactly when it satisfies the bracket (number_observed is at least 1).
 */
function matchBracketAgainstOne(
  bracket: ObservationBracket,
  prepared: PreparedObservations,
): PatternMatch | undefined {
  buildPredicates([bracket]);
  const holds = bracketHolds(bracket, prepared, 0);
  // As the general path, reject an observation whose times are no STIX timestamps.
  prepared.instants();
  if (!holds) return undefined;
  const observation = prepared.observations[0] as Observation;
  return {
    bindings: [{ expression: bracket, observations: [observation] }],
    observations: [observation],
    firstObserved: observation.firstObserved,
    lastObserved: observation.lastObserved,
  };
}

/** The general path: every bracket evaluated, then the plans solved (`newest` as matchPrepared's). */
export function solveMatch(
  pattern: Pattern,
  prepared: PreparedObservations,
  newest?: number,
): PatternMatch | undefined {
  const { observations } = prepared;
  const table = evaluateBrackets(pattern, prepared);
  // Every match uses it, so the latest first_observed of a match is no earlier than its.
  const floor = newest === undefined ? undefined : table.first[newest];
  const assignment = solvePlans(patternPlans(pattern), table, pattern, floor);
  if (assignment === undefined) return undefined;
  const used = [...new Set(assignment.flatMap(({ indices }) => indices))].sort(
    (a, b) => compareInstants(table.first[a] as bigint, table.first[b] as bigint) || a - b,
  );
  const earliest = used.reduce((best, i) =>
    (table.first[i] as bigint) < (table.first[best] as bigint) ? i : best,
  );
  const latest = used.reduce((best, i) =>
    (table.last[i] as bigint) > (table.last[best] as bigint) ? i : best,
  );
  return {
    bindings: assignment
      .map(({ expression, indices }) => ({
        expression,
        observations: indices.map((i) => observations[i] as Observation),
      }))
      .sort((a, b) => a.expression.start - b.expression.start),
    observations: used.map((i) => observations[i] as Observation),
    firstObserved: (observations[earliest] as Observation).firstObserved,
    lastObserved: (observations[latest] as Observation).lastObserved,
  };
}
