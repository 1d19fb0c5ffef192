// A plain chain (plain-chain.ts) under a WITHIN around all of it: `([a] FOLLOWEDBY [b] FOLLOWEDBY
// [c]) WITHIN 300 SECONDS`, the commonest temporal pattern there is, and `([a] FOLLOWEDBY [b])
// REPEATS 5 TIMES WITHIN 60 SECONDS`. The threshold search (solve.ts) fixes a threshold per
// FOLLOWEDBY of every copy and gave up on some of these (3 of 60 random near-misses of 40-70
// observations, REPEATS 4-8).
//
// The WITHIN holds exactly when some threshold t has first <= t <= last + w for every instance
// used (take t the latest first), and then it says nothing more: the chain's own constraints are
// those of the plan without it. So for each first_observed taken as t, the chain is decided over
// the observations inside alone, by plain-chain.ts, which is exact there: O(N) chains of
// O(N log N) each. Where plain-chain.ts leaves the observations inside to the search (shared
// roles over intervals, interval middles of a chain of four), the whole plan is left to it.

import type { ObservationBracket } from '../ast.js';
import type { Observation } from '../observation.js';
import type { Assignment } from './assignment.js';
import type { BracketTable } from './bracket.js';
import { isPlainChain, solvePlainChain } from './plain-chain.js';
import type { Plan } from './plan.js';
import type { Instant } from './time.js';

/** A plan read as a chain inside a WITHIN: the plan without that WITHIN, and its offset. */
interface WindowedChain {
  chain: Plan;
  offset: bigint;
}

/** Per plan, once (plain-chain.ts reads each plan it is given once, keyed on the object). */
const readings = new WeakMap<Plan, WindowedChain | null>();

/**
 * Decides the plan: an assignment, undefined when there is none, or 'undecided' when the plan is
 * not a plain chain inside a WITHIN or plain-chain.ts does not take the observations inside.
 * `masks` gives per observation the plan's slots it may fill, the WITHIN aside, and no match's
 * latest first_observed is before `floor` (solve.ts).
 */
export function solveWindowedChain(
  plan: Plan,
  table: BracketTable,
  masks: readonly bigint[],
  floor?: Instant,
): Assignment | undefined | 'undecided' {
  let reading = readings.get(plan);
  if (reading === undefined) {
    reading = withoutWindow(plan) ?? null;
    readings.set(plan, reading);
  }
  if (reading === null) return 'undecided';
  const { chain, offset } = reading;
  const candidates = masks.flatMap((mask, index) => (mask === 0n ? [] : [index]));
  const thresholds = [...new Set(candidates.map((index) => table.first[index] as Instant))].filter(
    (threshold) => floor === undefined || threshold >= floor,
  );
  for (const threshold of thresholds) {
    const inside = candidates.filter(
      (index) =>
        (table.first[index] as Instant) <= threshold && threshold <= (table.last[index] as Instant) + offset,
    );
    if (!enoughFor(plan, inside, masks, table)) continue;
    // A witness, or 'undecided' for observations plain-chain.ts does not take: either ends it.
    const found = solvePlainChain(chain, restrictedTo(table, inside));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The plan without a WITHIN around all its slots, when it has one and the rest is FOLLOWEDBY. */
function withoutWindow(plan: Plan): WindowedChain | undefined {
  const around = plan.constraints.findIndex((_, c) =>
    plan.slots.every((slot) => slot.early.includes(c) && slot.late.includes(c)),
  );
  if (around === -1) return undefined;
  const offset = (plan.constraints[around] as Plan['constraints'][number]).offset;
  // The WITHIN's constraint stays in the list, unused, so the others keep their numbers.
  const chain: Plan = {
    constraints: plan.constraints.map((constraint, c) => (c === around ? { offset: 0n } : constraint)),
    slots: plan.slots.map((slot) => ({
      ...slot,
      early: slot.early.filter((c) => c !== around),
      late: slot.late.filter((c) => c !== around),
    })),
  };
  return isPlainChain(chain) ? { chain, offset } : undefined;
}

/** Whether each slot, alone, could get its demand from these observations (a cheap necessary test). */
function enoughFor(
  plan: Plan,
  inside: readonly number[],
  masks: readonly bigint[],
  table: BracketTable,
): boolean {
  return plan.slots.every((slot, s) => {
    const bit = 1n << BigInt(s);
    let instances = 0;
    for (const index of inside) {
      if (((masks[index] as bigint) & bit) !== 0n)
        instances += (table.observations[index] as Observation).numberObserved;
      if (instances >= slot.demand) return true;
    }
    return false;
  });
}

/** The table with every bracket unsatisfied by the observations not in `inside`. */
function restrictedTo(table: BracketTable, inside: readonly number[]): BracketTable {
  const satisfied = new Map<ObservationBracket, Uint8Array>();
  for (const [bracket, flags] of table.satisfied) {
    const kept = new Uint8Array(flags.length);
    for (const index of inside) kept[index] = flags[index] as number;
    satisfied.set(bracket, kept);
  }
  return { ...table, satisfied };
}
