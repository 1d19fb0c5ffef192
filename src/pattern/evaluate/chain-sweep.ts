// Chains outside the WITHIN, as `(a FOLLOWEDBY b) WITHIN 2 SECONDS FOLLOWEDBY [c] FOLLOWEDBY [d]`,
// for sweep.ts. The middle bracket `[c]` is bounded from below by its copy's units (its first is
// at least their latest first_observed: the copy's readiness time) and from above by `[d]`, a tail
// whose threshold is c's time; it lies outside every window, so the sweep cannot place it with its
// copy. When every observation `[c]` and `[d]` accept is a point (first_observed == last_observed),
// c's time is one instant, and the sweep decides it at the end of each group of observations with
// that first_observed: the copies whose readiness time has come and that still wait for their c
// (ready chains) may take one from the group's free instances each, and their `[d]` becomes a tail
// of threshold the group's time, as any other tail (edge-supply.ts). Ready chains of one kind are
// interchangeable then (whatever their readiness time, d's threshold is the group's time), so the
// state keeps per kind only how many are ready and the readiness times still to come. Intervals
// would give c a range of times, tying each copy's threshold to d's: such plans stay with the
// threshold search (solve.ts).

import type { Plan, Slot } from './plan.js';
import type { Instant } from './time.js';

/** A part's middle bracket: its index among the part's slots, and per slot whether it is a tail it bounds. */
export interface MiddleOf {
  index: number;
  chained: boolean[];
}

/**
 * The middle slot of a timed part whose tails are `isTail`: a slot on the late side of constraints
 * whose early sides are the other non-tail slots (the units) and cover them all, and on the early
 * side of constraints whose late sides are tails only, every one of them of offset 0 (FOLLOWEDBY).
 * Undefined when the part has none; null when it has one the sweep cannot take (two, a demand of
 * more than one, other offsets, bounds from part of the units only).
 */
export function middleOf(
  plan: Plan,
  slots: readonly Slot[],
  isTail: readonly boolean[],
): MiddleOf | undefined | null {
  const sidesOf = (c: number, side: 'early' | 'late') =>
    slots.flatMap((slot, i) => (slot[side].includes(c) ? [i] : []));
  const candidates = slots.flatMap((slot, i) =>
    !isTail[i] && slot.late.length > 0 && slot.early.every((c) => sidesOf(c, 'late').every((j) => isTail[j]))
      ? [i]
      : [],
  );
  if (candidates.length === 0) return undefined;
  const [index] = candidates as [number];
  const middle = slots[index] as Slot;
  if (candidates.length > 1 || middle.demand !== 1) return null;
  // A guard only: a WITHIN, the one constraint with an offset, would put the middle on both of
  // its sides, which no candidate is.
  if ([...middle.early, ...middle.late].some((c) => plan.constraints[c]?.offset !== 0n)) return null;
  const isUnit = slots.map((_, i) => !isTail[i] && i !== index);
  const covered = new Set<number>();
  for (const c of middle.late) {
    const early = sidesOf(c, 'early');
    if (early.some((i) => !isUnit[i])) return null;
    for (const i of early) covered.add(i);
  }
  if (isUnit.some((unit, i) => unit && !covered.has(i))) return null;
  const chained = slots.map(
    (slot, i) => isTail[i] === true && slot.late.some((c) => middle.early.includes(c)),
  );
  return { index, chained };
}

/**
 * Per kind of copy with a middle, its chains placed and still without their middle: the readiness
 * times to come, and how many are ready. Changes are undone in the reverse order of their making.
 */
export class WaitingChains {
  private readonly pending: Instant[][];
  readonly ready: number[];

  constructor(kinds: number) {
    this.pending = Array.from({ length: kinds }, () => []);
    this.ready = new Array<number>(kinds).fill(0);
  }

  /** Chains of kind k without their middle. */
  waiting(k: number): number {
    return (this.pending[k] as Instant[]).length + (this.ready[k] as number);
  }

  /** A copy of kind k placed, ready for its middle from `at` on. */
  wait(k: number, at: Instant): void {
    (this.pending[k] as Instant[]).push(at);
  }

  unwait(k: number): void {
    (this.pending[k] as Instant[]).pop();
  }

  /** Makes the chains whose readiness time is at most `at` ready; returns what unripen needs. */
  ripen(at: Instant): Instant[][] {
    const before = this.pending.slice();
    this.pending.forEach((times, k) => {
      const later = times.filter((time) => time > at);
      this.ready[k] = (this.ready[k] as number) + times.length - later.length;
      this.pending[k] = later;
    });
    return before;
  }

  unripen(before: readonly Instant[][]): void {
    before.forEach((times, k) => {
      this.ready[k] = (this.ready[k] as number) - (times.length - (this.pending[k] as Instant[]).length);
      this.pending[k] = times;
    });
  }

  /** Everything the sweep ahead depends on, as text. */
  key(): string {
    return this.pending
      .map(
        (times, k) => `${this.ready[k]}:${[...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(' ')}`,
      )
      .join(';');
  }
}
