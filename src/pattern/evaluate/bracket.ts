// Observation expressions in brackets (STIX 2.1 sections 9.3 and 9.5), evaluated against each
// observation once. A comparison holds for a root object of its object type when it holds for any
// value the path selects from that object; NOT negates the comparison for each selected value, so
// a root object with no value selected satisfies neither `p = c` nor `p NOT = c` (only
// `NOT EXISTS p`). Inside the brackets AND and OR combine the SETS of root objects that satisfy
// their operands (intersection and union): every comparison joined by AND must hold for the SAME
// object (9.5: "All operands of AND in an Observation Expression MUST be satisfiable with the same
// type of object"; the reference matcher intersects root objects the same way), so an AND of two
// object types never holds, while OR may be satisfied by objects of different types.

import type {
  Comparison,
  ComparisonExpression,
  ObservationBracket,
  ObservationExpression,
  Pattern,
} from '../ast.js';
import type { Observation } from '../observation.js';
import { predicateOf } from './compare.js';
import type { ObjectsByType, PreparedObservations } from './prepared.js';
import { selectValues } from './select.js';
import type { Instant } from './time.js';

/** What the upper stages need: per observation, its time and which brackets it satisfies. */
export interface BracketTable {
  observations: readonly Observation[];
  first: Instant[];
  last: Instant[];
  /** For each bracket of the pattern, one flag per observation. */
  satisfied: Map<ObservationBracket, Uint8Array>;
}

/** Brackets by pattern: a temporal pattern is evaluated again with each observation it sees. */
const bracketLists = new WeakMap<Pattern, ObservationBracket[]>();

export function evaluateBrackets(pattern: Pattern, prepared: PreparedObservations): BracketTable {
  let brackets = bracketLists.get(pattern);
  if (brackets === undefined) {
    brackets = bracketsOf(pattern.expression);
    bracketLists.set(pattern, brackets);
  }
  buildPredicates(brackets);
  const { observations } = prepared;
  const satisfied = new Map<ObservationBracket, Uint8Array>();
  for (const bracket of brackets) satisfied.set(bracket, new Uint8Array(observations.length));
  for (let index = 0; index < observations.length; index++) {
    for (const bracket of brackets) {
      if (bracketHolds(bracket, prepared, index)) (satisfied.get(bracket) as Uint8Array)[index] = 1;
    }
  }
  return { observations, ...prepared.instants(), satisfied };
}

/** Brackets whose predicates are all built, and so kept (compare.ts): nothing left to report. */
const built = new WeakSet<ObservationBracket>();

/**
 * Builds the predicates of every comparison before any observation is read, so that a regular
 * expression the engine rejects is reported whether or not some observation would have reached it.
 */
export function buildPredicates(brackets: readonly ObservationBracket[]): void {
  for (const bracket of brackets) {
    if (built.has(bracket)) continue;
    buildComparisonPredicates(bracket.comparison);
    built.add(bracket);
  }
}

function buildComparisonPredicates(expression: ComparisonExpression): void {
  if (expression.kind === 'comparison-combination') {
    for (const operand of expression.operands) buildComparisonPredicates(operand);
  } else {
    predicateOf(expression);
  }
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

/** Whether some root object of observation `index` satisfies the bracket's comparisons. */
export function bracketHolds(
  bracket: ObservationBracket,
  prepared: PreparedObservations,
  index: number,
): boolean {
  const observation = prepared.observations[index] as Observation;
  return holdsForSomeRoot(bracket.comparison, observation, prepared.objectsByType(index));
}

/**
 * Whether the set of roots satisfying the expression is non-empty, without building any set: a
 * single comparison stops at the first root, an OR's union is non-empty when any operand's set is,
 * and an AND's intersection is non-empty when some one root is in every operand's set, which is
 * decided root by root, each root stopping at the first operand it fails.
 */
function holdsForSomeRoot(
  expression: ComparisonExpression,
  observation: Observation,
  byType: ObjectsByType,
): boolean {
  if (expression.kind === 'comparison') {
    for (const object of byType.get(expression.path.objectType.name) ?? []) {
      if (comparisonHolds(expression, object, observation)) return true;
    }
    return false;
  }
  if (expression.operator === 'OR') {
    return expression.operands.some((operand) => holdsForSomeRoot(operand, observation, byType));
  }
  for (const type of rootTypesOf(expression)) {
    for (const object of byType.get(type) ?? []) {
      if (holdsForRoot(expression, object, type, observation)) return true;
    }
  }
  return false;
}

/** Whether the root object, of the given type, is in the set of roots satisfying the expression. */
function holdsForRoot(
  expression: ComparisonExpression,
  root: unknown,
  type: string,
  observation: Observation,
): boolean {
  if (expression.kind === 'comparison') {
    return expression.path.objectType.name === type && comparisonHolds(expression, root, observation);
  }
  return expression.operator === 'AND'
    ? expression.operands.every((operand) => holdsForRoot(operand, root, type, observation))
    : expression.operands.some((operand) => holdsForRoot(operand, root, type, observation));
}

const rootTypes = new WeakMap<ComparisonExpression, readonly string[]>();

/**
 * The object types a root satisfying the expression can have: an AND's roots satisfy its first
 * operand, an OR's any operand. Kept per node, as the tree is evaluated many times.
 */
function rootTypesOf(expression: ComparisonExpression): readonly string[] {
  let types = rootTypes.get(expression);
  if (types === undefined) {
    if (expression.kind === 'comparison') types = [expression.path.objectType.name];
    else if (expression.operator === 'AND')
      types = rootTypesOf(expression.operands[0] as ComparisonExpression);
    else types = [...new Set(expression.operands.flatMap(rootTypesOf))];
    rootTypes.set(expression, types);
  }
  return types;
}

function comparisonHolds(expression: Comparison, root: unknown, observation: Observation): boolean {
  const predicate = predicateOf(expression);
  const values = selectValues(expression.path, root, observation);
  if (predicate === undefined) return values.length > 0 !== expression.negated;
  for (const value of values) if (predicate(value) !== expression.negated) return true;
  return false;
}

/** The table of these observations alone, in this order: index i of it is `indices[i]` of `table`. */
export function subTable(table: BracketTable, indices: readonly number[]): BracketTable {
  const satisfied = new Map<ObservationBracket, Uint8Array>();
  for (const [bracket, flags] of table.satisfied) {
    satisfied.set(
      bracket,
      Uint8Array.from(indices, (index) => flags[index] as number),
    );
  }
  return {
    observations: indices.map((index) => table.observations[index] as Observation),
    first: indices.map((index) => table.first[index] as Instant),
    last: indices.map((index) => table.last[index] as Instant),
    satisfied,
  };
}
