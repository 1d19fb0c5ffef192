// EdgeSupply decides by Hall's condition over its grid whether tails and heads of several types
// can all be served; here it is held to the b-matching itself (flow.ts), on random supplies of one
// to three types whose observations overlap, and its witness is checked.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type EdgeAxis, type EdgeDemand, EdgeSupply } from './edge-supply.js';
import { allocate } from './flow.js';

/** Runs multiplied by this: SOLVE_TEST_SCALE=50 for a long local run (as solve.test.ts). */
const SCALE = Number(process.env.SOLVE_TEST_SCALE ?? '1');

const supplies = fc
  .record({
    positions: fc.array(
      fc.record({
        first: fc.integer({ min: 0, max: 6 }),
        length: fc.integer({ min: 0, max: 3 }),
        capacity: fc.integer({ min: 1, max: 2 }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    axes: fc.array(
      fc.record({ isTail: fc.boolean(), offsets: fc.constantFrom([0n], [1n], [0n, 2n]), seed: fc.nat() }),
      { minLength: 1, maxLength: 3 },
    ),
    demands: fc.array(fc.record({ axis: fc.nat(), position: fc.nat(), offset: fc.nat() }), { maxLength: 8 }),
    used: fc.array(fc.record({ position: fc.nat(), amount: fc.integer({ min: 1, max: 2 }) }), {
      maxLength: 3,
    }),
  })
  .map(({ positions, axes, demands, used }) => {
    // Sorted by first, as the sweep's positions are.
    const sorted = [...positions].sort((a, b) => a.first - b.first);
    const first = sorted.map((p) => BigInt(p.first));
    const last = sorted.map((p) => BigInt(p.first + p.length));
    const capacity = Int32Array.from(sorted, (p) => p.capacity);
    const edgeAxes: EdgeAxis[] = axes.map(({ isTail, offsets, seed }) => ({
      isTail,
      offsets,
      // Each type fits a pseudo-random half or so of the positions: types overlap without agreeing.
      fits: Uint8Array.from(sorted, (_, q) => ((seed >> q) & 1) | Number(q % 3 === seed % 3)),
    }));
    // Thresholds as a copy's would be: a first less an offset (tails), a last plus an offset (heads).
    const units = demands.map(({ axis, position, offset }, slot): EdgeDemand => {
      const a = axis % edgeAxes.length;
      const { isTail, offsets } = edgeAxes[a] as EdgeAxis;
      const q = position % sorted.length;
      const shift = offsets[offset % offsets.length] as bigint;
      return {
        axis: a,
        slot,
        threshold: isTail ? (first[q] as bigint) - shift : (last[q] as bigint) + shift,
      };
    });
    const taken = used.map(({ position, amount }) => ({ q: position % sorted.length, amount }));
    return { first, last, capacity, edgeAxes, units, taken };
  });

describe('EdgeSupply', () => {
  it('takes a threshold per type, not one shared by a set of types', () => {
    // y (time 0) fits only [a OR b]; x (time 10) fits it and [a]. A tail of [a OR b] from 10 and a
    // tail of [a] from 0 both need x, which every shared threshold misses.
    const supply = new EdgeSupply(
      [
        { fits: Uint8Array.of(1, 1), isTail: true, offsets: [0n] },
        { fits: Uint8Array.of(0, 1), isTail: true, offsets: [0n] },
      ],
      [0n, 10n],
      [0n, 10n],
      Int32Array.of(1, 1),
      () => {},
    );
    supply.demand(0, 10n, 1);
    assert.equal(supply.holds, true);
    supply.demand(1, 0n, 1);
    assert.equal(supply.holds, false);
  });

  it('holds exactly when the tails and heads can be served, and serves them', () => {
    let held = 0;
    let failed = 0;
    fc.assert(
      fc.property(supplies, ({ first, last, capacity, edgeAxes, units, taken }) => {
        const free = Int32Array.from(capacity);
        for (const { q, amount } of taken) free[q] = Math.max(0, (free[q] as number) - amount);
        const supply = new EdgeSupply(edgeAxes, first, last, capacity, () => {});
        for (const [q, amount] of [...free.keys()].map((q) => [
          q,
          (capacity[q] as number) - (free[q] as number),
        ])) {
          if ((amount as number) > 0) supply.use(q as number, amount as number);
        }
        for (const unit of units) supply.demand(unit.axis, unit.threshold, 1);
        const reaches = (q: number, unit: EdgeDemand): boolean => {
          const axis = edgeAxes[unit.axis] as EdgeAxis;
          if (axis.fits[q] !== 1) return false;
          return axis.isTail ? (last[q] as bigint) >= unit.threshold : (first[q] as bigint) <= unit.threshold;
        };
        const groups = [...free.keys()].map((q) => ({
          mask: units.reduce((mask, unit, i) => (reaches(q, unit) ? mask | (1n << BigInt(i)) : mask), 0n),
          capacity: free[q] as number,
        }));
        const servable =
          allocate(
            units.map(() => 1),
            groups,
          ) !== undefined;
        assert.equal(supply.holds, servable);
        if (servable) held++;
        else failed++;
        if (!servable) return;
        const fills = supply.serve(units, Int32Array.from(free));
        assert.equal(fills.length, units.length);
        const uses = new Map<number, number>();
        for (const [slot, q] of fills) {
          assert.ok(reaches(q, units[slot] as EdgeDemand));
          uses.set(q, (uses.get(q) ?? 0) + 1);
        }
        for (const [q, count] of uses) assert.ok(count <= (free[q] as number));
      }),
      { numRuns: 2000 * SCALE },
    );
    assert.ok(held > 200 && failed > 200, `${held} held, ${failed} did not`);
  });
});
