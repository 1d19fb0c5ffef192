// Deciding whether observations match a pattern is NP-complete when the pattern is part of the
// input, so no evaluator is polynomial in the pattern and the observations together (unless
// P = NP). This is why the search has a work budget (budget.ts) instead of a promise: a peer can
// send a pattern that encodes a hard problem. The reduction is from 3-SAT and needs only AND,
// WITHIN and point observations:
// - variable v: observations u_vT and u_vF, and per occurrence k of v in a clause o_kT and o_kF;
//   the T ones at second 100v, the F ones at 100v + 50. Its part of the pattern,
//   `([u_v] AND [o_k] AND ...) WITHIN 1 SECONDS`, each bracket accepting the T or the F
//   observation of its name, must take all its observations on one side: v is true when they are
//   the T side, which leaves the F side's occurrences free.
// - clause c: one bracket accepting, per literal, the occurrence's F observation if the literal
//   is positive, its T observation if negative: free exactly when the literal is true.
// Observations fill one bracket each, so the pattern matches iff the formula is satisfiable. The
// test holds the evaluator to that on random formulas, and reads a satisfying assignment back
// from its witness.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parsePattern } from '../parser.js';
import { observationsOf, type Sighting } from './fixtures.js';
import { matchPattern } from './match.js';

/** A literal: variable index and sign. */
interface Literal {
  variable: number;
  positive: boolean;
}

type Formula = Literal[][];

interface Reduction {
  pattern: string;
  sightings: Sighting[];
}

const T = (variable: number) => 100 * variable;
const F = (variable: number) => 100 * variable + 50;

function reduce(formula: Formula, variables: number): Reduction {
  const sightings: Sighting[] = [];
  const point = (name: string, second: number) =>
    sightings.push({ name, first: second, last: second, count: 1 });
  const oneOf = (names: readonly string[]) =>
    `[process:name IN (${names.map((name) => `'${name}'`).join(', ')})]`;
  const occurrences = formula.flatMap((clause, c) => clause.map((literal) => ({ ...literal, c })));
  const parts: string[] = [];
  for (let v = 0; v < variables; v++) {
    point(`u${v}T`, T(v));
    point(`u${v}F`, F(v));
    const brackets = [oneOf([`u${v}T`, `u${v}F`])];
    occurrences.forEach(({ variable }, k) => {
      if (variable !== v) return;
      point(`o${k}T`, T(v));
      point(`o${k}F`, F(v));
      brackets.push(oneOf([`o${k}T`, `o${k}F`]));
    });
    parts.push(`(${brackets.join(' AND ')}) WITHIN 1 SECONDS`);
  }
  formula.forEach((_, c) => {
    const free = occurrences.flatMap((literal, k) =>
      literal.c === c ? [`o${k}${literal.positive ? 'F' : 'T'}`] : [],
    );
    parts.push(oneOf(free));
  });
  return { pattern: parts.join(' AND '), sightings };
}

const holds = (formula: Formula, values: readonly boolean[]) =>
  formula.every((clause) => clause.some(({ variable, positive }) => values[variable] === positive));

function satisfiable(formula: Formula, variables: number): boolean {
  for (let bits = 0; bits < 1 << variables; bits++) {
    if (
      holds(
        formula,
        Array.from({ length: variables }, (_, v) => ((bits >> v) & 1) === 1),
      )
    )
      return true;
  }
  return false;
}

/** Matches iff satisfiable; a match's u observations are an assignment that satisfies it. */
function assertDecides(formula: Formula, variables: number): void {
  const { pattern, sightings } = reduce(formula, variables);
  const parsed = parsePattern(pattern);
  assert.ok(parsed.ok, pattern);
  const observations = observationsOf(sightings);
  const match = matchPattern(parsed.pattern, observations);
  assert.equal(match !== undefined, satisfiable(formula, variables), pattern);
  if (match === undefined) return;
  const values: boolean[] = [];
  for (const observation of match.observations) {
    const { name, first } = sightings[observations.indexOf(observation)] as Sighting;
    const variable = /^u(\d+)/.exec(name)?.[1];
    if (variable !== undefined) values[Number(variable)] = first === T(Number(variable));
  }
  assert.ok(holds(formula, values), `${JSON.stringify(values)} does not satisfy ${pattern}`);
}

/** 3-literal clauses over distinct variables of `variables`. */
const formulas = (variables: number, clauses: { min: number; max: number }) =>
  fc.array(
    fc
      .tuple(
        fc.uniqueArray(fc.integer({ min: 0, max: variables - 1 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      )
      .map(([vars, signs]) =>
        vars.map((variable, i): Literal => ({ variable, positive: signs[i] as boolean })),
      ),
    { minLength: clauses.min, maxLength: clauses.max },
  );

describe('evaluation decides 3-SAT through AND and WITHIN (NP-complete in the pattern)', () => {
  it('the formula with every sign pattern over three variables is unsatisfiable, and does not match', () => {
    const formula = Array.from({ length: 8 }, (_, bits) =>
      [0, 1, 2].map((variable) => ({ variable, positive: ((bits >> variable) & 1) === 1 })),
    );
    assertDecides(formula, 3);
    // Without one of its clauses it is satisfiable, by the assignment that clause excluded.
    assertDecides(formula.slice(1), 3);
  });

  it('random formulas match exactly when satisfiable, with a satisfying assignment in the witness', () => {
    // About 4.3 clauses per variable is where random 3-SAT turns from satisfiable to not: both
    // answers come up.
    fc.assert(
      fc.property(
        fc
          .integer({ min: 3, max: 5 })
          .chain((variables) =>
            fc.tuple(fc.constant(variables), formulas(variables, { min: 2 * variables, max: 6 * variables })),
          ),
        ([variables, formula]) => assertDecides(formula, variables),
      ),
      { numRuns: 80 },
    );
  });
});
