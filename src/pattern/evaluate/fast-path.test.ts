// The shortcuts of matchPattern against its general path: a single bracket against a single
// observation skips the solver, predicates are built once per comparison node, and observations
// prepared once serve many patterns. Each must give exactly what the general path gives.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Pattern } from '../ast.js';
import {
  comparisons,
  observation,
  observationArbitrary,
  parsed,
  singleObservationPattern,
} from '../compile/arbitraries.js';
import { printPattern } from '../print.js';
import { PatternEvaluationError } from './errors.js';
import { matchPattern, matchPrepared, solveMatch } from './match.js';
import { PreparedObservations } from './prepared.js';

const singleBracket = comparisons.map((comparison) => `[${comparison}]`);

describe('matchPattern shortcuts', () => {
  it('matches a single bracket against one observation as the solver does', () => {
    let matched = 0;
    fc.assert(
      fc.property(singleBracket, observationArbitrary, (text, seen) => {
        const fast = matchPattern(parsed(text), [seen]);
        const general = solveMatch(parsed(text), new PreparedObservations([seen]));
        if (fast !== undefined) matched++;
        assert.deepEqual(fast, general);
      }),
      { numRuns: 2000 },
    );
    assert.ok(matched > 100, `only ${matched} matches`);
  });

  it('gives the same answers when a tree and a prepared observation are reused', () => {
    fc.assert(
      fc.property(
        fc.array(singleObservationPattern, { minLength: 1, maxLength: 6 }),
        fc.array(observationArbitrary, { minLength: 1, maxLength: 4 }),
        (patterns, observations) => {
          const texts = patterns.map(printPattern);
          // Each tree is reused for every observation; a fresh one has no predicates or plans yet.
          const reused = texts.map(parsed);
          for (const seen of observations) {
            const prepared = new PreparedObservations([seen]);
            texts.forEach((text, i) => {
              const fresh = parsed(text);
              assert.deepEqual(matchPrepared(reused[i] as Pattern, prepared), matchPattern(fresh, [seen]));
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports a rejected regular expression on every call, whatever the observation holds', () => {
    const pattern = parsed("[process:name MATCHES '(a)\\\\1']");
    const withProcess = observation({ '0': { type: 'process', id: 'process--1', name: 'aa' } }, 0);
    const without = observation({ '0': { type: 'mutex', id: 'mutex--1', name: 'm1' } }, 0);
    for (const seen of [withProcess, without, withProcess]) {
      assert.throws(
        () => matchPattern(pattern, [seen]),
        (error: unknown) => error instanceof PatternEvaluationError && error.code === 'unsupported-regex',
      );
    }
  });
});
