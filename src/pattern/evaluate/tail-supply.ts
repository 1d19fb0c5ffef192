// The tails of the copies sweep.ts places: slots of a timed part bounded only from below, as the
// `[c]` of `((a FOLLOWEDBY b) WITHIN 2 SECONDS FOLLOWEDBY [c])`. A tail of threshold τ (the latest
// first_observed on its constraints' early side, less their offset) takes any instance of its type
// whose last_observed >= τ, wherever it lies in time, so tails are not placed with their copies:
// they are counted against the instances no copy uses, and matched at the end.
//
// Which instances can serve a set of tails of one type depends only on its lowest threshold (the
// instances with last >= it), so by Hall's theorem the tails can all be served exactly when, for
// every threshold T, the tails with τ >= T are no more than the free instances with last >= T:
// slack(T) = instances(last >= T) - used by copies(last >= T) - tails(τ >= T) >= 0 for every T.
// Placing a copy only lowers slack, on a prefix of the thresholds (T <= its τ, or <= the last of an
// instance it uses), so a negative slack prunes at once.
//
// What the sweep still has to place, from its position p on, lowers slack by the same amount at
// every T <= L (L = first_observed at p less the largest offset): future copies sit at p or later,
// their tails have τ >= L and the instances they use last >= L. So the future only needs, of the
// slack at T <= L, its minimum, and of the slack above L each value: that is the state (stateAt).

import { compareInstants, upperBound } from './sorted-instants.js';
import type { Instant } from './time.js';

/** One tail unit of a placed copy: the slot it fills and its threshold. */
export interface TailDemand {
  slot: number;
  threshold: Instant;
}

export class TailSupply {
  /** Every threshold a tail may have, ascending: first_observed at a position less an offset. */
  private readonly thresholds: Instant[];
  /** Per threshold: the instances of this type with last >= it. */
  private readonly total: Int32Array;
  private readonly slack: Int32Array;
  /** Thresholds whose slack is negative now. */
  private negative = 0;
  /** L is first_observed at the sweep's position less this. */
  private readonly lookBack: bigint;

  constructor(
    /** Per position: whether its observation may fill a tail of this type. */
    private readonly fits: Uint8Array,
    first: readonly Instant[],
    private readonly last: readonly Instant[],
    capacity: Int32Array,
    offsets: readonly bigint[],
    private readonly spend: (work: number) => void,
  ) {
    this.thresholds = [...new Set(offsets.flatMap((offset) => first.map((f) => f - offset)))].sort(
      compareInstants,
    );
    let lookBack = 0n;
    for (const offset of offsets) if (offset > lookBack) lookBack = offset;
    this.lookBack = lookBack;
    // Instances by the highest threshold they reach, then summed from the highest threshold down.
    this.total = new Int32Array(this.thresholds.length);
    fits.forEach((fit, q) => {
      const highest = upperBound(this.thresholds, last[q] as Instant) - 1;
      if (fit && highest >= 0)
        this.total[highest] = (this.total[highest] as number) + (capacity[q] as number);
    });
    for (let i = this.thresholds.length - 2; i >= 0; i--) {
      this.total[i] = (this.total[i] as number) + (this.total[i + 1] as number);
    }
    this.slack = this.total.slice();
  }

  /** Whether no threshold has more tails than free instances. */
  get holds(): boolean {
    return this.negative === 0;
  }

  /** A copy takes (amount > 0) or gives back `amount` instances at position q. */
  use(q: number, amount: number): void {
    if (this.fits[q]) this.lower(upperBound(this.thresholds, this.last[q] as Instant), amount);
  }

  /** A copy adds (amount > 0) or withdraws tail units of this threshold. */
  demand(threshold: Instant, amount: number): void {
    this.lower(upperBound(this.thresholds, threshold), amount);
  }

  /** Lowers the slack of the first `end` thresholds by `amount`, counting those that go negative. */
  private lower(end: number, amount: number): void {
    this.spend(end);
    for (let i = 0; i < end; i++) {
      const before = this.slack[i] as number;
      const after = before - amount;
      this.slack[i] = after;
      this.negative += Number(after < 0) - Number(before < 0);
    }
  }

  /**
   * What the sweep from the instant `at` on depends on, as text; undefined when the `tailsLeft`
   * tail units still to come cannot all be served. `eventsLeft` bounds how much the copies still
   * to come can lower slack: any minimum at or above it serves alike.
   */
  stateAt(at: Instant, tailsLeft: number, eventsLeft: number): string | undefined {
    const split = upperBound(this.thresholds, at - this.lookBack);
    this.spend(this.thresholds.length);
    let least = Number.POSITIVE_INFINITY;
    for (let i = 0; i < split; i++) least = Math.min(least, this.slack[i] as number);
    if (least < tailsLeft) return undefined;
    let key = `${Math.min(least, eventsLeft)}`;
    // Above L, what copies took so far: it is zero from some threshold on, and slack follows.
    for (let i = split; i < this.thresholds.length && this.slack[i] !== this.total[i]; i++) {
      key += `,${(this.total[i] as number) - (this.slack[i] as number)}`;
    }
    return key;
  }

  /**
   * Serves the tails from the instances free at each position, once slack holds: highest threshold
   * first, each from the instances that reach it (those reaching a higher one reach it too).
   * Returns [slot, position] per tail unit.
   */
  serve(tails: readonly TailDemand[], free: Int32Array): Array<[slot: number, position: number]> {
    const byLast = [...free.keys()]
      .filter((q) => this.fits[q] && (free[q] as number) > 0)
      .sort((a, b) => compareInstants(this.last[b] as Instant, this.last[a] as Instant));
    const pool: number[] = [];
    let next = 0;
    const fills: Array<[number, number]> = [];
    for (const { slot, threshold } of [...tails].sort((a, b) => compareInstants(b.threshold, a.threshold))) {
      for (; next < byLast.length && (this.last[byLast[next] as number] as Instant) >= threshold; next++) {
        pool.push(byLast[next] as number);
      }
      const q = pool[pool.length - 1] as number;
      free[q] = (free[q] as number) - 1;
      if (free[q] === 0) pool.pop();
      fills.push([slot, q]);
    }
    return fills;
  }
}
