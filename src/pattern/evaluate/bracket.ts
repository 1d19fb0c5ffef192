// Observation expressions in brackets (STIX 2.1 sections 9.3 and 9.5), evaluated against each
// observation once. A comparison holds for a root object of its object type when it holds for any
// value the path selects from that object; NOT negates the comparison for each selected value, so
// a root object with no value selected satisfies neither `p = c` nor `p NOT = c` (only
// `NOT EXISTS p`). Inside the brackets AND and OR combine the SETS of root objects that satisfy
// their operands (intersection and union): every comparison joined by AND must hold for the SAME
// object (9.5: "All operands of AND in an Observation Expression MUST be satisfiable with the same
// type of object"; the reference matcher intersects root objects the same way), so an AND of two
// object types never holds, while OR may be satisfied by objects of different types.

import type { ComparisonExpression, ObservationBracket, ObservationExpression, Pattern } from '../ast.js';
import type { Observation } from '../observation.js';
import { type ValuePredicate, valuePredicate } from './compare.js';
import { selectValues } from './select.js';
import { type Instant, instantOfValid } from './time.js';

/** What the upper stages need: per observation, its time and which brackets it satisfies. */
export interface BracketTable {
  observations: readonly Observation[];
  first: Instant[];
  last: Instant[];
  /** For each bracket of the pattern, one flag per observation. */
  satisfied: Map<ObservationBracket, Uint8Array>;
}

export function evaluateBrackets(pattern: Pattern, observations: readonly Observation[]): BracketTable {
  // Every predicate is built before any observation is read, so a regular expression the engine
  // rejects is reported whether or not some observation would have reached it.
  const predicates = new Map<ComparisonExpression, ValuePredicate | undefined>();
  const brackets = bracketsOf(pattern.expression);
  for (const bracket of brackets) prepare(bracket.comparison, predicates);
  const satisfied = new Map<ObservationBracket, Uint8Array>();
  for (const bracket of brackets) satisfied.set(bracket, new Uint8Array(observations.length));
  observations.forEach((observation, index) => {
    const byType = objectsByType(observation);
    for (const bracket of brackets) {
      const roots = rootsSatisfying(bracket.comparison, observation, byType, predicates);
      if (roots.size > 0) (satisfied.get(bracket) as Uint8Array)[index] = 1;
    }
  });
  return {
    observations,
    first: observations.map((o) => instantOfValid(o.firstObserved)),
    last: observations.map((o) => instantOfValid(o.lastObserved)),
    satisfied,
  };
}

export function bracketsOf(expression: ObservationExpression): ObservationBracket[] {
  switch (expression.kind) {
    case 'observation':
      return [expression];
    case 'observation-combination':
      return expression.operands.flatMap(bracketsOf);
    case 'qualified':
      return bracketsOf(expression.expression);
  }
}

function prepare(
  expression: ComparisonExpression,
  predicates: Map<ComparisonExpression, ValuePredicate | undefined>,
): void {
  if (expression.kind === 'comparison-combination') {
    for (const operand of expression.operands) prepare(operand, predicates);
  } else {
    predicates.set(expression, valuePredicate(expression));
  }
}

function objectsByType(observation: Observation): Map<string, [string, unknown][]> {
  const byType = new Map<string, [string, unknown][]>();
  for (const [key, object] of Object.entries(observation.objects)) {
    const list = byType.get(object.type);
    if (list === undefined) byType.set(object.type, [[key, object]]);
    else list.push([key, object]);
  }
  return byType;
}

/** The keys of the observation's objects that satisfy the expression as its root object. */
function rootsSatisfying(
  expression: ComparisonExpression,
  observation: Observation,
  byType: Map<string, [string, unknown][]>,
  predicates: Map<ComparisonExpression, ValuePredicate | undefined>,
): Set<string> {
  if (expression.kind === 'comparison-combination') {
    const [head, ...rest] = expression.operands.map((operand) =>
      rootsSatisfying(operand, observation, byType, predicates),
    );
    const result = new Set(head);
    for (const roots of rest) {
      if (expression.operator === 'OR') for (const root of roots) result.add(root);
      else for (const root of result) if (!roots.has(root)) result.delete(root);
    }
    return result;
  }
  const predicate = predicates.get(expression);
  const roots = new Set<string>();
  for (const [key, object] of byType.get(expression.path.objectType.name) ?? []) {
    const values = selectValues(expression.path, object, observation);
    const holds =
      predicate === undefined
        ? values.length > 0 !== expression.negated
        : values.some((value) => predicate(value) !== expression.negated);
    if (holds) roots.add(key);
  }
  return roots;
}
