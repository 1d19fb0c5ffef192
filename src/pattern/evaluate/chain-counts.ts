// `([x1] FOLLOWEDBY ... FOLLOWEDBY [xk]) REPEATS n TIMES` when an instance may fit several of the
// k brackets (shared roles) but every instance fitting any of them is a point t (f = l). Each
// instance fills at most one bracket of one copy. plain-chain.ts recognises the chain and hands
// its points here; the distinct-role greedy there does not apply to shared roles.
//
// Over points the pairs f_i <= l_j (i < j) of a copy read t_1 <= t_2 <= ... <= t_k: a copy is a
// walk through the stages 1..k at nondecreasing instants. Take the instants in time order and
// keep the vector (c_0..c_k) of how many copies have completed exactly i stages. Exact because:
// - Copies at one stage are interchangeable: whatever they did, their last instant is at or
//   before the current one, and a copy's future needs only its stage and that its last instant
//   is not after the next one (FOLLOWEDBY allows equal times).
// - Within one instant a copy may advance several stages, each with a distinct instance of that
//   instant fitting the stage it enters. Let d_s be how many copies enter stage s there. The
//   moves exist iff d_s <= c_(s-1) + d_(s-1) (copies present at s-1, counting arrivals, d_0 = 0):
//   take the stages in order and move any d_s copies on from s-1. The instances exist iff the
//   stage demands d match the instant's instances, each to one stage it fits: by Hall's theorem,
//   iff every set S of stages has sum over S of d_s <= the instances fitting some stage of S.
// - Every assignment of instances is such a d per instant, and every such d is one, so the
//   reachable vectors after the last instant hold c_k = n iff a match exists.
// The reachable vectors are kept per instant with the step that first reached each; more than
// MAX_STATES of them at one instant, or more than MAX_STEPS steps in all, and the plan is left
// to the general search ('undecided').

import { allocate, type Group } from './flow.js';
import { compareInstants } from './sorted-instants.js';
import type { Instant } from './time.js';

/** One observation fitting some bracket of the chain, seen at one time. */
export interface ChainPoint {
  /** The observation's index. */
  index: number;
  time: Instant;
  /** The chain positions (0..k-1) it fits, as bits. */
  mask: number;
  /** Its instances (number_observed). */
  count: number;
}

const MAX_STATES = 20_000;
const MAX_STEPS = 2_000_000;
/** Hall's condition is checked over all 2^k sets of stages. */
const MAX_LENGTH = 12;

/** How a vector was first reached: the vector before the instant, and the stage demands there. */
interface Step {
  before: string;
  demands: number[];
}

/**
 * Per copy, the observation filling each of the k positions, in chain order; undefined when the
 * n copies cannot be formed, 'undecided' when the search is too large.
 */
export function chainCounts(
  points: readonly ChainPoint[],
  k: number,
  n: number,
): number[][] | undefined | 'undecided' {
  if (k > MAX_LENGTH || k < 1 || n < 1) return 'undecided';
  const instants = instantsOf(points);
  const start = [n, ...Array.from({ length: k }, () => 0)];
  const startKey = start.join(',');
  let current = new Map<string, number[]>([[startKey, start]]);
  const steps: Array<Map<string, Step>> = [];
  let budget = MAX_STEPS;
  let reached: string | undefined;
  for (const instant of instants) {
    const capacity = capacityOf(instant, k, n);
    const next = new Map<string, number[]>();
    const taken = new Map<string, Step>();
    for (const [key, counts] of current) {
      // Staying put is one of the demands (all zero).
      const all = demandsOf(counts, capacity, k, budget);
      if (all === undefined) return 'undecided';
      budget -= all.length;
      for (const demands of all) {
        const after = counts.map((c, s) => c + (demands[s] ?? 0) - (demands[s + 1] ?? 0));
        const afterKey = after.join(',');
        if (next.has(afterKey)) continue;
        next.set(afterKey, after);
        taken.set(afterKey, { before: key, demands });
        if (after[k] === n) reached = afterKey;
      }
      if (reached !== undefined) break;
    }
    if (next.size > MAX_STATES) return 'undecided';
    steps.push(taken);
    current = next;
    if (reached !== undefined) break;
  }
  if (reached === undefined) return undefined;
  // The demands per instant on the way to `reached`, first instant first.
  const path: number[][] = [];
  for (let i = steps.length - 1, key = reached; i >= 0; i--) {
    const step = (steps[i] as Map<string, Step>).get(key) as Step;
    path.push(step.demands);
    key = step.before;
  }
  path.reverse();
  return copiesAlong(instants, path, k, n);
}

/** The points grouped by time, in time order. */
function instantsOf(points: readonly ChainPoint[]): ChainPoint[][] {
  const sorted = [...points].sort((x, y) => compareInstants(x.time, y.time));
  const instants: ChainPoint[][] = [];
  let last: Instant | undefined;
  for (const point of sorted) {
    if (point.time !== last) instants.push([]);
    last = point.time;
    (instants[instants.length - 1] as ChainPoint[]).push(point);
  }
  return instants;
}

/**
 * Per set of stages (bit s - 1 for stage s), how many of the instant's instances fit some stage
 * of it, each observation counted at most n * k times (no more can be used).
 */
function capacityOf(instant: readonly ChainPoint[], k: number, n: number): number[] {
  const capacity = Array.from({ length: 1 << k }, () => 0);
  for (const { mask, count } of instant) {
    const usable = Math.min(count, n * k);
    for (let set = 1; set < 1 << k; set++) if (set & mask) capacity[set] = (capacity[set] as number) + usable;
  }
  return capacity;
}

/**
 * Every demand vector (index s: copies entering stage s, index 0 unused and 0) that the copies
 * `counts` can carry out and the instant's instances can supply (Hall's condition); undefined
 * when there are more than `most`.
 */
function demandsOf(
  counts: readonly number[],
  capacity: readonly number[],
  k: number,
  most: number,
): number[][] | undefined {
  const found: number[][] = [];
  const demands = Array.from({ length: k + 1 }, () => 0);
  const extend = (s: number): void => {
    if (found.length > most) return;
    if (s > k) {
      found.push([...demands]);
      return;
    }
    const present = (counts[s - 1] as number) + (demands[s - 1] as number);
    for (let d = 0; d <= present; d++) {
      demands[s] = d;
      if (!supplied(demands, capacity, s)) break;
      extend(s + 1);
    }
    demands[s] = 0;
  };
  extend(1);
  return found.length > most ? undefined : found;
}

/** Hall's condition for the sets of stages whose highest stage is s (the lower ones are checked). */
function supplied(demands: readonly number[], capacity: readonly number[], s: number): boolean {
  const top = 1 << (s - 1);
  for (let lower = 0; lower < top; lower++) {
    const set = top | lower;
    let demand = 0;
    for (let t = 1; t <= s; t++) if (set & (1 << (t - 1))) demand += demands[t] as number;
    if (demand > (capacity[set] as number)) return false;
  }
  return true;
}

/**
 * The copies for a path of demands: at each instant the demanded stages are matched to instances
 * (augmenting paths, which Hall's condition lets complete), then the stages are taken in order
 * and each demand moves on a copy standing at the stage before.
 */
function copiesAlong(
  instants: readonly ChainPoint[][],
  path: readonly number[][],
  k: number,
  n: number,
): number[][] {
  const stage = Array.from({ length: n }, () => 0);
  const chains = Array.from({ length: n }, (): number[] => []);
  path.forEach((demands, i) => {
    const instant = instants[i] as ChainPoint[];
    const byStage = matchStages(instant, demands, k, n);
    for (let s = 1; s <= k; s++) {
      const supply = byStage[s] as number[];
      for (let d = 0; d < (demands[s] as number); d++) {
        const copy = stage.indexOf(s - 1);
        stage[copy] = s;
        (chains[copy] as number[])[s - 1] = supply[d] as number;
      }
    }
  });
  return chains;
}

/**
 * Per stage, the observations (once per instance) of the instant given to its demand: the
 * b-matching of flow.ts, stage s - 1 standing for stage s.
 */
function matchStages(
  instant: readonly ChainPoint[],
  demands: readonly number[],
  k: number,
  n: number,
): number[][] {
  const groups = instant.map(
    ({ mask, count }): Group => ({ mask: BigInt(mask), capacity: Math.min(count, n * k) }),
  );
  const flow = allocate(demands.slice(1), groups);
  if (flow === undefined) throw new Error('chain-counts: demands without instances');
  const byStage = Array.from({ length: k + 1 }, (): number[] => []);
  flow.forEach((given, stage) => {
    given.forEach((amount, group) => {
      for (let unit = 0; unit < amount; unit++) {
        (byStage[stage + 1] as number[]).push((instant[group] as ChainPoint).index);
      }
    });
  });
  return byStage;
}
