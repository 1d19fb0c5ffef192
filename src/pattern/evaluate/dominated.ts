// Which of a stream's pending observations no match can need, now or with any observations still
// to come: compile/stream.ts lets them go, so a pattern without a horizon (FOLLOWEDBY or REPEATS
// with no WITHIN) keeps a bounded list without dropping what a match needs.
//
// The future. Observations arrive in order of first_observed: every one still to come has
// first >= ν, the newest first_observed seen, and so last >= ν too.
//
// Replacing one instance. Every constraint of a plan is max(first over S) <= min(last over T) +
// offset, which holds exactly when f(s) <= l(t) + offset for every pair of instances in slots
// s of S and t of T. Let a match use an instance of y in slot s, and let x fit s with:
// - for each constraint c with s on its early side: no threshold θ = l(z) + offset(c), over the
//   pending z that fit a slot on c's late side, with f(y) <= θ < f(x). Future z give θ >= ν +
//   offset >= f(x), never inside. So every partner z that y's f satisfied, x's f satisfies.
// - for each constraint c with s on its late side: no threshold φ = f(z) - offset(c), over the
//   pending z that fit a slot on c's early side, with l(x) < φ <= l(y); and, since future z give
//   every φ >= ν - offset, either l(x) >= l(y) or l(y) < ν - offset.
// Then putting an instance of x in place of y's keeps every pair true, START/STOP windows
// included (x fits s). The match puts instances of such x's only in slots one of them fits; if
// those slots take U instances in all, one of them is y's, so the x's give the match at most
// U - 1: when the x's hold U instances or more (y's excepted), one of them is free. So when, for
// every plan and every slot y fits, such x's hold as many instances as the slots they fit take,
// any match using y, with pending and future observations, becomes one without y: y can go.
// One at a time, each against those still kept (thresholds read from a larger set are only
// stricter), so a replacement never leans on an observation already gone; an instance of y in
// two slots is replaced slot by slot, each step against thresholds that include the other's (the
// pending set holds x and y).
//
// `([a] FOLLOWEDBY [c] FOLLOWEDBY [d])`: after one a, every c that follows is as good as any
// other until a d comes, so a host's thousand c's keep one. `[a] FOLLOWEDBY [a] FOLLOWEDBY [m]`
// keeps the earliest two a's (for the first slot) and the latest two (for the second).

import type { Pattern } from '../ast.js';
import type { Observation } from '../observation.js';
import { fits } from './assignment.js';
import { type BracketTable, evaluateBrackets } from './bracket.js';
import { type Plan, patternPlans, type Slot } from './plan.js';
import type { PreparedObservations } from './prepared.js';
import type { Instant } from './time.js';

/**
 * Past this many pair tests (observations squared times slot sides) nothing is let go: the
 * stream's cap on pending observations still bounds the list.
 */
const MAX_WORK = 4_000_000;

/**
 * Per pending observation, whether a match with these and any later observations (first_observed
 * >= `newest`) can do without it. Observations already let go must not be among them.
 */
export function dominated(pattern: Pattern, prepared: PreparedObservations, newest: Instant): boolean[] {
  const count = prepared.observations.length;
  const gone = new Array<boolean>(count).fill(false);
  const plans = patternPlans(pattern);
  const sides = plans.reduce(
    (sum, plan) => sum + plan.slots.reduce((n, slot) => n + slot.early.length + slot.late.length + 1, 0),
    0,
  );
  if (count * count * sides > MAX_WORK) return gone;
  const table = evaluateBrackets(pattern, prepared);
  const views = plans.map((plan) => new PlanView(plan, table, newest));
  const instances = (index: number) => (table.observations[index] as Observation).numberObserved;
  for (let y = 0; y < count; y++) {
    const replaceable = views.every((view) =>
      view.slotsOf(y).every((slot) => {
        let held = 0;
        const fitted = new Set<number>([slot]);
        for (let x = 0; x < count && held < view.demand; x++) {
          if (x === y || gone[x] || !view.replaces(slot, x, y)) continue;
          held += instances(x);
          for (const s of view.slotsOf(x)) fitted.add(s);
        }
        return held >= view.demandOf(fitted);
      }),
    );
    if (replaceable) gone[y] = true;
  }
  return gone;
}

/** One plan's slots and thresholds over the pending observations. */
class PlanView {
  readonly demand: number;
  private readonly fitting: boolean[][];
  /** Per observation, the slots it fits. */
  private readonly slotLists: number[][];
  /** Per constraint, the sorted l(z) + offset over z fitting a slot on its late side. */
  private readonly early: Instant[][];
  /** Per constraint, the sorted f(z) - offset over z fitting a slot on its early side. */
  private readonly late: Instant[][];

  constructor(
    private readonly plan: Plan,
    private readonly table: BracketTable,
    private readonly newest: Instant,
  ) {
    this.demand = plan.slots.reduce((sum, slot) => sum + slot.demand, 0);
    this.fitting = plan.slots.map((slot) =>
      table.observations.map((_, index) => slot.alternatives.some((a) => fits(a, table, index))),
    );
    this.slotLists = table.observations.map((_, index) =>
      plan.slots.flatMap((_, s) => (this.fitting[s]?.[index] ? [s] : [])),
    );
    this.early = plan.constraints.map(() => []);
    this.late = plan.constraints.map(() => []);
    plan.slots.forEach((slot, s) => {
      table.observations.forEach((_, z) => {
        if (!this.fitting[s]?.[z]) return;
        for (const c of slot.late) this.early[c]?.push(this.lastOf(z) + this.offsetOf(c));
        for (const c of slot.early) this.late[c]?.push(this.firstOf(z) - this.offsetOf(c));
      });
    });
    for (const thresholds of [...this.early, ...this.late])
      thresholds.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  slotsOf(index: number): readonly number[] {
    return this.slotLists[index] ?? [];
  }

  /** The instances these slots take in all. */
  demandOf(slots: ReadonlySet<number>): number {
    let sum = 0;
    for (const s of slots) sum += (this.plan.slots[s] as Slot).demand;
    return sum;
  }

  /** Whether an instance of x can take y's place in slot s of any match (the header's test). */
  replaces(s: number, x: number, y: number): boolean {
    if (!this.fitting[s]?.[x]) return false;
    const slot = this.plan.slots[s];
    if (slot === undefined) return false;
    const fx = this.firstOf(x);
    const fy = this.firstOf(y);
    const earlyHolds = slot.early.every((c) => fx <= fy || !someIn(this.early[c] ?? [], fy, fx));
    if (!earlyHolds) return false;
    const lx = this.lastOf(x);
    const ly = this.lastOf(y);
    return slot.late.every(
      (c) =>
        lx >= ly || (!someIn(this.late[c] ?? [], lx + 1n, ly + 1n) && ly < this.newest - this.offsetOf(c)),
    );
  }

  private firstOf(index: number): Instant {
    return this.table.first[index] as Instant;
  }

  private lastOf(index: number): Instant {
    return this.table.last[index] as Instant;
  }

  private offsetOf(c: number): Instant {
    return (this.plan.constraints[c] as { offset: Instant }).offset;
  }
}

/** Whether a sorted list holds a value in [from, to). */
function someIn(sorted: readonly Instant[], from: Instant, to: Instant): boolean {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as Instant) < from) low = middle + 1;
    else high = middle;
  }
  return low < sorted.length && (sorted[low] as Instant) < to;
}
