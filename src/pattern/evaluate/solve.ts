// Filling a plan's slots with distinct observation instances under its time constraints, in time
// polynomial in the number of observations.
//
// Every constraint reads max(first over S) <= min(last over T) + offset. It holds exactly when some
// threshold t has first <= t for the observations in S and last >= t - offset for those in T (take
// t = the largest first). With every threshold fixed, each constraint only narrows which
// observations may fill which slot, and what remains is a bipartite b-matching (flow.ts). The
// thresholds are searched one constraint at a time over the first_observed times that could be
// the maximum, in increasing order; as the threshold grows each observation changes status at most
// twice (its first passes the threshold, its last falls out of reach), so a sweep keeps the groups
// up to date. Each partial choice is checked with the remaining constraints relaxed, and a failed
// check prunes everything under it.
//
// Cost: a plan with c constraints explores at most n^c thresholds, each checked on at most
// min(n, 2^slots) groups; a plan without constraints is one check. `[x] REPEATS 10 TIMES WITHIN 5
// SECONDS` has one constraint: about n checks of one slot. Nested REPEATS over FOLLOWEDBY or
// WITHIN give constraints per copy; when every copy sits under its own WITHIN (but for brackets
// FOLLOWEDBY before or after it, edge-supply.ts), sweep.ts places whole copies in time order
// instead, and this search only takes the plans it leaves. Before the sweep, exact solvers of
// special shapes: plain chains without WITHIN (plain-chain.ts), copies of two instances each as a
// maximum matching (pair-copies.ts), a WITHIN around the whole plan threshold by threshold
// (within-around.ts), a bracket beside a chain instance by instance (peel.ts). The work
// budget (budget.ts) turns a search that would run for hours into a 'too-complex' error instead.

import type { Span } from '../ast.js';
import type { Observation } from '../observation.js';
import { type Assignment, assignmentOf, slotMasksOf } from './assignment.js';
import type { BracketTable } from './bracket.js';
import { WorkBudget } from './budget.js';
import { allocate, type Group } from './flow.js';
import { solvePairCopies } from './pair-copies.js';
import { solvePeeled } from './peel.js';
import { solvePlainChain } from './plain-chain.js';
import { type Constraint, constraintReach, type Plan } from './plan.js';
import { compareInstants as compare, lowerBound, upperBound } from './sorted-instants.js';
import { sweepPlan } from './sweep.js';
import type { Instant } from './time.js';
import { solveWithinAround } from './within-around.js';

/** A solver of special shapes: 'undecided' outside its own shape, or when it gives up. */
type ShapeSolver = (
  plan: Plan,
  table: BracketTable,
  masks: readonly bigint[],
  budget: WorkBudget,
  floor: Instant | undefined,
) => Assignment | undefined | 'undecided';

/** The exact solvers of special shapes, tried in turn; the threshold search takes what they leave. */
const SHAPE_SOLVERS: readonly ShapeSolver[] = [
  (plan, table) => solvePlainChain(plan, table),
  solvePairCopies,
  solveWithinAround,
  (plan, table, masks, budget) => solvePeeled(plan, table, masks, budget),
  (plan, table, _masks, budget) => sweepPlan(plan, table, budget),
];

/** Passes of narrow at most: the first ones take nearly everything there is to take. */
const NARROWING_ROUNDS = 4;

/**
 * A witness for one of the plans, or undefined. `floor`, when given, is a time no match's latest
 * first_observed is before (every match uses an observation that starts then): the solvers that
 * enumerate a WITHIN around the whole plan start there.
 */
export function solvePlans(
  plans: readonly Plan[],
  table: BracketTable,
  span: Span,
  floor?: Instant,
): Assignment | undefined {
  const budget = new WorkBudget(span);
  for (const plan of plans) {
    // Slots that cannot be filled even with time aside (the `[d]` of a chain still waiting for
    // it, as a stream evaluates the pattern again with each observation) are answered here in one
    // pass, which the solvers would walk every instant for.
    const masks = slotMasksOf(plan, table);
    const all = masks.map((_, index) => index);
    const demands = plan.slots.map((slot) => slot.demand);
    if (allocate(demands, instanceGroups(table, all, masks)) === undefined) continue;
    let decided: Assignment | undefined | 'undecided' = 'undecided';
    for (const solver of SHAPE_SOLVERS) {
      decided = solver(plan, table, masks, budget, floor);
      if (decided !== 'undecided') break;
    }
    const assignment =
      decided === 'undecided' ? new PlanSearch(plan, table, budget, masks, floor).run() : decided;
    if (assignment !== undefined) return assignment;
  }
  return undefined;
}

/** The instances of these observations grouped by their masks (masks[i] is indices[i]'s). */
function instanceGroups(table: BracketTable, indices: readonly number[], masks: readonly bigint[]): Group[] {
  const capacity = new Map<bigint, number>();
  indices.forEach((index, i) => {
    const mask = masks[i] as bigint;
    if (mask === 0n) return;
    const count = (table.observations[index] as Observation).numberObserved;
    capacity.set(mask, (capacity.get(mask) ?? 0) + count);
  });
  return [...capacity].map(([mask, count]) => ({ mask, capacity: count }));
}

/** An observation's mask within one constraint changing at a threshold of the sweep. */
interface MaskChange {
  /** A position in the observations being narrowed. */
  j: number;
  from: bigint;
  to: bigint;
}

class PlanSearch {
  private readonly slotCount: number;
  private readonly demands: number[];
  /** Observations that may fill some slot, ignoring the constraints. */
  private readonly candidates: number[];
  /** Per observation index: the slots it may fill, ignoring the constraints. */
  private readonly baseMask: bigint[];
  private readonly earlyMask: bigint[];
  private readonly lateMask: bigint[];
  /** Per constraint: the slots' demands, 0 for the slots it does not bound (narrowConstraint's flow). */
  private readonly scopeDemands: number[][];
  /** Threshold per constraint id, set for the constraints fixed so far. */
  private readonly thresholds: Instant[] = [];
  /**
   * The order constraints are fixed in: the ones bounding more slot sides first (a WITHIN bounds
   * both sides of all its slots), since they cut the most; a stable sort keeps REPEATS copies in
   * order, so a copy's `after` is fixed before it.
   */
  private readonly order: number[];

  /** `masks` from slotMasksOf: narrowed in place; `floor` as solvePlans's. */
  constructor(
    private readonly plan: Plan,
    private readonly table: BracketTable,
    private readonly budget: WorkBudget,
    masks: bigint[],
    private readonly floor: Instant | undefined,
  ) {
    this.slotCount = plan.slots.length;
    this.demands = plan.slots.map((slot) => slot.demand);
    this.baseMask = masks;
    this.earlyMask = plan.constraints.map(() => 0n);
    this.lateMask = plan.constraints.map(() => 0n);
    plan.slots.forEach((slot, s) => {
      for (const c of slot.early) this.earlyMask[c] = (this.earlyMask[c] as bigint) | (1n << BigInt(s));
      for (const c of slot.late) this.lateMask[c] = (this.lateMask[c] as bigint) | (1n << BigInt(s));
    });
    this.scopeDemands = plan.constraints.map((_, c) => {
      const scope = (this.earlyMask[c] as bigint) | (this.lateMask[c] as bigint);
      return this.demands.map((demand, s) => (((scope >> BigInt(s)) & 1n) === 1n ? demand : 0));
    });
    const reach = constraintReach(plan);
    this.order = plan.constraints
      .map((_, c) => c)
      .sort((a, b) => (reach[b] as number) - (reach[a] as number));
    const all = this.baseMask.map((_, index) => index);
    if (plan.constraints.length > 1) this.narrow(all, this.baseMask, this.order);
    this.candidates = this.baseMask.flatMap((mask, index) => (mask === 0n ? [] : [index]));
  }

  /**
   * Takes from each observation the slots it cannot fill in any solution, judged one constraint
   * at a time: an observation keeps a slot of constraint c only if, at some threshold of c, it may
   * fill that slot and c's own slots can all be filled. That is sound: in a solution, c's
   * threshold (the latest first_observed on its early side) is such a threshold. It is what makes
   * the copies of a REPEATS tractable: the search fixes constraints one by one with the others
   * relaxed, and without this an observation that no single copy can use (an `a` with no `b`
   * after it in reach) still counts for every copy until the last level. Run before the search
   * and again under each threshold it fixes (for the constraints not fixed yet), and repeated
   * while it takes something away, since what one constraint loses can starve another.
   * `masks[j]` is the mask of observation `all[j]`, narrowed in place.
   */
  private narrow(all: readonly number[], masks: bigint[], constraints: readonly number[]): void {
    for (let round = 0; round < NARROWING_ROUNDS; round++) {
      let changed = false;
      for (const c of constraints) {
        if (this.narrowConstraint(c, all, masks)) changed = true;
      }
      if (!changed) return;
    }
  }

  /** One constraint's part of narrow; true when some observation lost a slot. */
  private narrowConstraint(c: number, all: readonly number[], masks: bigint[]): boolean {
    const early = this.earlyMask[c] as bigint;
    const late = this.lateMask[c] as bigint;
    const scope = early | late;
    const { offset } = this.plan.constraints[c] as Constraint;
    const first = (j: number) => this.table.first[all[j] as number] as Instant;
    const last = (j: number) => this.table.last[all[j] as number] as Instant;
    const count = (j: number) => (this.table.observations[all[j] as number] as Observation).numberObserved;
    // Positions in `all` of the observations that may fill one of c's slots.
    const live: number[] = [];
    for (let j = 0; j < all.length; j++) if (((masks[j] as bigint) & scope) !== 0n) live.push(j);
    const thresholds = [
      ...new Set(live.filter((j) => ((masks[j] as bigint) & early) !== 0n).map(first)),
    ].sort(compare);
    this.budget.spend(live.length * 4 + thresholds.length);
    // Before a threshold an observation is not early enough yet; past its last + offset it is no
    // longer late enough. Each observation's mask changes at those two points of the sweep.
    // (A last_observed before first_observed would leave before entering; counting it as present
    // until it enters only over-approximates, which keeps the narrowing sound.)
    // Where each live observation enters and leaves the sweep, found once for both passes below.
    const enter = new Int32Array(all.length);
    const leave = new Int32Array(all.length);
    for (const j of live) {
      enter[j] = lowerBound(thresholds, first(j));
      leave[j] = Math.max(enter[j] as number, upperBound(thresholds, last(j) + offset));
    }
    const maskBefore = (j: number) => (masks[j] as bigint) & scope & ~early;
    const maskDuring = (j: number) => (masks[j] as bigint) & scope;
    const maskAfter = (j: number) => (masks[j] as bigint) & scope & ~late;
    const changes: MaskChange[][] = thresholds.map(() => []);
    const capacity = new Map<bigint, number>();
    const add = (mask: bigint, amount: number) => capacity.set(mask, (capacity.get(mask) ?? 0) + amount);
    for (const j of live) {
      add(maskBefore(j), count(j));
      changes[enter[j] as number]?.push({ j, from: maskBefore(j), to: maskDuring(j) });
      changes[leave[j] as number]?.push({ j, from: maskDuring(j), to: maskAfter(j) });
    }
    const demands = this.scopeDemands[c] as number[];
    // feasibleUpTo[k]: how many of the first k thresholds leave c's slots fillable.
    const feasibleUpTo = new Uint32Array(thresholds.length + 1);
    for (let k = 0; k < thresholds.length; k++) {
      for (const { j, from, to } of changes[k] as MaskChange[]) {
        add(from, -count(j));
        add(to, count(j));
      }
      const groups = this.groupsOf(capacity);
      const fillable = allocate(demands, groups) !== undefined;
      feasibleUpTo[k + 1] = (feasibleUpTo[k] as number) + (fillable ? 1 : 0);
    }
    const anyFeasible = (from: number, to: number) =>
      to > from && (feasibleUpTo[to] as number) > (feasibleUpTo[from] as number);
    let changed = false;
    for (const j of live) {
      let supported = 0n;
      if (anyFeasible(0, enter[j] as number)) supported |= maskBefore(j);
      if (anyFeasible(enter[j] as number, leave[j] as number)) supported |= maskDuring(j);
      if (anyFeasible(leave[j] as number, thresholds.length)) supported |= maskAfter(j);
      const narrowed = (masks[j] as bigint) & (~scope | supported);
      if (narrowed !== masks[j]) {
        masks[j] = narrowed;
        changed = true;
      }
    }
    return changed;
  }

  run(): Assignment | undefined {
    const masks = this.candidates.map((index) => this.baseMask[index] as bigint);
    if (!this.feasible(instanceGroups(this.table, this.candidates, masks))) return undefined;
    return this.searchFrom(0, this.candidates, masks);
  }

  /**
   * Fixes the threshold of the constraint at `depth` in this.order, the ones before it being fixed.
   * `live` holds the observations that may still fill some slot under those, `outer` the slots each
   * may fill (narrowed); only they are visited.
   */
  private searchFrom(
    depth: number,
    live: readonly number[],
    outer: readonly bigint[],
  ): Assignment | undefined {
    if (depth === this.order.length) return this.assignment();
    const level = this.order[depth] as number;
    const { offset, after } = this.plan.constraints[level] as Constraint;
    const early = this.earlyMask[level] as bigint;
    // REPEATS copies are interchangeable: their thresholds may be taken in increasing order. A
    // constraint with every slot on its early side has the latest first_observed of the match
    // for threshold, no earlier than solvePlans's floor.
    const copyFloor = after === undefined ? undefined : (this.thresholds[after] as Instant);
    const wholeFloor = early === (1n << BigInt(this.slotCount)) - 1n ? this.floor : undefined;
    const floor =
      copyFloor === undefined || (wholeFloor !== undefined && wholeFloor > copyFloor)
        ? wholeFloor
        : copyFloor;
    const late = this.lateMask[level] as bigint;
    const { first, last, observations } = this.table;
    this.budget.spend(live.length * (depth + 4));
    // Start below every time: no observation is early enough yet, every one is late enough.
    // The constraints still open below this one, narrowed under each threshold tried.
    const open = this.order.slice(depth + 1);
    const earlyOk = new Uint8Array(live.length);
    const lateOk = new Uint8Array(live.length).fill(1);
    const signature = (j: number): bigint =>
      (outer[j] as bigint) & ~(earlyOk[j] ? 0n : early) & ~(lateOk[j] ? 0n : late);
    const capacity = new Map<bigint, number>();
    const count = (j: number): number => (observations[live[j] as number] as Observation).numberObserved;
    const add = (mask: bigint, amount: number): void => {
      capacity.set(mask, (capacity.get(mask) ?? 0) + amount);
    };
    // Positions whose signature is not empty: the observations still live below this threshold.
    const filling = new Set<number>();
    const place = (j: number): void => {
      const mask = signature(j);
      add(mask, count(j));
      if (mask === 0n) filling.delete(j);
      else filling.add(j);
    };
    const update = (j: number, change: () => void): void => {
      add(signature(j), -count(j));
      change();
      place(j);
    };
    for (let j = 0; j < outer.length; j++) place(j);
    const firstOf = (j: number): Instant => first[live[j] as number] as Instant;
    const lastOf = (j: number): Instant => last[live[j] as number] as Instant;
    const positions = live.map((_, j) => j);
    const byFirst = [...positions].sort((a, b) => compare(firstOf(a), firstOf(b)));
    const byExpiry = [...positions].sort((a, b) => compare(lastOf(a), lastOf(b)));
    const thresholds = [
      ...new Set(
        byFirst
          .filter(
            (j) => ((outer[j] as bigint) & early) !== 0n && (floor === undefined || firstOf(j) >= floor),
          )
          .map(firstOf),
      ),
    ];
    let nextEarly = 0;
    let nextExpiry = 0;
    for (const threshold of thresholds) {
      for (; nextEarly < byFirst.length && firstOf(byFirst[nextEarly] as number) <= threshold; nextEarly++) {
        const j = byFirst[nextEarly] as number;
        update(j, () => {
          earlyOk[j] = 1;
        });
      }
      for (
        ;
        nextExpiry < byExpiry.length && lastOf(byExpiry[nextExpiry] as number) + offset < threshold;
        nextExpiry++
      ) {
        const j = byExpiry[nextExpiry] as number;
        update(j, () => {
          lateOk[j] = 0;
        });
      }
      const groups = this.groupsOf(capacity);
      if (!this.feasible(groups)) continue;
      this.thresholds[level] = threshold;
      const stillLive = [...filling].map((j) => live[j] as number);
      const stillMasks = [...filling].map(signature);
      this.budget.spend(stillLive.length);
      if (depth + 1 < this.order.length) {
        this.narrow(stillLive, stillMasks, open);
        if (!this.feasible(instanceGroups(this.table, stillLive, stillMasks))) continue;
      }
      const found = this.searchFrom(depth + 1, stillLive, stillMasks);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The slots an observation may fill under the thresholds of the first `depth` constraints. */
  private maskUnder(index: number, depth: number): bigint {
    let mask = this.baseMask[index] as bigint;
    for (const c of this.order.slice(0, depth)) {
      const threshold = this.thresholds[c] as Instant;
      const { offset } = this.plan.constraints[c] as Constraint;
      if ((this.table.first[index] as Instant) > threshold) mask &= ~(this.earlyMask[c] as bigint);
      if ((this.table.last[index] as Instant) + offset < threshold) mask &= ~(this.lateMask[c] as bigint);
    }
    return mask;
  }

  /** The groups a sweep's capacity table holds now (instances by mask), the work charged. */
  private groupsOf(capacity: ReadonlyMap<bigint, number>): Group[] {
    const groups = [...capacity].flatMap(([mask, amount]) =>
      mask === 0n || amount === 0 ? [] : [{ mask, capacity: amount }],
    );
    this.budget.spend(capacity.size + groups.length * this.slotCount + 1);
    return groups;
  }

  private feasible(groups: readonly Group[]): boolean {
    if (this.slotCount === 1) {
      return groups.reduce((sum, group) => sum + group.capacity, 0) >= (this.demands[0] as number);
    }
    return allocate(this.demands, groups) !== undefined;
  }

  /** The witness under the thresholds found: who fills which slot, then which bracket. */
  private assignment(): Assignment {
    const masks = this.candidates.map((index) => this.maskUnder(index, this.order.length));
    const groups = instanceGroups(this.table, this.candidates, masks);
    const flow = allocate(this.demands, groups) as number[][];
    const members = new Map<bigint, number[]>();
    this.candidates.forEach((index, i) => {
      const mask = masks[i] as bigint;
      if (mask === 0n) return;
      const list = members.get(mask);
      if (list === undefined) members.set(mask, [index]);
      else list.push(index);
    });
    const used = new Map<number, number>();
    const fills: Array<[slot: number, index: number]> = [];
    groups.forEach((group, g) => {
      const pool = members.get(group.mask) as number[];
      this.plan.slots.forEach((_, s) => {
        let wanted = (flow[s] as number[])[g] as number;
        for (const index of pool) {
          if (wanted === 0) break;
          const observation = this.table.observations[index] as Observation;
          const free = observation.numberObserved - (used.get(index) ?? 0);
          const take = Math.min(free, wanted);
          if (take <= 0) continue;
          used.set(index, (used.get(index) ?? 0) + take);
          wanted -= take;
          for (let k = 0; k < take; k++) fills.push([s, index]);
        }
      });
    });
    return assignmentOf(this.plan, this.table, fills);
  }
}
