// The brackets outside the WITHIN of the copies sweep.ts places, on either edge of a timed part.
// A tail, the `[c]` of `((a FOLLOWEDBY b) WITHIN 2 SECONDS FOLLOWEDBY [c])`, is bounded only from
// below: of threshold τ (the latest first_observed on its constraints' early side, less their
// offset), it takes any instance of its type whose last_observed >= τ. A head, the `[c]` of
// `[c] FOLLOWEDBY ((a FOLLOWEDBY b) WITHIN 2 SECONDS)`, is bounded only from above: of threshold θ
// (the earliest last_observed on its constraints' late side, plus their offset), it takes any
// instance of its type whose first_observed <= θ. Neither is placed with its copy, wherever in
// time it lies: they are counted against the instances no copy uses, and matched at the end.
//
// One supply serves one tail type and one head type (either may be missing) whose observations
// no other supply's take. A set of tails and heads can reach exactly the instances N(T, Θ) =
// {tail type, last >= T} ∪ {head type, first <= Θ}, T its lowest τ, Θ its highest θ, so by Hall's
// theorem all can be served exactly when, for every T (or none: +∞) and Θ (or none: -∞),
// slack(T, Θ) = free instances in N(T, Θ) - tails(τ >= T) - heads(θ <= Θ) >= 0. Placing a copy
// only lowers slack, so a negative slack prunes at once.
//
// What the sweep still has to place from its position p on (P = first_observed at p, L = P less
// the largest tail offset) lowers slack alike over whole classes of cells: its copies use
// instances with first and last >= P, its tails have τ >= L and its heads θ >= P. At T <= L each
// of its tails and of the instances it takes of the tail type counts whatever T, and at Θ < P none
// of its heads nor of the instances it takes counts through the head side. So the future lowers
// alike every cell with T <= L and Θ < P, every cell with T <= L of one Θ >= P, every cell with
// Θ < P of one T > L; cells with T > L and Θ >= P are classes of their own. It lowers no cell by
// more than the tails, heads and instances it places (eventsLeft). The future can complete the
// match exactly when every class's least slack is at least what it takes from the class, so the
// state (stateAt) is each class's least slack, any value at or above eventsLeft serving alike.

import { allocate } from './flow.js';
import { compareInstants, lowerBound, upperBound } from './sorted-instants.js';
import type { Instant } from './time.js';

/** One tail or head unit of a placed copy: the slot it fills and its threshold. */
export interface EdgeDemand {
  slot: number;
  threshold: Instant;
}

/** Cells read or updated per step of the work budget. */
const CELLS_PER_STEP = 16;

/** Cells of slack at most: each update and each state reads a share of them. */
export const MAX_CELLS = 40_000;

export class EdgeSupply {
  /** Every τ a tail may have, ascending: row i is T = tails[i], row tails.length is T = +∞. */
  private readonly tails: Instant[];
  /** Every θ a head may have, ascending: column 0 is Θ = -∞, column j > 0 is Θ = heads[j - 1]. */
  private readonly heads: Instant[];
  private readonly columns: number;
  private readonly slack: Int32Array;
  /** Cells whose slack is negative now. */
  private negative = 0;
  /** L is first_observed at the sweep's position less this. */
  private readonly lookBack: bigint;

  constructor(
    /** Per position: whether its observation may fill a tail, a head of this supply. */
    private readonly tailFits: Uint8Array,
    private readonly headFits: Uint8Array,
    private readonly first: readonly Instant[],
    private readonly last: readonly Instant[],
    capacity: Int32Array,
    tailOffsets: readonly bigint[],
    headOffsets: readonly bigint[],
    private readonly spend: (work: number) => void,
  ) {
    this.tails = [...new Set(tailOffsets.flatMap((offset) => first.map((f) => f - offset)))].sort(
      compareInstants,
    );
    this.heads = [...new Set(headOffsets.flatMap((offset) => last.map((l) => l + offset)))].sort(
      compareInstants,
    );
    let lookBack = 0n;
    for (const offset of tailOffsets) if (offset > lookBack) lookBack = offset;
    this.lookBack = lookBack;
    this.columns = this.heads.length + 1;
    this.slack = new Int32Array((this.tails.length + 1) * this.columns);
    for (const [q, instances] of capacity.entries()) this.use(q, -instances);
  }

  /** Cells of a supply with these many thresholds: sweep.ts refuses too many. */
  static cells(tails: number, heads: number): number {
    return (tails + 1) * (heads + 1);
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

  /** A copy takes (amount > 0) or gives back `amount` instances at position q. */
  use(q: number, amount: number): void {
    const rows = this.tailFits[q] ? upperBound(this.tails, this.last[q] as Instant) : 0;
    const from = this.headFits[q] ? 1 + lowerBound(this.heads, this.first[q] as Instant) : this.columns;
    // Rows with T <= last, whatever Θ; then the other rows' columns with Θ >= first.
    this.lower(0, rows, 0, this.columns, amount);
    this.lower(rows, this.tails.length + 1, from, this.columns, amount);
  }

  /** A copy adds (amount > 0) or withdraws tail units of this threshold. */
  demandTail(threshold: Instant, amount: number): void {
    this.lower(0, upperBound(this.tails, threshold), 0, this.columns, amount);
  }

  /** A copy adds (amount > 0) or withdraws head units of this threshold. */
  demandHead(threshold: Instant, amount: number): void {
    this.lower(0, this.tails.length + 1, 1 + lowerBound(this.heads, threshold), this.columns, amount);
  }

  /** Lowers the slack of rows [top, bottom) x columns [left, right), counting cells gone negative. */
  private lower(top: number, bottom: number, left: number, right: number, amount: number): void {
    if (left >= right) return;
    this.spendCells((bottom - top) * (right - left));
    for (let i = top; i < bottom; i++) {
      for (let cell = i * this.columns + left, end = i * this.columns + right; cell < end; cell++) {
        const before = this.slack[cell] as number;
        const after = before - amount;
        this.slack[cell] = after;
        this.negative += Number(after < 0) - Number(before < 0);
      }
    }
  }

  /**
   * What the sweep from the instant `at` (first_observed at its position) on depends on, as text;
   * undefined when the `tailsLeft` tail and `headsLeft` head units still to come cannot all be
   * served. `eventsLeft` bounds how much the copies still to come can lower any cell.
   */
  stateAt(at: Instant, tailsLeft: number, headsLeft: number, eventsLeft: number): string | undefined {
    const lowRows = upperBound(this.tails, at - this.lookBack);
    const lowColumns = 1 + lowerBound(this.heads, at);
    const rows = this.tails.length + 1;
    this.spendCells(rows * this.columns);
    const least = (top: number, bottom: number, left: number, right: number): number => {
      let value = Number.POSITIVE_INFINITY;
      for (let i = top; i < bottom; i++) {
        for (let j = left; j < right; j++)
          value = Math.min(value, this.slack[i * this.columns + j] as number);
      }
      return value;
    };
    // Each class's least slack against what the future surely takes from it: every tail to come
    // counts on rows T <= L, every head to come on the last column.
    const classes: number[] = [];
    const add = (value: number, floor: number): boolean => {
      if (value < floor) return false;
      classes.push(Math.min(value, eventsLeft));
      return true;
    };
    const lastColumn = this.columns - 1;
    const headFloor = (j: number) => (j === lastColumn ? headsLeft : 0);
    if (lowRows > 0 && !add(least(0, lowRows, 0, lowColumns), tailsLeft)) return undefined;
    for (let j = lowColumns; j < this.columns; j++) {
      if (lowRows > 0 && !add(least(0, lowRows, j, j + 1), tailsLeft + headFloor(j))) return undefined;
    }
    // T > L, and no tail at all (the last row: nothing to come lowers it at Θ < P).
    for (let i = lowRows; i < rows; i++) {
      if (i < rows - 1 && !add(least(i, i + 1, 0, lowColumns), 0)) return undefined;
      for (let j = lowColumns; j < this.columns; j++) {
        if (!add(this.slack[i * this.columns + j] as number, headFloor(j))) return undefined;
      }
    }
    // A class costs more than a cell read: its closure call, its push, its digits in the key.
    this.spend(classes.length);
    return classes.join(',');
  }

  /**
   * Serves the tails and heads from the instances free at each position, once slack holds: a
   * b-matching from demands of one threshold to the instances that reach it. Returns
   * [slot, position] per unit.
   */
  serve(
    tails: readonly EdgeDemand[],
    heads: readonly EdgeDemand[],
    free: Int32Array,
  ): Array<[slot: number, position: number]> {
    const demands: Array<{ tail: boolean; threshold: Instant; units: EdgeDemand[] }> = [];
    const byKey = new Map<string, EdgeDemand[]>();
    for (const [tail, list] of [
      [true, tails],
      [false, heads],
    ] as const) {
      for (const demand of list) {
        const key = `${tail}|${demand.threshold}`;
        let units = byKey.get(key);
        if (units === undefined) {
          units = [];
          byKey.set(key, units);
          demands.push({ tail, threshold: demand.threshold, units });
        }
        units.push(demand);
      }
    }
    const reaches = (q: number, d: (typeof demands)[number]): boolean =>
      d.tail
        ? this.tailFits[q] === 1 && (this.last[q] as Instant) >= d.threshold
        : this.headFits[q] === 1 && (this.first[q] as Instant) <= d.threshold;
    const positions = [...free.keys()].filter(
      (q) => (free[q] as number) > 0 && (this.tailFits[q] === 1 || this.headFits[q] === 1),
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
