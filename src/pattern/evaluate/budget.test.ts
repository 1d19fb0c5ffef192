import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkBudget } from './budget.js';
import { PatternEvaluationError } from './errors.js';

const span = { start: 0, end: 10 };

describe('WorkBudget.share', () => {
  it("gives a solver its share and says 'undecided' when it spends more, leaving the rest", () => {
    const budget = new WorkBudget(span);
    const before = budget.left;
    const result = budget.share(0.25, () => {
      for (;;) budget.spend(1_000);
    });
    assert.equal(result, 'undecided');
    // A quarter spent, give or take the last step; three quarters left for the next solver.
    assert.ok(budget.left >= before * 0.75 - 1_000 && budget.left <= before * 0.75, String(budget.left));
  });

  it('returns what the solver returns when it stays within its share', () => {
    const budget = new WorkBudget(span);
    assert.equal(
      budget.share(0.5, () => {
        budget.spend(10);
        return 'found';
      }),
      'found',
    );
  });

  it('lets the enclosing share give up when an inner one spends past both', () => {
    const budget = new WorkBudget(span);
    let inner: unknown;
    const outer = budget.share(0.1, () => {
      inner = budget.share(0.9, () => {
        for (;;) budget.spend(1_000);
      });
      return 'outer went on';
    });
    // The inner share ends where the outer one does: the outer solver gives up, not the inner.
    assert.equal(inner, undefined);
    assert.equal(outer, 'undecided');
  });

  it('still reports too-complex when the whole budget is spent', () => {
    const budget = new WorkBudget(span);
    assert.throws(
      () => budget.spend(budget.left + 1),
      (error: unknown) => error instanceof PatternEvaluationError && error.code === 'too-complex',
    );
  });
});
