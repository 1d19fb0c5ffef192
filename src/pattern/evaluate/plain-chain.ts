// `(P1 FOLLOWEDBY P2 FOLLOWEDBY ... FOLLOWEDBY Pk) REPEATS n TIMES` for k >= 2, with no WITHIN and
// nothing beside it, decided exactly in O(N log N) when no observation fits two of its brackets.
// Each position Pi is one or more brackets with no order among them: `[x]`, `([x] AND [y])`,
// `([x]) REPEATS 2 TIMES`. Its kinds are its brackets, each with a demand (how many instances of
// it a copy takes: 2 for `([x]) REPEATS 2 TIMES`, one slot of demand 2 in plan.ts). The threshold
// search (solve.ts) fixes one threshold per copy and can run out of budget on it. sweep.ts does
// not take these plans: they have no WITHIN.
//
// Read pairwise, any bracketing of the chain gives a copy exactly the constraints f(x) <= l(y)
// for every instance x of an earlier position and y of a later one (f = first_observed, l =
// last_observed); none within a position. l of P1's instances and f of Pk's are never read. Roles
// are distinct, so instances of different kinds are distinct; one observation seen m times is m
// instances, and may give several to one kind of one copy.
//
// Ends. A copy's readiness is the max f over its P1 instances, its deadline the min l over its Pk
// instances. Per kind κ of P1, of demand d_κ, take its n·d_κ earliest f, ascending; copy j takes
// the j-th group of d_κ of them, and α_j is the max over kinds of its groups' last f. Any n copies
// with sorted readinesses r_(1..n) have α_j <= r_(j): the j readiest hold j·d_κ distinct
// instances of κ with f <= r_(j), so the (j·d_κ)-th earliest f of κ is <= r_(j), for every κ.
// Symmetrically, per kind of Pk its n·d_κ latest l, ascending, in groups: δ_j, the min over
// kinds of the j-th groups' first l, is >= the j-th smallest deadline of any n copies.
//
// k = 2: a match exists iff α_j <= δ_j for every j. If: copy j takes the j-th groups. Only if:
// sort a solution's copies by readiness. The n-j+1 copies from the j-th on have deadlines >= their
// readiness >= r_(j), so the j-th smallest deadline s_(j) >= r_(j), and δ_j >= s_(j) >= r_(j) >= α_j.
//
// k = 3, middle instances intervals with f <= l: an instance y of P2 is bound only by f(y) <= the
// deadline and l(y) >= the readiness: its interval meets the copy's window [readiness, deadline].
// A match exists iff α_j <= δ_j for every j and each middle kind κ can put d_κ instances into
// every window [α_j, δ_j], each instance into a window its interval meets.
// - If: copy j takes the j-th end groups and window j's instances.
// - Only if: fix a middle kind κ and m < d_κ, and from each copy of a solution its m-th instance of
//   κ with a point τ of it inside the copy's window. Sort the copies by τ. The first j hold j
//   readinesses <= τ_(j), so α_j <= r_(j) <= τ_(j); the copies from the j-th on hold n-j+1
//   deadlines >= τ_(j), so δ_j >= s_(j) >= τ_(j). The j-th copy's instance meets window j at τ_(j).
//   Doing so for every m puts d_κ distinct instances of κ into each window, and the kinds are
//   independent of one another given the windows.
// Both ends of the windows grow with j, so an instance meets a range of windows: from the first
// with δ_j >= f to the last with α_j <= l. With each window repeated d_κ times that is a convex
// bipartite matching. Taking the instances by the end of their range, each into the first free
// window of its range, decides it exactly: the classic greedy for matching intervals to points
// (Glover's, which takes the windows in order instead, gives the same answer).
//
// k >= 4, only when every middle instance (P2..P(k-1)) is a point t (f = l): the pairs then ask
// each copy for readiness <= all of P2's points <= ... <= all of P(k-1)'s <= deadline, so a
// partial copy's future depends only on its time τ, the latest f it holds. Build n partial copies
// layer by layer, starting from α_1..α_n. For each middle layer, take the copies by τ ascending;
// per kind κ each takes the d_κ earliest unused instances of κ at or after its τ; its new τ is
// the latest of its picks over all kinds. Then a match exists iff the final τs, sorted, have
// τ_j <= δ_j.
// - Monotone: if partial copies with sorted times τ can be completed, so can any with sorted
//   times τ' <= τ coordinatewise (give the j-th smallest of τ' the completion of the j-th of τ;
//   the new times are the same, all picks being >= τ_j >= τ'_j). Likewise any extension of τ is
//   one of τ'.
// - Greedy is coordinatewise smallest: the j-th smallest new τ is <= x iff at least j copies
//   extend to picks <= x. Per kind, at most M_κ(x) copies can take d_κ instances each in
//   [τ, x]; the copies with the smallest τs can do whatever others can (they accept more), and
//   for them the acceptable sets [τ_1, x] ⊇ [τ_2, x] ⊇ ... are nested, where taking the earliest
//   free instances first serves the most: the greedy serves the first M_κ(x) copies within x.
//   Its picks are ordered copy by copy (what copy j left free at or after τ_(j+1) is not before
//   its picks), so per kind the copies it serves within x are a prefix, and those served within
//   x in every kind are the shortest prefix, min over κ of M_κ(x): at least as many as any
//   extension serves. (With x past every time: the greedy runs out only when no extension exists.)
// - So by induction the greedy's sorted τs are, layer after layer, <= those of any solution (α
//   starts smallest), and a solution's final τs are readinesses for its Pk: the k = 2 argument
//   with τ for α gives τ_j <= δ_j of the greedy too. If the check passes, copy j of the sorted
//   greedy takes the j-th groups of Pk.
// Middle intervals for k >= 4 are left to the general search.
//
// Shared roles (an observation fitting several brackets) are decided by chain-counts.ts when every
// position is one bracket of demand 1 and every observation fitting a bracket is a point; other
// shared roles, by the general search.

import type { Observation } from '../observation.js';
import { type Assignment, assignmentOf, fits } from './assignment.js';
import type { BracketTable } from './bracket.js';
import { type ChainPoint, chainCounts } from './chain-counts.js';
import { alternativesKey, oncePerPlan, type Plan, type Slot } from './plan.js';
import { compareInstants, lowerBound, upperBound } from './sorted-instants.js';
import type { Instant } from './time.js';

/**
 * One copy's slots: per position of the chain, in order, its slots by kind. Kinds are in the same
 * order in every copy: slot copy[i][κ] of each copy has the same brackets and demand.
 */
type Copy = number[][];

/** Per position, per kind, the observations of that kind taken (one entry per instance). */
type Fill = number[][][];

/** One instance of an observation, with the time of it that counts. */
interface Timed {
  index: number;
  time: Instant;
}

/**
 * The witness for a plan of this shape, undefined when it has none, or 'undecided' when the plan
 * or the observations fall outside the shape (solve.ts searches those).
 */
export function solvePlainChain(plan: Plan, table: BracketTable): Assignment | undefined | 'undecided' {
  const copies = chainCopiesOf(plan);
  if (copies === undefined) return 'undecided';
  const model = copies[0] as Copy;
  const n = copies.length;
  const layers = layersOf(plan, model, table);
  if (layers === undefined) return sharedRoles(plan, table, copies);
  const demands = model.map((position) => position.map((slot) => (plan.slots[slot] as Slot).demand));
  const k = layers.length;
  const heads = endOf(layers[0] as number[][], demands[0] as number[], table, table.first, n, 1);
  const tails = endOf(layers[k - 1] as number[][], demands[k - 1] as number[], table, table.last, n, -1);
  if (heads === undefined || tails === undefined) return undefined;
  const fills =
    k <= 3
      ? throughWindows(layers, demands, table, heads, tails)
      : throughPoints(layers.slice(1, -1), demands.slice(1, -1), table, heads, tails);
  return fills && fillsOf(plan, table, copies, fills);
}

/** k = 2 and 3: copy j takes the j-th groups of the ends and, for k = 3, window j's middles. */
function throughWindows(
  layers: readonly number[][][],
  demands: readonly number[][],
  table: BracketTable,
  heads: End,
  tails: End,
): Fill[] | undefined {
  if (heads.times.some((alpha, j) => alpha > (tails.times[j] as Instant))) return undefined;
  const tail = (j: number) => tails.fills[j] as number[][];
  if (layers.length === 2) return heads.fills.map((head, j) => [head, tail(j)]);
  const middle = fillWindows(layers[1] as number[][], demands[1] as number[], table, heads, tails);
  return middle && heads.fills.map((head, j) => [head, middle.map((kind) => kind[j] as number[]), tail(j)]);
}

/** k >= 4 over middle points: the greedy's copy j, sorted by time, takes the j-th groups of Pk. */
function throughPoints(
  middles: readonly number[][][],
  demands: readonly number[][],
  table: BracketTable,
  heads: End,
  tails: End,
): Fill[] | undefined {
  const partial = throughMiddles(middles, demands, table, heads);
  if (partial === undefined) return undefined;
  if (partial.some(({ time }, j) => time > (tails.times[j] as Instant))) return undefined;
  return partial.map(({ fill }, j) => [...fill, tails.fills[j] as number[][]]);
}

/**
 * Shared roles: chain-counts.ts decides them when every position is one bracket of demand 1 and
 * every observation fitting one is a point; the general search, otherwise.
 */
function sharedRoles(
  plan: Plan,
  table: BracketTable,
  copies: readonly Copy[],
): Assignment | undefined | 'undecided' {
  const model = copies[0] as Copy;
  const plain = model.every(
    (position) => position.length === 1 && plan.slots[position[0] as number]?.demand === 1,
  );
  if (!plain) return 'undecided';
  const points = pointsOf(plan, model, table);
  if (points === undefined) return 'undecided';
  const counted = chainCounts(points, model.length, copies.length);
  if (counted === undefined || counted === 'undecided') return counted;
  return fillsOf(
    plan,
    table,
    copies,
    counted.map((chain) => chain.map((index) => [[index]])),
  );
}

/** The assignment giving copy j the instances fills[j], slot by slot. */
function fillsOf(
  plan: Plan,
  table: BracketTable,
  copies: readonly Copy[],
  fills: readonly Fill[],
): Assignment {
  const pairs = copies.flatMap((copy, j) =>
    copy.flatMap((position, i) =>
      position.flatMap((slot, kind) =>
        ((fills[j] as Fill)[i]?.[kind] ?? []).map((index) => [slot, index] as const),
      ),
    ),
  );
  return assignmentOf(plan, table, pairs);
}

/** Whether the plan has the shape this module decides (observations aside). */
export function isPlainChain(plan: Plan): boolean {
  return chainCopiesOf(plan) !== undefined;
}

/** copiesOf, once per plan: solve.ts tries every plan here on every evaluation. */
const chainCopiesOf = oncePerPlan(copiesOf);

/**
 * The plan's copies when it is made of them only: constraints of offset 0 (FOLLOWEDBY), whose
 * pairs (early slot, late slot) fall into groups of slots linked by pairs, each group in
 * positions P1..Pk, k >= 2, with a slot before another exactly when its position is earlier; no
 * two slots of a position with the same brackets, and in every group the same brackets and
 * demands at each position.
 */
function copiesOf(plan: Plan): Copy[] | undefined {
  if (plan.constraints.some(({ offset }) => offset !== 0n)) return undefined;
  const order = orderOf(plan);
  const copies: Copy[] = [];
  for (const group of groupsOf(order)) {
    const copy = positionsOf(plan, group, order);
    if (copy === undefined) return undefined;
    copies.push(copy);
  }
  const [model] = copies;
  if (model === undefined) return undefined;
  const shape = (copy: Copy) =>
    JSON.stringify(
      copy.map((position) =>
        position.map((slot) => [alternativesKey(plan.slots[slot] as Slot), plan.slots[slot]?.demand]),
      ),
    );
  const modelShape = shape(model);
  return copies.every((copy) => shape(copy) === modelShape) ? copies : undefined;
}

/** Per slot, the slots its constraints put it before (its first <= their last) and after. */
interface Order {
  after: Array<Set<number>>;
  before: Array<Set<number>>;
}

/**
 * A constraint of offset 0, max(first over S) <= min(last over T), holds exactly when each slot
 * of S is before each slot of T: the plan's constraints read as pairs.
 */
function orderOf(plan: Plan): Order {
  const lateSides = plan.constraints.map((): number[] => []);
  plan.slots.forEach((slot, s) => {
    for (const c of slot.late) lateSides[c]?.push(s);
  });
  const order: Order = {
    after: plan.slots.map(() => new Set<number>()),
    before: plan.slots.map(() => new Set<number>()),
  };
  plan.slots.forEach((slot, early) => {
    for (const late of slot.early.flatMap((c) => lateSides[c] ?? [])) {
      order.after[early]?.add(late);
      order.before[late]?.add(early);
    }
  });
  return order;
}

/** The slots linked to one another through pairs, group by group; a slot in no pair is alone. */
function groupsOf({ after }: Order): number[][] {
  const root = after.map((_, s) => s);
  const find = (s: number): number => {
    while (root[s] !== s) s = root[s] as number;
    return s;
  };
  after.forEach((later, s) => {
    for (const t of later) root[find(t)] = find(s);
  });
  const groups = new Map<number, number[]>();
  after.forEach((_, s) => {
    const group = groups.get(find(s));
    if (group === undefined) groups.set(find(s), [s]);
    else group.push(s);
  });
  return [...groups.values()];
}

/**
 * The group's slots by position, when its pairs make one: a slot of position i has the slots of
 * the earlier positions before it, so how many slots are before a slot names its position, and
 * each slot must then have exactly the earlier positions before it and the later ones after it.
 * Within a position, slots in the order of their brackets, none twice.
 */
function positionsOf(plan: Plan, group: readonly number[], { after, before }: Order): Copy | undefined {
  const byEarlier = new Map<number, number[]>();
  for (const slot of group) {
    const size = (before[slot] as Set<number>).size;
    byEarlier.set(size, [...(byEarlier.get(size) ?? []), slot]);
  }
  const key = (slot: number) => JSON.stringify(alternativesKey(plan.slots[slot] as Slot));
  const copy = [...byEarlier]
    .sort(([x], [y]) => x - y)
    .map(([, slots]) => slots.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0)));
  if (copy.length < 2) return undefined;
  const exact = copy.every((position, i) => {
    const earlier = copy.slice(0, i).flat();
    const later = copy.slice(i + 1).flat();
    const distinct = position.every(
      (slot, kind) => kind === 0 || key(slot) !== key(position[kind - 1] as number),
    );
    return (
      distinct &&
      position.every(
        (slot) => sameSet(before[slot] as Set<number>, earlier) && sameSet(after[slot] as Set<number>, later),
      )
    );
  });
  return exact ? copy : undefined;
}

function sameSet(set: ReadonlySet<number>, members: readonly number[]): boolean {
  return set.size === members.length && members.every((member) => set.has(member));
}

/**
 * The observations that fit each kind of each position of the chain, or undefined when one fits
 * two (the argument above needs distinct roles), or a middle one's times fall outside the
 * argument: for k = 3 it needs a point of the middle's interval (f <= l), for k >= 4 a point
 * (f = l).
 */
function layersOf(plan: Plan, copy: Copy, table: BracketTable): number[][][] | undefined {
  const k = copy.length;
  const layers = copy.map((position) => position.map((): number[] => []));
  for (let index = 0; index < table.observations.length; index++) {
    const fitting = copy.flatMap((position, i) =>
      position.flatMap((slot, kind) =>
        (plan.slots[slot] as Slot).alternatives.some((alternative) => fits(alternative, table, index))
          ? [[i, kind] as const]
          : [],
      ),
    );
    const [place] = fitting;
    if (place === undefined) continue;
    if (fitting.length > 1) return undefined;
    const [position, kind] = place;
    if (position > 0 && position < k - 1) {
      const first = table.first[index] as Instant;
      const last = table.last[index] as Instant;
      if (k === 3 ? first > last : first !== last) return undefined;
    }
    layers[position]?.[kind]?.push(index);
  }
  return layers;
}

/**
 * The observations that fit some position of a chain of single brackets, with the positions each
 * fits, when all of them are points (f = l); undefined when one is not.
 */
function pointsOf(plan: Plan, copy: Copy, table: BracketTable): ChainPoint[] | undefined {
  const points: ChainPoint[] = [];
  for (let index = 0; index < table.observations.length; index++) {
    let mask = 0;
    copy.forEach(([slot], i) => {
      const slotFits = (plan.slots[slot as number] as Slot).alternatives.some((alternative) =>
        fits(alternative, table, index),
      );
      if (slotFits) mask |= 1 << i;
    });
    if (mask === 0) continue;
    const time = table.first[index] as Instant;
    if (time !== (table.last[index] as Instant)) return undefined;
    const { numberObserved } = table.observations[index] as Observation;
    points.push({ index, time, mask, count: numberObserved });
  }
  return points;
}

/**
 * The first n instances of these observations by `times`, ascending (`direction` 1) or descending
 * (-1); fewer when there are not n. An observation seen m times is m instances.
 */
function leading(
  indices: readonly number[],
  table: BracketTable,
  times: readonly Instant[],
  n: number,
  direction: 1 | -1,
): Timed[] {
  const time = (index: number) => times[index] as Instant;
  const sorted = [...indices].sort((x, y) => direction * compareInstants(time(x), time(y)));
  const chosen: Timed[] = [];
  for (const index of sorted) {
    const count = Math.min((table.observations[index] as Observation).numberObserved, n - chosen.length);
    for (let m = 0; m < count; m++) chosen.push({ index, time: time(index) });
  }
  return chosen;
}

/** An end position's instances per copy, and each copy's time there, both by copy ascending. */
interface End {
  fills: number[][][];
  /** α (readiness, the latest f) for P1, δ (deadline, the earliest l) for Pk. */
  times: Instant[];
}

/**
 * The groups of the header for P1 (`direction` 1, by first) or Pk (-1, by last): per kind its
 * n·d earliest f or latest l, ascending, copy j taking the j-th d of them. Undefined when a kind
 * has too few.
 */
function endOf(
  kinds: readonly number[][],
  demands: readonly number[],
  table: BracketTable,
  times: readonly Instant[],
  n: number,
  direction: 1 | -1,
): End | undefined {
  const chosen = kinds.map((indices, kind) => {
    const taken = leading(indices, table, times, n * (demands[kind] as number), direction);
    return direction === 1 ? taken : taken.reverse();
  });
  if (chosen.some((taken, kind) => taken.length < n * (demands[kind] as number))) return undefined;
  const end: End = { fills: [], times: [] };
  for (let j = 0; j < n; j++) {
    const groups = chosen.map((taken, kind) => {
      const demand = demands[kind] as number;
      return taken.slice(j * demand, (j + 1) * demand);
    });
    // The latest of P1's groups, the earliest of Pk's: each group is ascending.
    const bounds = groups.map((group) => (group[direction === 1 ? group.length - 1 : 0] as Timed).time);
    const bound = bounds.reduce((x, y) => (direction * compareInstants(x, y) < 0 ? y : x));
    end.fills.push(groups.map((group) => group.map(({ index }) => index)));
    end.times.push(bound);
  }
  return end;
}

/** A partial copy: its instances so far, and the time the next must not precede. */
interface Partial {
  fill: Fill;
  time: Instant;
}

/**
 * The greedy of the header through the middle layers (points only), from the copies started at
 * `heads`: the partial copies sorted by their final time, or undefined when a layer runs out.
 */
function throughMiddles(
  middles: readonly number[][][],
  demands: readonly number[][],
  table: BracketTable,
  heads: End,
): Partial[] | undefined {
  const n = heads.times.length;
  let partial: Partial[] = heads.fills.map((fill, j) => ({ fill: [fill], time: heads.times[j] as Instant }));
  for (const [i, layer] of middles.entries()) {
    partial.sort((x, y) => compareInstants(x.time, y.time));
    const picks = layer.map((indices, kind) =>
      pickPoints(indices, (demands[i] as number[])[kind] as number, table, partial, n),
    );
    if (picks.some((pick) => pick === undefined)) return undefined;
    partial = partial.map(({ fill }, j) => {
      const taken = picks.map((pick) => (pick as Timed[][])[j] as Timed[]);
      // Each copy's picks of a kind are ascending: its new time is the latest of their last ones.
      const time = taken
        .map((group) => (group[group.length - 1] as Timed).time)
        .reduce((x, y) => (compareInstants(x, y) < 0 ? y : x));
      return { fill: [...fill, taken.map((group) => group.map(({ index }) => index))], time };
    });
  }
  return partial.sort((x, y) => compareInstants(x.time, y.time));
}

/**
 * One kind's picks for the partial copies (sorted by time): each takes the `demand` earliest
 * unused instances at or after its time; undefined when the kind runs out.
 */
function pickPoints(
  indices: readonly number[],
  demand: number,
  table: BracketTable,
  partial: readonly Partial[],
  n: number,
): Timed[][] | undefined {
  // The kind's instances by time; at most n·demand of one observation can be used.
  const instances = [...indices]
    .sort((x, y) => compareInstants(table.first[x] as Instant, table.first[y] as Instant))
    .flatMap((index) => {
      const count = Math.min((table.observations[index] as Observation).numberObserved, n * demand);
      return Array.from({ length: count }, (): Timed => ({ index, time: table.first[index] as Instant }));
    });
  const times = instances.map(({ time }) => time);
  // The picks grow with the copies, and what lies before a pick and is unused lies before the
  // next copy's time: the earliest unused instance at or after τ is the first past both.
  let next = 0;
  const picks: Timed[][] = [];
  for (const { time } of partial) {
    next = Math.max(next, lowerBound(times, time));
    const taken = instances.slice(next, next + demand);
    if (taken.length < demand) return undefined;
    picks.push(taken);
    next += demand;
  }
  return picks;
}

/**
 * Per middle kind, the instances filling each window [α_j, δ_j] (as many as the kind's demand),
 * or undefined when a kind cannot fill them all: each window repeated demand times, the instances
 * by the last window they meet, each into the first free window it meets.
 */
function fillWindows(
  kinds: readonly number[][],
  demands: readonly number[],
  table: BracketTable,
  heads: End,
  tails: End,
): number[][][] | undefined {
  const filled = kinds.map((indices, kind) => {
    const demand = demands[kind] as number;
    const repeat = (times: readonly Instant[]) =>
      times.flatMap((time) => new Array<Instant>(demand).fill(time));
    const windows = fillRepeatedWindows(indices, table, repeat(heads.times), repeat(tails.times));
    return windows && heads.times.map((_, j) => windows.slice(j * demand, (j + 1) * demand));
  });
  return filled.some((kind) => kind === undefined) ? undefined : (filled as number[][][]);
}

/** The instance filling each window [alphas[w], deltas[w]], or undefined when one stays empty. */
function fillRepeatedWindows(
  middles: readonly number[],
  table: BracketTable,
  alphas: readonly Instant[],
  deltas: readonly Instant[],
): number[] | undefined {
  const ranges = middles
    .map((index) => ({
      index,
      from: lowerBound(deltas, table.first[index] as Instant),
      to: upperBound(alphas, table.last[index] as Instant) - 1,
    }))
    .filter(({ from, to }) => from <= to)
    .sort((x, y) => x.to - y.to);
  const filled: number[] = [];
  let count = 0;
  const free = freeWindows(alphas.length);
  for (const { index, from, to } of ranges) {
    let left = (table.observations[index] as Observation).numberObserved;
    for (let w = free.from(from); left > 0 && w <= to; w = free.from(w)) {
      filled[w] = index;
      free.take(w);
      left--;
      count++;
    }
  }
  return count === alphas.length ? filled : undefined;
}

/** Windows 0..n-1 taken one by one; `from(k)` is the first free one at or after k (n when none). */
function freeWindows(n: number): { from(k: number): number; take(k: number): void } {
  // next[k] leads towards the first free window at or after k; paths are shortened as they are read.
  const next = Array.from({ length: n + 1 }, (_, k) => k);
  const from = (k: number): number => {
    let root = k;
    while (next[root] !== root) root = next[root] as number;
    for (let step = k; step !== root; ) {
      const following = next[step] as number;
      next[step] = root;
      step = following;
    }
    return root;
  };
  const take = (k: number): void => {
    next[k] = k + 1;
  };
  return { from, take };
}
