// The brackets outside the WITHIN of the copies sweep.ts places, on either edge of a timed part.
// A tail, the `[c]` of `((a FOLLOWEDBY b) WITHIN 2 SECONDS FOLLOWEDBY [c])`, is bounded only from
// below: of threshold τ (the latest first_observed on its constraints' early side, less their
// offset), it takes any instance of its type whose last_observed >= τ. A head, the `[c]` of
// `[c] FOLLOWEDBY ((a FOLLOWEDBY b) WITHIN 2 SECONDS)`, is bounded only from above: of threshold θ
// (the earliest last_observed on its constraints' late side, plus their offset), it takes any
// instance of its type whose first_observed <= θ. Neither is placed with its copy, wherever in
// time it lies: they are counted against the instances no copy uses, and matched at the end.
//
// Tails (heads) whose brackets accept the same observations are of one type. One supply serves
// the types whose observations overlap, each type an axis of a grid: tails of two brackets that
// share some observations but not all are two axes. A set of tails and heads can reach exactly the
// instances N = ∪ over its types t of {type t, last >= T_t} (a tail type, T_t its lowest τ) or
// {type t, first <= Θ_t} (a head type, Θ_t its highest θ). Adding the other tails of type t with
// τ >= T_t (heads with θ <= Θ_t) keeps N and only adds demand, so by Hall's theorem all can be
// served exactly when, for every cell, one threshold per axis (or none: +∞ for a tail type, -∞
// for a head type), slack = free instances in N - Σ_t tails of t (τ >= T_t) - Σ_t heads of t (θ <=
// Θ_t) >= 0. Thresholds per axis are the observations' times shifted by the offsets, so a grid of
// k axes has O(n^k) cells, k fixed by the pattern. Placing a copy only lowers slack, so a negative
// slack prunes at once.
//
// What the sweep still has to place from its position p on (P = first_observed at p, L_t = P less
// the largest offset of tail type t) lowers slack alike over whole classes of cells: its copies
// use instances with first and last >= P, its tails of type t have τ >= L_t and its heads θ >= P.
// Along a tail axis every T_t <= L_t counts each tail of t to come and each instance of t it
// takes, whatever T_t; along a head axis no Θ_t < P counts a head to come or an instance it takes.
// So the classes are the products of, per axis, its low thresholds together (T_t <= L_t, Θ_t < P)
// or one other threshold alone. The future lowers no cell by more than the tails, heads and
// instances it places (eventsLeft), and can complete the match exactly when every class's least
// slack is at least what it takes from the class, so the state (stateAt) is each class's least
// slack, any value at or above eventsLeft serving alike.

import { allocate } from './flow.js';
import { compareInstants, lowerBound, upperBound } from './sorted-instants.js';
import type { Instant } from './time.js';

/** One tail or head unit of a placed copy: its axis in the supply, the slot it fills, its threshold. */
export interface EdgeDemand {
  axis: number;
  slot: number;
  threshold: Instant;
}

/** A type of tails or heads: the observations it accepts and the offsets of its constraints. */
export interface EdgeAxis {
  /** Per position: whether its observation may fill a tail, or head, of this type. */
  fits: Uint8Array;
  isTail: boolean;
  offsets: readonly bigint[];
}

/** Cells read or updated per step of the work budget. */
const CELLS_PER_STEP = 16;

/** Cells of slack at most: each update and each state reads a share of them. */
export const MAX_CELLS = 40_000;

export class EdgeSupply {
  /**
   * Per axis, every threshold it may have, ascending. A tail axis's index i is T = values[i], its
   * last index T = +∞; a head axis's index 0 is Θ = -∞, index j > 0 is Θ = values[j - 1].
   */
  private readonly values: Instant[][];
  /** Per axis, its indices: values.length + 1. */
  private readonly sizes: number[];
  /** Per axis, the distance between neighbouring cells along it. */
  private readonly strides: number[];
  private readonly slack: Int32Array;
  /** Cells whose slack is negative now. */
  private negative = 0;
  /** Per axis, the largest offset of a tail axis (L_t is P less this), 0 for a head axis. */
  private readonly lookBack: bigint[];
  /** Scratch: per axis, the index range a box update spans. */
  private readonly from: Int32Array;
  private readonly to: Int32Array;

  constructor(
    private readonly axes: readonly EdgeAxis[],
    private readonly first: readonly Instant[],
    private readonly last: readonly Instant[],
    capacity: Int32Array,
    private readonly spend: (work: number) => void,
  ) {
    this.values = axes.map(({ isTail, offsets }) =>
      [
        ...new Set(
          offsets.flatMap((offset) => (isTail ? first.map((f) => f - offset) : last.map((l) => l + offset))),
        ),
      ].sort(compareInstants),
    );
    this.sizes = this.values.map((values) => values.length + 1);
    this.strides = this.sizes.map(() => 1);
    for (let a = axes.length - 2; a >= 0; a--) {
      this.strides[a] = (this.strides[a + 1] as number) * (this.sizes[a + 1] as number);
    }
    this.lookBack = axes.map(({ isTail, offsets }) => {
      let most = 0n;
      if (isTail) for (const offset of offsets) if (offset > most) most = offset;
      return most;
    });
    this.from = new Int32Array(axes.length);
    this.to = new Int32Array(axes.length);
    this.slack = new Int32Array(this.sizes.reduce((cells, size) => cells * size, 1));
    for (const [q, instances] of capacity.entries()) this.use(q, -instances);
  }

  /** Cells of a supply whose axes have these many thresholds: sweep.ts refuses too many. */
  static cells(thresholds: readonly number[]): number {
    return thresholds.reduce((cells, n) => cells * (n + 1), 1);
  }

  /**
   * Charges the budget for reading or updating `cells` cells: one typed-array step each, about
   * 2 ns (measured on a 31 x 31 grid), where the budget's other steps cost tens of nanoseconds.
   */
  private spendCells(cells: number): void {
    this.spend(Math.ceil(cells / CELLS_PER_STEP));
  }

  /** Whether no cell has more tails and heads than free instances. */
  get holds(): boolean {
    return this.negative === 0;
  }

  /**
   * The indices of axis a at which an instance, or a demand, at this time counts: for a tail axis
   * the thresholds at most `time` (a last_observed, or a tail's τ), for a head axis those at
   * least `time` (a first_observed, or a head's θ).
   */
  private counting(a: number, time: Instant): [from: number, to: number] {
    const values = this.values[a] as Instant[];
    return (this.axes[a] as EdgeAxis).isTail
      ? [0, upperBound(values, time)]
      : [1 + lowerBound(values, time), values.length + 1];
  }

  /** A copy takes (amount > 0) or gives back `amount` instances at position q. */
  use(q: number, amount: number): void {
    // The cells counting q, as disjoint boxes: the i-th axis q fits where q counts on it, the axes
    // q fits before it where q does not, the others whole. A take touches only the cells it lowers.
    this.selectAll();
    this.axes.forEach((axis, a) => {
      if (axis.fits[q] !== 1) return;
      const [from, to] = this.counting(
        a,
        axis.isTail ? (this.last[q] as Instant) : (this.first[q] as Instant),
      );
      this.from[a] = from;
      this.to[a] = to;
      this.lowerBox(amount);
      // Where q does not count: the complement of a prefix (tail) or a suffix (head).
      [this.from[a], this.to[a]] = axis.isTail ? [to, this.sizes[a] as number] : [0, from];
    });
  }

  /** A copy adds (amount > 0) or withdraws tail or head units of axis a of this threshold. */
  demand(a: number, threshold: Instant, amount: number): void {
    this.selectAll();
    [this.from[a], this.to[a]] = this.counting(a, threshold);
    this.lowerBox(amount);
  }

  /** Sets the box of the next update to the whole grid. */
  private selectAll(): void {
    this.from.fill(0);
    this.to.set(this.sizes);
  }

  /** Lowers the slack of the cells in the box this.from x this.to, counting cells gone negative. */
  private lowerBox(amount: number): void {
    let cells = 1;
    for (let a = 0; a < this.axes.length; a++)
      cells *= Math.max(0, (this.to[a] as number) - (this.from[a] as number));
    if (cells === 0) return;
    this.spendCells(cells);
    const innermost = this.axes.length - 1;
    const walk = (a: number, base: number): void => {
      const stride = this.strides[a] as number;
      const end = base + (this.to[a] as number) * stride;
      if (a === innermost) {
        for (let cell = base + (this.from[a] as number); cell < end; cell++) {
          const before = this.slack[cell] as number;
          const after = before - amount;
          this.slack[cell] = after;
          this.negative += Number(after < 0) - Number(before < 0);
        }
        return;
      }
      for (let cell = base + (this.from[a] as number) * stride; cell < end; cell += stride) walk(a + 1, cell);
    };
    walk(0, 0);
  }

  /**
   * What the sweep from the instant `at` (first_observed at its position) on depends on, as text;
   * undefined when the tail and head units still to come (`left`, per axis) cannot all be served.
   * `eventsLeft` bounds how much the copies still to come can lower any cell. The copies to come
   * also place `unitsLeft` instances, from the sweep's position on: those fitting some axis at its
   * low thresholds count there too, so all but the free instances from the position on that fit no
   * axis of such a set lower the cells of its classes. `placeable(axes)` gives, per set m of the
   * axes in `axes` (bit a for axis a), the free instances from the position on that the copies to
   * come may take and that fit exactly the axes of m among `axes`; it is asked at most once, and
   * only when some class has tail axes at their low thresholds.
   */
  stateAt(
    at: Instant,
    left: readonly number[],
    eventsLeft: number,
    unitsLeft: number,
    placeable: (axes: number) => Float64Array,
  ): string | undefined {
    // Per axis: the indices below `low` form class 0, each other index a class of its own.
    const lows = this.axes.map((axis, a) =>
      axis.isTail
        ? upperBound(this.values[a] as Instant[], at - (this.lookBack[a] as bigint))
        : 1 + lowerBound(this.values[a] as Instant[], at),
    );
    const classCounts = this.sizes.map((size, a) => 1 + size - (lows[a] as number));
    const classStrides = classCounts.map(() => 1);
    for (let a = this.axes.length - 2; a >= 0; a--) {
      classStrides[a] = (classStrides[a + 1] as number) * (classCounts[a + 1] as number);
    }
    const least = new Float64Array(classCounts.reduce((classes, count) => classes * count, 1)).fill(
      Number.POSITIVE_INFINITY,
    );
    this.spendCells(this.slack.length + least.length);
    const classOf = (a: number, i: number): number => Math.max(0, i - (lows[a] as number) + 1);
    const innermost = this.axes.length - 1;
    const walk = (a: number, cellBase: number, classBase: number): void => {
      const stride = this.strides[a] as number;
      const classStride = classStrides[a] as number;
      for (let i = 0; i < (this.sizes[a] as number); i++) {
        const cell = cellBase + i * stride;
        const klass = classBase + classOf(a, i) * classStride;
        if (a === innermost) least[klass] = Math.min(least[klass] as number, this.slack[cell] as number);
        else walk(a + 1, cell, klass);
      }
    };
    walk(0, 0, 0);
    // Tail axes with low thresholds: the sets of them are all `outside` is asked about.
    let lowTailAxes = 0;
    this.axes.forEach((axis, a) => {
      if (axis.isTail && (lows[a] as number) > 0) lowTailAxes |= 1 << a;
    });
    let byFit: Float64Array | undefined;
    const outsideBySet = new Map<number, number>();
    // The free instances the copies to come may take that fit no axis of the set.
    const outside = (set: number): number => {
      let count = outsideBySet.get(set);
      if (count !== undefined) return count;
      byFit ??= placeable(lowTailAxes);
      count = 0;
      const others = lowTailAxes & ~set;
      for (let m = others; ; m = (m - 1) & others) {
        count += byFit[m] as number;
        if (m === 0) break;
      }
      outsideBySet.set(set, count);
      return count;
    };
    const classes: number[] = [];
    for (let klass = 0; klass < least.length; klass++) {
      const value = least[klass] as number;
      if (value === Number.POSITIVE_INFINITY) continue;
      // What the future surely takes from the class: every tail to come of an axis at its low
      // thresholds, every head to come of an axis at its last threshold. A class no copy to come
      // can lower (every tail axis at +∞, every head axis low) is left out: holds covers it.
      let floor = 0;
      let lowered = false;
      let lowTails = 0;
      let rest = klass;
      for (let a = 0; a < this.axes.length; a++) {
        const c = Math.floor(rest / (classStrides[a] as number));
        rest -= c * (classStrides[a] as number);
        const lastClass = (classCounts[a] as number) - 1;
        if ((this.axes[a] as EdgeAxis).isTail) {
          if (c === 0) {
            floor += left[a] as number;
            lowTails |= 1 << a;
          }
          if (c !== lastClass) lowered = true;
        } else {
          if (c === lastClass && c > 0) floor += left[a] as number;
          if (c > 0) lowered = true;
        }
      }
      if (!lowered) continue;
      if (lowTails !== 0 && unitsLeft > 0) floor += Math.max(0, unitsLeft - outside(lowTails));
      if (value < floor) return undefined;
      classes.push(Math.min(value, eventsLeft));
    }
    // A class costs more than a cell read: its push, its digits in the key.
    this.spend(classes.length);
    return classes.join(',');
  }

  /**
   * Serves the tails and heads from the instances free at each position, once slack holds: a
   * b-matching from demands of one axis and threshold to the instances that reach them. Returns
   * [slot, position] per unit.
   */
  serve(units: readonly EdgeDemand[], free: Int32Array): Array<[slot: number, position: number]> {
    const demands: Array<{ axis: number; threshold: Instant; units: EdgeDemand[] }> = [];
    const byKey = new Map<string, EdgeDemand[]>();
    for (const unit of units) {
      const key = `${unit.axis}|${unit.threshold}`;
      let list = byKey.get(key);
      if (list === undefined) {
        list = [];
        byKey.set(key, list);
        demands.push({ axis: unit.axis, threshold: unit.threshold, units: list });
      }
      list.push(unit);
    }
    const reaches = (q: number, d: (typeof demands)[number]): boolean => {
      const axis = this.axes[d.axis] as EdgeAxis;
      if (axis.fits[q] !== 1) return false;
      return axis.isTail
        ? (this.last[q] as Instant) >= d.threshold
        : (this.first[q] as Instant) <= d.threshold;
    };
    const positions = [...free.keys()].filter(
      (q) => (free[q] as number) > 0 && this.axes.some((axis) => axis.fits[q] === 1),
    );
    const masks = positions.map((q) =>
      demands.reduce((mask, d, i) => (reaches(q, d) ? mask | (1n << BigInt(i)) : mask), 0n),
    );
    const groups = positions.map((q, g) => ({ mask: masks[g] as bigint, capacity: free[q] as number }));
    this.spend(positions.length * demands.length);
    const flow = allocate(
      demands.map((d) => d.units.length),
      groups,
    ) as number[][];
    const fills: Array<[number, number]> = [];
    demands.forEach((d, i) => {
      let next = 0;
      positions.forEach((q, g) => {
        for (let n = (flow[i] as number[])[g] as number; n > 0; n--) {
          fills.push([(d.units[next++] as EdgeDemand).slot, q]);
          free[q] = (free[q] as number) - 1;
        }
      });
    });
    return fills;
  }
}
