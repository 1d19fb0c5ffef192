// EdgeSupply decides by Hall's condition over its grid whether tails and heads of several types
// can all be served; here it is held to the b-matching itself (flow.ts), on random supplies of one
// to three types whose observations overlap, with updates applied and withdrawn as the sweep does,
// and its witness is checked. The state it gives the sweep (stateAt) is held to the b-matching too,
// over random futures of the form the sweep places.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type EdgeAxis, type EdgeDemand, EdgeSupply } from './edge-supply.js';
import { allocate } from './flow.js';

/** Runs multiplied by this: SOLVE_TEST_SCALE=50 for a long local run (as solve.test.ts). */
const SCALE = Number(process.env.SOLVE_TEST_SCALE ?? '1');

const positionsArbitrary = fc.array(
  fc.record({
    first: fc.integer({ min: 0, max: 6 }),
    length: fc.integer({ min: 0, max: 3 }),
    capacity: fc.integer({ min: 1, max: 2 }),
  }),
  { minLength: 1, maxLength: 8 },
);

const axesArbitrary = fc.array(
  fc.record({ isTail: fc.boolean(), offsets: fc.constantFrom([0n], [1n], [0n, 2n]), seed: fc.nat() }),
  { minLength: 1, maxLength: 3 },
);

/** A tail or head unit drawn as numbers, made a demand by `unitOf`. */
const unitArbitrary = fc.record({ axis: fc.nat(), position: fc.nat(), offset: fc.nat() });

const takeArbitrary = fc.record({ position: fc.nat(), amount: fc.integer({ min: 1, max: 2 }) });

interface Geometry {
  first: bigint[];
  last: bigint[];
  capacity: Int32Array;
  edgeAxes: EdgeAxis[];
}

function geometryOf(
  positions: ReadonlyArray<{ first: number; length: number; capacity: number }>,
  axes: ReadonlyArray<{ isTail: boolean; offsets: readonly bigint[]; seed: number }>,
): Geometry {
  // Sorted by first, as the sweep's positions are.
  const sorted = [...positions].sort((a, b) => a.first - b.first);
  return {
    first: sorted.map((p) => BigInt(p.first)),
    last: sorted.map((p) => BigInt(p.first + p.length)),
    capacity: Int32Array.from(sorted, (p) => p.capacity),
    edgeAxes: axes.map(({ isTail, offsets, seed }) => ({
      isTail,
      offsets,
      // Each type fits a pseudo-random half or so of the positions: types overlap without agreeing.
      fits: Uint8Array.from(sorted, (_, q) => ((seed >> q) & 1) | Number(q % 3 === seed % 3)),
    })),
  };
}

/**
 * A threshold as a copy's would be: a first less an offset (tails), a last plus an offset
 * (heads), of a position from `from` on.
 */
function unitOf(
  { first, last, edgeAxes }: Geometry,
  { axis, position, offset }: { axis: number; position: number; offset: number },
  slot: number,
  from = 0,
): EdgeDemand {
  const a = axis % edgeAxes.length;
  const { isTail, offsets } = edgeAxes[a] as EdgeAxis;
  const q = from + (position % (first.length - from));
  const shift = offsets[offset % offsets.length] as bigint;
  return { axis: a, slot, threshold: isTail ? (first[q] as bigint) - shift : (last[q] as bigint) + shift };
}

function reaches({ first, last, edgeAxes }: Geometry, q: number, unit: EdgeDemand): boolean {
  const axis = edgeAxes[unit.axis] as EdgeAxis;
  if (axis.fits[q] !== 1) return false;
  return axis.isTail ? (last[q] as bigint) >= unit.threshold : (first[q] as bigint) <= unit.threshold;
}

/** Whether the b-matching serves every unit from the free instances. */
function servable(geometry: Geometry, units: readonly EdgeDemand[], free: Int32Array): boolean {
  const groups = [...free.keys()].map((q) => ({
    mask: units.reduce((mask, unit, i) => (reaches(geometry, q, unit) ? mask | (1n << BigInt(i)) : mask), 0n),
    capacity: free[q] as number,
  }));
  return (
    allocate(
      units.map(() => 1),
      groups,
    ) !== undefined
  );
}

/** A supply with these instances taken and these units demanded. */
function supplyOf(geometry: Geometry, free: Int32Array, units: readonly EdgeDemand[]): EdgeSupply {
  const { first, last, capacity, edgeAxes } = geometry;
  const supply = new EdgeSupply(edgeAxes, first, last, capacity, () => {});
  free.forEach((left, q) => {
    const taken = (capacity[q] as number) - left;
    if (taken > 0) supply.use(q, taken);
  });
  for (const unit of units) supply.demand(unit.axis, unit.threshold, 1);
  return supply;
}

/** A step applied and withdrawn: a unit demanded, or instances taken at q. */
type Step = { unit: EdgeDemand } | { q: number; amount: number };

const supplies = fc
  .record({
    positions: positionsArbitrary,
    axes: axesArbitrary,
    demands: fc.array(unitArbitrary, { maxLength: 8 }),
    used: fc.array(takeArbitrary, { maxLength: 3 }),
    // What is applied and withdrawn again before the check, as the sweep backtracks.
    withdrawn: fc.array(fc.oneof(unitArbitrary, takeArbitrary), { maxLength: 6 }),
  })
  .map(({ positions, axes, demands, used, withdrawn }) => {
    const geometry = geometryOf(positions, axes);
    const units = demands.map((demand, slot) => unitOf(geometry, demand, slot));
    const taken = used.map(({ position, amount }) => ({ q: position % geometry.first.length, amount }));
    const undone = withdrawn.map(
      (step): Step =>
        'axis' in step
          ? { unit: unitOf(geometry, step, -1) }
          : { q: step.position % geometry.first.length, amount: step.amount },
    );
    return { geometry, units, taken, undone };
  });

/**
 * A state of the sweep at position p: the instances ahead of p that copies anchored behind it
 * took (shared: the sweep's key holds them), pasts that differ behind p and in the tails and heads
 * placed, and futures drawn as the sweep makes them.
 */
const states = fc
  .record({
    positions: positionsArbitrary,
    axes: axesArbitrary,
    p: fc.nat(),
    placeable: fc.nat(),
    ahead: fc.array(takeArbitrary, { maxLength: 3 }),
    pasts: fc.array(
      fc.record({
        behind: fc.array(takeArbitrary, { maxLength: 3 }),
        units: fc.array(unitArbitrary, { maxLength: 5 }),
      }),
      { minLength: 2, maxLength: 6 },
    ),
    futures: fc.array(
      fc.record({
        taken: fc.array(fc.nat(), { maxLength: 3 }),
        units: fc.array(unitArbitrary, { maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ positions, axes, p: anyP, placeable: seed, ahead, pasts, futures }) => {
    const geometry = geometryOf(positions, axes);
    const n = geometry.first.length;
    const p = anyP % n;
    // Where some copy left fits: the futures' units go there, and only there count as outside.
    const placeable = Uint8Array.from(geometry.first, (_, q) => (seed >> q) & 1);
    const freeAhead = Int32Array.from(geometry.capacity);
    for (const { position, amount } of ahead) {
      const q = p + (position % (n - p));
      freeAhead[q] = Math.max(0, (freeAhead[q] as number) - amount);
    }
    return {
      geometry,
      p,
      placeable,
      freeAhead,
      pasts: pasts.map(({ behind, units }) => {
        const taken = p === 0 ? [] : behind.map(({ position, amount }) => ({ q: position % p, amount }));
        const demands = units.map((unit, slot) => unitOf(geometry, unit, slot));
        const signature = [
          ...taken.map(({ q, amount }) => `${q}:${amount}`),
          ...demands.map(({ axis, threshold }) => `${axis}@${threshold}`),
        ].join(',');
        return { taken, units: demands, signature };
      }),
      futures: futures.map(({ taken, units }) => {
        const left = Int32Array.from(freeAhead);
        const positionsTaken: number[] = [];
        for (const position of taken) {
          const q = p + (position % (n - p));
          if (placeable[q] === 0 || left[q] === 0) continue;
          left[q] = (left[q] as number) - 1;
          positionsTaken.push(q);
        }
        return {
          taken: positionsTaken,
          units: units.map((unit, slot) => unitOf(geometry, unit, 100 + slot, p)),
        };
      }),
    };
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

  it('holds exactly when the tails and heads can be served, after steps withdrawn, and serves them', () => {
    let held = 0;
    let failed = 0;
    let flipped = 0;
    fc.assert(
      fc.property(supplies, ({ geometry, units, taken, undone }) => {
        const free = Int32Array.from(geometry.capacity);
        for (const { q, amount } of taken) free[q] = Math.max(0, (free[q] as number) - amount);
        const supply = supplyOf(geometry, free, units);
        const before = servable(geometry, units, free);
        // Steps applied, then withdrawn last first, as the sweep backtracks: holds must follow
        // both ways (the count of negative cells rises and falls with them).
        const extraFree = Int32Array.from(free);
        const extraUnits = [...units];
        // Per step, the instances it took: as many as were free.
        const applied = undone.map((step) => {
          if ('unit' in step) {
            supply.demand(step.unit.axis, step.unit.threshold, 1);
            extraUnits.push(step.unit);
            return 0;
          }
          const amount = Math.min(step.amount, extraFree[step.q] as number);
          if (amount > 0) supply.use(step.q, amount);
          extraFree[step.q] = (extraFree[step.q] as number) - amount;
          return amount;
        });
        const during = servable(geometry, extraUnits, extraFree);
        assert.equal(supply.holds, during);
        if (during !== before) flipped++;
        for (let i = undone.length - 1; i >= 0; i--) {
          const step = undone[i] as Step;
          const amount = applied[i] as number;
          if ('unit' in step) supply.demand(step.unit.axis, step.unit.threshold, -1);
          else if (amount > 0) supply.use(step.q, -amount);
        }
        assert.equal(supply.holds, before);
        if (before) held++;
        else failed++;
        if (!before) return;
        const fills = supply.serve(units, Int32Array.from(free));
        assert.equal(fills.length, units.length);
        const uses = new Map<number, number>();
        for (const [slot, q] of fills) {
          assert.ok(reaches(geometry, q, units[slot] as EdgeDemand));
          uses.set(q, (uses.get(q) ?? 0) + 1);
        }
        for (const [q, count] of uses) assert.ok(count <= (free[q] as number));
      }),
      { numRuns: 2000 * SCALE },
    );
    assert.ok(held > 200 && failed > 200, `${held} held, ${failed} did not`);
    assert.ok(flipped > 100, `${flipped} changed their answer under the steps withdrawn`);
  });

  // The sweep, at position p, keys its state on stateAt and gives up on undefined. From p on it
  // places copies whose units take free instances at p or later (where some copy left fits), whose
  // tails have thresholds >= L_t and heads >= P. Pasts that hold and futures of that form are
  // drawn; the b-matching over everything decides each pair.
  it('keys the state so that the futures decide alike, and prunes none that can be served', () => {
    let served = 0;
    let pruned = 0;
    let shared = 0;
    fc.assert(
      fc.property(states, ({ geometry, p, placeable, freeAhead, pasts, futures }) => {
        const { first, edgeAxes } = geometry;
        const n = first.length;
        // Per set m of the axes asked about: the free instances from p on where copies fit, that
        // fit exactly the axes of m among them.
        const placeableAhead = (axes: number): Float64Array => {
          const byFit = new Float64Array(1 << edgeAxes.length);
          for (let q = p; q < n; q++) {
            if (placeable[q] === 0) continue;
            const fit = edgeAxes.reduce((mask, axis, a) => (axis.fits[q] === 1 ? mask | (1 << a) : mask), 0);
            byFit[fit & axes] = (byFit[fit & axes] as number) + (freeAhead[q] as number);
          }
          return byFit;
        };
        const outcomes = new Map<string, { outcome: boolean; past: number }>();
        pasts.forEach((past, pastIndex) => {
          const free = Int32Array.from(freeAhead);
          for (const { q, amount } of past.taken) free[q] = Math.max(0, (free[q] as number) - amount);
          const supply = supplyOf(geometry, free, past.units);
          // The sweep reads the state only while the placed copies' tails and heads can be served.
          if (!supply.holds) return;
          futures.forEach((future, futureIndex) => {
            const left = edgeAxes.map((_, a) => future.units.filter((unit) => unit.axis === a).length);
            const unitsLeft = future.taken.length;
            const eventsLeft = unitsLeft + future.units.length;
            const key = supply.stateAt(first[p] as bigint, left, eventsLeft, unitsLeft, placeableAhead);
            const after = Int32Array.from(free);
            for (const q of future.taken) after[q] = (after[q] as number) - 1;
            const outcome = servable(geometry, [...past.units, ...future.units], after);
            if (outcome) {
              served++;
              assert.notEqual(key, undefined, 'a state that can be served is pruned');
            }
            if (key === undefined) {
              pruned++;
              return;
            }
            const seen = outcomes.get(`${futureIndex}|${key}`);
            if (seen === undefined) outcomes.set(`${futureIndex}|${key}`, { outcome, past: pastIndex });
            else {
              assert.equal(outcome, seen.outcome, `pasts ${seen.past} and ${pastIndex} share key ${key}`);
              if (pasts[seen.past]?.signature !== past.signature) shared++;
            }
          });
        });
      }),
      { numRuns: 2000 * SCALE },
    );
    assert.ok(served > 500 && pruned > 100, `${served} served, ${pruned} pruned`);
    assert.ok(shared > 500, `${shared} keys shared by different pasts`);
  });
});
