// The bracket evaluator decides AND root by root, stopping early; here it is checked against the
// definition it shortcuts (9.5): the roots satisfying an AND are the intersection of its operands'
// root sets, of an OR their union, and a bracket holds when that set is not empty.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ComparisonExpression, ObservationBracket } from '../ast.js';
import { comparisons, observationArbitrary, parsed } from '../compile/arbitraries.js';
import type { Observation } from '../observation.js';
import { predicateOf } from './compare.js';
import { matchPattern } from './match.js';
import { selectValues } from './select.js';

/** The keys of the observation's objects that satisfy the expression as their root object. */
function rootSet(expression: ComparisonExpression, observation: Observation): Set<string> {
  if (expression.kind === 'comparison-combination') {
    const [head, ...rest] = expression.operands.map((operand) => rootSet(operand, observation));
    const result = new Set(head);
    for (const roots of rest) {
      if (expression.operator === 'OR') for (const root of roots) result.add(root);
      else for (const root of result) if (!roots.has(root)) result.delete(root);
    }
    return result;
  }
  const predicate = predicateOf(expression);
  const roots = new Set<string>();
  for (const [key, object] of Object.entries(observation.objects)) {
    if (object.type !== expression.path.objectType.name) continue;
    const values = selectValues(expression.path, object, observation);
    const holds =
      predicate === undefined
        ? values.length > 0 !== expression.negated
        : values.some((value) => predicate(value) !== expression.negated);
    if (holds) roots.add(key);
  }
  return roots;
}

describe('bracket evaluation', () => {
  it('holds exactly when the root sets of AND and OR leave some root', () => {
    let held = 0;
    fc.assert(
      fc.property(comparisons, observationArbitrary, (text, seen) => {
        const pattern = parsed(`[${text}]`);
        const bracket = pattern.expression as ObservationBracket;
        const expected = rootSet(bracket.comparison, seen).size > 0;
        if (expected) held++;
        assert.equal(matchPattern(pattern, [seen]) !== undefined, expected, text);
      }),
      { numRuns: 5000 },
    );
    assert.ok(held > 200, `only ${held} held`);
  });
});
