// Plans made of many independent timed parts, as `((A FOLLOWEDBY B) WITHIN 2 SECONDS AND (C
// FOLLOWEDBY D) WITHIN 3 SECONDS) REPEATS 5 TIMES` gives (ten parts of two slots), decided by one
// sweep over the observations in time order. The threshold search (solve.ts) fixes a threshold per
// constraint of every copy, n^(constraints) in the worst case, and its relaxed checks see little
// when the observations only just suffice; here the copies are placed whole, in time order.
//
// A part is a set of slots linked by constraints; different parts share nothing but the
// observation instances they draw from. The sweep applies when every part with constraints is
// windowed: one of its constraints bounds all its slots (tails, heads aside) on both sides (a WITHIN
// around them), so each observation of a copy has first_observed <= last_observed of the copy's earliest
// observation + the WITHIN. Slots on no constraint's early side (tails: the `[c]` of `((a
// FOLLOWEDBY b) WITHIN 2 SECONDS FOLLOWEDBY [c])`) are left out of that: a tail only needs an
// instance whose last_observed reaches a threshold the rest of its copy sets, anywhere in time,
// and edge-supply.ts counts them against the instances left by Hall's condition instead of placing
// them. Parts led by slots on no late side (heads) are swept with time mirrored (sweepableOf), or,
// where other parts have tails, counted by edge-supply.ts alike. A part may go on past its tail in a
// chain (`... WITHIN 2 SECONDS FOLLOWEDBY [c] FOLLOWEDBY [d]`): over point observations, its middle
// `[c]` is taken at the end of a group of equal first_observed and `[d]` is a tail from then on
// (chain-sweep.ts); the state then holds the chains waiting for their middle, and the instances used
// in the current group behind the position.
// Parts of the same shape (brackets, demands, constraints), such as the copies of a REPEATS, form
// a kind (sweep-kinds.ts): they are interchangeable, so only how many copies of each kind are left
// matters, not which. A slot without constraints is a kind of one-instance copies.
//
// Observations are taken in order of first_observed; each copy is placed at once, at its earliest
// observation (its anchor), on observations from there on. Past a position, what is left to
// decide depends only on the position, the copies left of each kind, and the instances from the
// position on that copies placed behind it already use, and the tails' and heads' slack (edge-supply.ts);
// those lie within one window of their anchors, so the state is small, and a state that failed
// once is not explored again. Hall's condition between the slots of the copies left and the
// instances left (windows relaxed) cuts states that cannot succeed. States are at most N x prod(copies of kind k + 1) x (usage patterns
// of one window), each trying the placements anchored at its position (at most w^units per kind, w the observations in
// a window): polynomial in the number of observations and of copies for windows of bounded
// population. A crowded window makes the usage patterns many: the sweep then stops at its share of
// the work budget and leaves the plan to the threshold search, which is exact as well.

import type { Observation } from '../observation.js';
import { type Assignment, assignmentOf, fits } from './assignment.js';
import type { BracketTable } from './bracket.js';
import type { WorkBudget } from './budget.js';
import { WaitingChains } from './chain-sweep.js';
import { type EdgeDemand, EdgeSupply, MAX_CELLS } from './edge-supply.js';
import type { Plan, Slot } from './plan.js';
import { compareInstants, upperBound } from './sorted-instants.js';
import { type Edge, type Kind, MAX_SLOTS, placedSlots, sweepableOf } from './sweep-kinds.js';
import type { Instant } from './time.js';

/** Observations at most: the sweep recurses twice per position. */
const MAX_POSITIONS = 2_000;
/** Placements of one copy at one position at most (each is kept, and tried as the sweep goes). */
const MAX_PLACEMENTS = 10_000;

/** Steps of an enumeration between two reports to the budget. */
const SPEND_EVERY = 4_096;

/** The part of the budget left that the sweep may spend before it leaves the plan to solve.ts. */
const SHARE = 0.5;
/**
 * The same for plans with chains, which the threshold search hardly ever decides once the sweep
 * has given up (none of the 14 random near-misses left too-complex at SHARE): nearly all of it.
 * Measured: 5 -> 1 of 120 and 9 -> 8 of 80 too-complex, the slowest decided in 300 ms.
 */
const CHAIN_SHARE = 0.95;

/** A copy placed: its kind, per unit the position of the instance it takes, per tail and head its threshold. */
interface Placement {
  kind: number;
  units: Int32Array;
  tails: Instant[];
  heads: Instant[];
}

/** Thrown through the recursion when the sweep has spent its share. */
class ShareSpent extends Error {}

/**
 * Decides the plan by the sweep: an assignment, undefined when there is none, or 'undecided' when
 * the plan is not made of windowed parts or the sweep would cost more than its share of `budget`.
 */
export function sweepPlan(
  plan: Plan,
  table: BracketTable,
  budget: WorkBudget,
): Assignment | undefined | 'undecided' {
  const sweepable = sweepableOf(plan);
  if (sweepable === undefined) return 'undecided';
  const { kinds } = sweepable;
  const times: Times = sweepable.mirrored
    ? { first: table.last.map((last) => -last), last: table.first.map((first) => -first) }
    : table;
  // Counted before the sweep's tables are built for them.
  const positions = positionsOf(sweepable.plan, table, times);
  if (positions.length > MAX_POSITIONS) return 'undecided';
  if (!chainsOnPoints(sweepable.plan, kinds, table, times, positions)) return 'undecided';
  const edgeTypes = edgeTypesOf(sweepable.plan, kinds, table, positions);
  // The relaxed check takes each supply of tails and heads for one more slot.
  if (placedSlots(kinds) + edgeTypes.supplies.length > MAX_SLOTS) return 'undecided';
  // Thresholds: per position and offset at most.
  const thresholds = (type: number) => positions.length * new Set(edgeTypes.offsets[type]).size;
  if (edgeTypes.supplies.some((types) => EdgeSupply.cells(types.map(thresholds)) > MAX_CELLS))
    return 'undecided';
  try {
    return new Sweep(sweepable.plan, kinds, table, times, budget, positions, edgeTypes).run();
  } catch (error) {
    if (error instanceof ShareSpent) return 'undecided';
    throw error;
  }
}

/** Whether the observation at `index` may fill the plan's slot. */
function accepts(plan: Plan, table: BracketTable, index: number, slot: number): boolean {
  return (plan.slots[slot] as Slot).alternatives.some((a) => fits(a, table, index));
}

/**
 * Whether every observation that the middle of some copy accepts is a point, as chain-sweep.ts
 * needs. Its chained tails may accept intervals: a tail needs only last_observed >= its threshold,
 * the middle's time.
 */
function chainsOnPoints(
  plan: Plan,
  kinds: readonly Kind[],
  table: BracketTable,
  times: Times,
  positions: readonly number[],
): boolean {
  const slots = kinds.flatMap((kind) =>
    kind.middle === undefined ? [] : [(kind.copies[0] as number[])[kind.middle] as number],
  );
  if (slots.length === 0) return true;
  return positions.every(
    (index) =>
      times.first[index] === times.last[index] || !slots.some((slot) => accepts(plan, table, index, slot)),
  );
}

/** The observations some slot accepts, by first_observed (then input order). */
function positionsOf(plan: Plan, table: BracketTable, times: Times): number[] {
  return table.observations
    .map((_, index) => index)
    .filter((index) => plan.slots.some((_, s) => accepts(plan, table, index, s)))
    .sort((a, b) => compareInstants(times.first[a] as Instant, times.first[b] as Instant) || a - b);
}

/** Observation times, by observation index, as the sweep reads them. */
interface Times {
  first: readonly Instant[];
  last: readonly Instant[];
}

/**
 * Tails whose slots accept the same observations are of one type, and so are heads. Types that
 * share an observation are served from one supply (edge-supply.ts), each type an axis of its grid.
 */
interface EdgeTypes {
  /** Per type, per position: whether the observation fits. */
  fits: Uint8Array[];
  /** Per type, the offsets of the constraints its tails or heads are on. */
  offsets: bigint[][];
  /** Per type, whether it is a tail type. */
  isTail: boolean[];
  /** Per type, its supply, and its axis in the supply's grid. */
  supplyOf: number[];
  axisOf: number[];
  /** Per kind, per tail, per head: its type. */
  tailTypeOf: number[][];
  headTypeOf: number[][];
  /** Per supply, its types in the order of its axes. */
  supplies: number[][];
}

function edgeTypesOf(
  plan: Plan,
  kinds: readonly Kind[],
  table: BracketTable,
  positions: readonly number[],
): EdgeTypes {
  const types: EdgeTypes = {
    fits: [],
    offsets: [],
    isTail: [],
    supplyOf: [],
    axisOf: [],
    tailTypeOf: [],
    headTypeOf: [],
    supplies: [],
  };
  const byFits = new Map<string, number>();
  const typeOf = (kind: Kind, edge: Edge, isTail: boolean): number => {
    const slot = (kind.copies[0] as number[])[edge.place] as number;
    const fits = Uint8Array.from(positions, (index) => (accepts(plan, table, index, slot) ? 1 : 0));
    const key = `${isTail}|${fits.join('')}`;
    let type = byFits.get(key);
    if (type === undefined) {
      type = types.fits.push(fits) - 1;
      types.offsets.push([]);
      types.isTail.push(isTail);
      byFits.set(key, type);
    }
    (types.offsets[type] as bigint[]).push(...edge.bounds.map(({ offset }) => offset));
    return type;
  };
  for (const kind of kinds) {
    types.tailTypeOf.push(kind.tails.map((tail) => typeOf(kind, tail, true)));
    types.headTypeOf.push(kind.heads.map((head) => typeOf(kind, head, false)));
  }
  // Types sharing an observation, joined into supplies.
  const parent = types.fits.map((_, t) => t);
  const root = (t: number): number => {
    while (parent[t] !== t) t = parent[t] as number;
    return t;
  };
  positions.forEach((_, q) => {
    const sharing = types.fits.flatMap((fits, t) => (fits[q] === 1 ? [t] : []));
    for (const t of sharing) parent[root(t)] = root(sharing[0] as number);
  });
  const supplyOfRoot = new Map<number, number>();
  for (let t = 0; t < types.fits.length; t++) {
    let supply = supplyOfRoot.get(root(t));
    if (supply === undefined) {
      supply = types.supplies.push([]) - 1;
      supplyOfRoot.set(root(t), supply);
    }
    types.supplyOf.push(supply);
    types.axisOf.push((types.supplies[supply] as number[]).push(t) - 1);
  }
  return types;
}

class Sweep {
  private readonly first: Instant[];
  private readonly last: Instant[];
  private readonly capacity: Int32Array;
  /** Instances per position taken by the copies placed so far. */
  private readonly used: Int32Array;
  /** One past the highest position a placed copy ever used: the state reads no further. */
  private reach = 0;
  /** Copies left to place, per kind. */
  private readonly left: number[];
  private readonly placed: Placement[] = [];
  /** States (stateKey) from which the copies left cannot be placed. */
  private readonly failed = new Set<string>();
  /** Per kind, per place of a slot in a copy: whether the observation at each position fits it. */
  private readonly slotFits: Uint8Array[][];
  /**
   * Per kind, per constraint of a copy, per position: the latest first_observed the constraint
   * allows beside that observation on its late side (last_observed + offset).
   */
  private readonly limit: Instant[][][];
  /** Placements anchored at each position, per kind, computed on first use. */
  private readonly anchored: Array<Map<number, Int32Array[]>>;
  /**
   * For the relaxed check, the slots of all kinds (a slot of kind k standing for that slot in
   * every copy of k), the middles of chains (one slot per kind, standing for the middle of every
   * chain of the kind still without one) and the supplies of tails and heads: per slot the
   * instances a copy of its kind takes (for a supply, no kind, those all its tails and heads take),
   * per position the slots its observation fits as bits while the sweep has not passed it, those
   * it fits once passed while its group of equal first_observed is not (its supply's and middles'),
   * and those it fits once its group is passed (its supply's).
   */
  private readonly slots: Array<{ kind?: number; middle?: number; instances: number }> = [];
  private readonly slotMask: Int32Array;
  private readonly groupMask: Int32Array;
  private readonly passedMask: Int32Array;
  /**
   * Per set of slots, the free instances that fit exactly those slots: kept up to date as copies
   * are placed and positions passed, so that the relaxed check costs the same at any position.
   */
  private readonly freeBySlots: Float64Array;
  /** Scratch for the relaxed check: per set of slots, instances fitting only slots in it. */
  private readonly within: Float64Array;
  /** Scratch for the relaxed check: per set of slots, the instances the copies left need. */
  private readonly needed: Float64Array;
  /** The sweep gives up when the budget's left falls under this. */
  private readonly floor: number;
  /** The instances left for tails and heads against those of the copies placed. */
  private readonly supplies: EdgeSupply[];
  /** Per position, the supply its observation may serve, -1 for none. */
  private readonly supplyOf: Int32Array;
  /** Per position, the axes of its supply that its observation fits (bit a for axis a). */
  private readonly axesFitted: Int32Array;
  /** Per kind, per supply, per axis of it: the tail or head units a copy has of that type. */
  private readonly edgeUnits: number[][][];
  /** Likewise, the chained tails only: those a chain still without its middle has to come. */
  private readonly chainedUnits: number[][][];
  /** Whether some kind has a chain's middle: groups of equal first_observed end with a decision then. */
  private readonly hasChains: boolean;
  /** Per position, the first position of its group (equal first_observed). */
  private readonly groupStart: Int32Array;
  private readonly chains: WaitingChains;
  /** The middles taken so far: kind, position (its time is the chained tails' threshold). */
  private readonly middles: Array<{ kind: number; q: number }> = [];

  constructor(
    private readonly plan: Plan,
    private readonly kinds: readonly Kind[],
    private readonly table: BracketTable,
    times: Times,
    private readonly budget: WorkBudget,
    /** Observation index per position: the observations some slot accepts, by first_observed. */
    private readonly positions: readonly number[],
    private readonly edgeTypes: EdgeTypes,
  ) {
    this.first = this.positions.map((index) => times.first[index] as Instant);
    this.last = this.positions.map((index) => times.last[index] as Instant);
    this.capacity = Int32Array.from(
      this.positions,
      (index) => (table.observations[index] as Observation).numberObserved,
    );
    this.used = new Int32Array(this.positions.length);
    this.left = kinds.map((kind) => kind.copies.length);
    this.slotFits = kinds.map((kind) =>
      (kind.copies[0] as number[]).map((slot) =>
        Uint8Array.from(this.positions, (index) => (accepts(plan, table, index, slot) ? 1 : 0)),
      ),
    );
    const limitByOffset = new Map<bigint, Instant[]>();
    this.limit = kinds.map((kind) =>
      kind.constraints.map(({ offset }) => {
        let limit = limitByOffset.get(offset);
        if (limit === undefined) {
          limit = this.last.map((last) => last + offset);
          limitByOffset.set(offset, limit);
        }
        return limit;
      }),
    );
    this.anchored = kinds.map(() => new Map());
    this.slotMask = new Int32Array(this.positions.length);
    this.passedMask = new Int32Array(this.positions.length);
    const middleBits = new Int32Array(this.positions.length);
    kinds.forEach((kind, k) => {
      for (const place of new Set(kind.units)) {
        const bit = 1 << this.slots.length;
        this.slots.push({ kind: k, instances: kind.units.filter((p) => p === place).length });
        ((this.slotFits[k] as Uint8Array[])[place] as Uint8Array).forEach((fit, q) => {
          if (fit) this.slotMask[q] = (this.slotMask[q] as number) | bit;
        });
      }
    });
    kinds.forEach((kind, k) => {
      if (kind.middle === undefined) return;
      const bit = 1 << this.slots.length;
      this.slots.push({ middle: k, instances: 1 });
      ((this.slotFits[k] as Uint8Array[])[kind.middle] as Uint8Array).forEach((fit, q) => {
        if (!fit) return;
        this.slotMask[q] = (this.slotMask[q] as number) | bit;
        middleBits[q] = (middleBits[q] as number) | bit;
      });
    });
    // Each supply is one slot, fitting what any of its types fits: a relaxation still, and a slot
    // fewer where tails and heads share observations.
    const firstEdgeSlot = this.slots.length;
    for (const _ of edgeTypes.supplies) this.slots.push({ instances: 0 });
    edgeTypes.fits.forEach((fits, type) => {
      const slot = this.slots[firstEdgeSlot + (edgeTypes.supplyOf[type] as number)] as { instances: number };
      const bit = 1 << (firstEdgeSlot + (edgeTypes.supplyOf[type] as number));
      const instances = kinds.reduce((sum, kind, k) => {
        const [edges, typeOf] = edgeTypes.isTail[type]
          ? [kind.tails, edgeTypes.tailTypeOf[k] as number[]]
          : [kind.heads, edgeTypes.headTypeOf[k] as number[]];
        const ofType = edges.filter((_, e) => typeOf[e] === type);
        return sum + kind.copies.length * ofType.reduce((units, edge) => units + edge.demand, 0);
      }, 0);
      slot.instances += instances;
      fits.forEach((fit, q) => {
        if (!fit) return;
        this.slotMask[q] = (this.slotMask[q] as number) | bit;
        this.passedMask[q] = (this.passedMask[q] as number) | bit;
      });
    });
    this.groupMask = this.passedMask.map((mask, q) => mask | (middleBits[q] as number));
    this.freeBySlots = new Float64Array(1 << this.slots.length);
    this.slotMask.forEach((mask, q) => {
      this.freeBySlots[mask] = (this.freeBySlots[mask] as number) + (this.capacity[q] as number);
    });
    this.within = new Float64Array(1 << this.slots.length);
    this.needed = new Float64Array(1 << this.slots.length);
    const chained = kinds.some((kind) => kind.middle !== undefined);
    this.floor = budget.left * (1 - (chained ? CHAIN_SHARE : SHARE));
    const spend = (work: number) => this.spend(work);
    this.supplies = edgeTypes.supplies.map(
      (types) =>
        new EdgeSupply(
          types.map((type) => ({
            fits: edgeTypes.fits[type] as Uint8Array,
            isTail: edgeTypes.isTail[type] as boolean,
            offsets: edgeTypes.offsets[type] as bigint[],
          })),
          this.first,
          this.last,
          this.capacity,
          spend,
        ),
    );
    this.supplyOf = new Int32Array(this.positions.length).fill(-1);
    this.axesFitted = new Int32Array(this.positions.length);
    edgeTypes.fits.forEach((fits, type) => {
      fits.forEach((fit, q) => {
        if (!fit) return;
        this.supplyOf[q] = edgeTypes.supplyOf[type] as number;
        this.axesFitted[q] = (this.axesFitted[q] as number) | (1 << (edgeTypes.axisOf[type] as number));
      });
    });
    const unitsOf = (chainedOnly: boolean) =>
      kinds.map((kind, k) => {
        const units = edgeTypes.supplies.map((types) => types.map(() => 0));
        for (const side of ['tails', 'heads'] as const) {
          kind[side].forEach((edge, e) => {
            if (chainedOnly && !edge.chained) return;
            const { supply, axis } = this.edgeOf(k, side, e);
            const counts = units[supply] as number[];
            counts[axis] = (counts[axis] as number) + edge.demand;
          });
        }
        return units;
      });
    this.edgeUnits = unitsOf(false);
    this.chainedUnits = unitsOf(true);
    this.hasChains = kinds.some((kind) => kind.middle !== undefined);
    this.groupStart = new Int32Array(this.positions.length);
    this.first.forEach((first, q) => {
      this.groupStart[q] = q > 0 && this.first[q - 1] === first ? (this.groupStart[q - 1] as number) : q;
    });
    this.chains = new WaitingChains(kinds.length);
  }

  /** The supply, and its axis, of tail or head e of a copy of kind k. */
  private edgeOf(k: number, side: 'tails' | 'heads', e: number): { supply: number; axis: number } {
    const type = ((side === 'tails' ? this.edgeTypes.tailTypeOf : this.edgeTypes.headTypeOf)[k] as number[])[
      e
    ] as number;
    return { supply: this.edgeTypes.supplyOf[type] as number, axis: this.edgeTypes.axisOf[type] as number };
  }

  run(): Assignment | undefined {
    if (!this.from(0)) return undefined;
    const next = this.kinds.map(() => 0);
    const fills: Array<[slot: number, index: number]> = [];
    const demands: EdgeDemand[][] = this.supplies.map(() => []);
    const demandEdge = (
      kind: number,
      side: 'tails' | 'heads',
      e: number,
      slot: number,
      threshold: Instant,
    ) => {
      const { supply, axis } = this.edgeOf(kind, side, e);
      for (let n = (this.kinds[kind] as Kind)[side][e]?.demand as number; n > 0; n--)
        (demands[supply] as EdgeDemand[]).push({ axis, slot, threshold });
    };
    // Per kind, the chains placed (copy, readiness time) and the middles taken (position).
    const chained = this.kinds.map(() => ({
      copies: [] as Array<[number[], Instant]>,
      middles: [] as number[],
    }));
    for (const placement of this.placed) {
      const { kind, units } = placement;
      const { copies, units: places, middle } = this.kinds[kind] as Kind;
      const copy = copies[next[kind] as number] as number[];
      next[kind] = (next[kind] as number) + 1;
      units.forEach((q, u) => {
        fills.push([copy[places[u] as number] as number, this.positions[q] as number]);
      });
      if (middle !== undefined) chained[kind]?.copies.push([copy, this.readiness(units)]);
      for (const side of ['tails', 'heads'] as const) {
        (this.kinds[kind] as Kind)[side].forEach((edge, e) => {
          if (!edge.chained)
            demandEdge(kind, side, e, copy[edge.place] as number, placement[side][e] as Instant);
        });
      }
    }
    for (const { kind, q } of this.middles) chained[kind]?.middles.push(q);
    // A middle serves any chain ready by its time: the earliest ready take the earliest middles.
    // (An assignment lists instances per bracket, which the copies of a kind share, so another
    // pairing would give the same one: this order is right, not observable.)
    chained.forEach(({ copies, middles }, kind) => {
      const { middle, tails } = this.kinds[kind] as Kind;
      copies.sort(([, a], [, b]) => compareInstants(a, b));
      middles.sort((a, b) => a - b);
      copies.forEach(([copy], i) => {
        const q = middles[i] as number;
        fills.push([copy[middle as number] as number, this.positions[q] as number]);
        tails.forEach((edge, e) => {
          if (edge.chained)
            demandEdge(kind, 'tails', e, copy[edge.place] as number, this.first[q] as Instant);
        });
      });
    });
    const free = this.capacity.map((capacity, q) => capacity - (this.used[q] as number));
    this.supplies.forEach((supply, s) => {
      for (const [slot, q] of supply.serve(demands[s] as EdgeDemand[], free)) {
        fills.push([slot, this.positions[q] as number]);
      }
    });
    return assignmentOf(this.plan, this.table, fills);
  }

  /** Places the copies left from position p on, the copies behind it being placed. */
  private from(p: number): boolean {
    if (this.left.every((n) => n === 0) && this.kinds.every((_, k) => this.chains.waiting(k) === 0))
      return true;
    if (p === this.positions.length) return false;
    const key = this.stateKey(p);
    if (key === undefined || this.failed.has(key)) return false;
    if (this.coverable() && this.placeAt(p, 0, 0)) return true;
    this.failed.add(key);
    return false;
  }

  /**
   * Places one more copy anchored at p, or moves on to p + 1. The copies anchored at one position
   * are a multiset: they are taken in order of (kind, placement), a placement possibly again.
   */
  private placeAt(p: number, fromKind: number, fromPlacement: number): boolean {
    for (let k = fromKind; k < this.kinds.length; k++) {
      if (this.left[k] === 0) continue;
      const placements = this.placementsAt(k, p);
      for (let i = k === fromKind ? fromPlacement : 0; i < placements.length; i++) {
        const units = placements[i] as Int32Array;
        this.spend(units.length);
        if (!this.free(units)) continue;
        const placement = { kind: k, units, ...this.edgeThresholds(k, units) };
        this.take(units, 1);
        this.demandEdges(placement, 1);
        this.left[k] = (this.left[k] as number) - 1;
        this.placed.push(placement);
        const chain = (this.kinds[k] as Kind).middle !== undefined;
        if (chain) this.chains.wait(k, this.readiness(units));
        if (this.supplies.every((supply) => supply.holds) && this.placeAt(p, k, i)) return true;
        if (chain) this.chains.unwait(k);
        this.placed.pop();
        this.left[k] = (this.left[k] as number) + 1;
        this.demandEdges(placement, -1);
        this.take(units, -1);
      }
    }
    // Moving past p: what is left free of it can serve no copy anchored later, only tails, and
    // chains' middles until its group ends.
    const passed = (this.capacity[p] as number) - (this.used[p] as number);
    this.addFree(this.slotMask[p] as number, -passed);
    this.addFree(this.groupMask[p] as number, passed);
    const endsGroup =
      this.hasChains && (p + 1 === this.positions.length || this.first[p + 1] !== this.first[p]);
    if (endsGroup ? this.endGroup(p) : this.from(p + 1)) return true;
    this.addFree(this.groupMask[p] as number, -passed);
    this.addFree(this.slotMask[p] as number, passed);
    return false;
  }

  /** When a chain placed on `units` is ready for its middle: their latest first_observed. */
  private readiness(units: Int32Array): Instant {
    let latest = this.first[units[0] as number] as Instant;
    for (const q of units) if ((this.first[q] as Instant) > latest) latest = this.first[q] as Instant;
    return latest;
  }

  /**
   * At the end of the group of positions ending at p, every copy placed so far that is ready for
   * its middle may take one there: tries every number of them per kind and per class of the
   * group's instances, then passes the group.
   */
  private endGroup(p: number): boolean {
    const ripened = this.chains.ripen(this.first[p] as Instant);
    const found = this.takeMiddles(0, this.groupStart[p] as number, p + 1);
    this.chains.unripen(ripened);
    return found;
  }

  /** Middles for the ready chains of kind k on, from the group's positions [start, end). */
  private takeMiddles(k: number, start: number, end: number): boolean {
    while (k < this.kinds.length && (this.kinds[k]?.middle === undefined || this.chains.ready[k] === 0)) k++;
    if (k === this.kinds.length) return this.passGroup(start, end);
    // Free instances of the group that fit the middle, in classes of positions alike for all that
    // comes after (same slots, same supply axes; same times, being points of the group).
    const fits = (this.slotFits[k] as Uint8Array[])[(this.kinds[k] as Kind).middle as number] as Uint8Array;
    const classes = new Map<string, number[]>();
    for (let q = start; q < end; q++) {
      if (fits[q] === 0 || this.used[q] === this.capacity[q]) continue;
      const key = `${this.groupMask[q]}|${this.supplyOf[q]}|${this.axesFitted[q]}`;
      const members = classes.get(key);
      if (members === undefined) classes.set(key, [q]);
      else members.push(q);
    }
    this.spend(end - start + classes.size);
    return this.takeFromClasses(k, [...classes.values()], 0, start, end);
  }

  /**
   * Every number of ready chains of kind k taking their middle from class i, the most first: the
   * most is not always right, an instance taken may be the one a tail needs.
   */
  private takeFromClasses(
    k: number,
    classes: readonly number[][],
    i: number,
    start: number,
    end: number,
  ): boolean {
    if (i === classes.length) return this.takeMiddles(k + 1, start, end);
    const members = classes[i] as number[];
    const taken: number[] = [];
    for (const q of members) {
      for (let n = (this.capacity[q] as number) - (this.used[q] as number); n > 0; n--) {
        if (taken.length < (this.chains.ready[k] as number)) taken.push(q);
      }
    }
    for (let n = taken.length; n >= 0; n--) {
      const some = taken.slice(0, n);
      this.spend(n + 1);
      this.takeMiddle(k, some, 1);
      if (
        this.supplies.every((supply) => supply.holds) &&
        this.takeFromClasses(k, classes, i + 1, start, end)
      )
        return true;
      this.takeMiddle(k, some, -1);
    }
    return false;
  }

  /** Ready chains of kind k take (amount 1) or give back (-1) their middles at `positions`. */
  private takeMiddle(k: number, positions: readonly number[], amount: 1 | -1): void {
    if (positions.length === 0) return;
    for (const q of positions) {
      this.used[q] = (this.used[q] as number) + amount;
      this.addFree(this.groupMask[q] as number, -amount);
      if (this.supplyOf[q] !== -1) (this.supplies[this.supplyOf[q] as number] as EdgeSupply).use(q, amount);
      if (q >= this.reach) this.reach = q + 1;
      if (amount === 1) this.middles.push({ kind: k, q });
      else this.middles.pop();
    }
    this.chains.ready[k] = (this.chains.ready[k] as number) - amount * positions.length;
    // Their chained tails: of threshold the group's time.
    const at = this.first[positions[0] as number] as Instant;
    (this.kinds[k] as Kind).tails.forEach((edge, e) => {
      if (!edge.chained) return;
      const { supply, axis } = this.edgeOf(k, 'tails', e);
      (this.supplies[supply] as EdgeSupply).demand(axis, at, edge.demand * amount * positions.length);
    });
  }

  /** Past the group [start, end): what is left free of it serves only tails from now on. */
  private passGroup(start: number, end: number): boolean {
    const move = (amount: 1 | -1) => {
      for (let q = start; q < end; q++) {
        const free = ((this.capacity[q] as number) - (this.used[q] as number)) * amount;
        this.addFree(this.groupMask[q] as number, -free);
        this.addFree(this.passedMask[q] as number, free);
      }
    };
    move(1);
    const found = this.from(end);
    move(-1);
    return found;
  }

  /**
   * Everything the copies from p on depend on; undefined when the tails of the copies left cannot
   * all be served whatever comes.
   */
  private stateKey(p: number): string | undefined {
    // Chains' middles may still take the instances of p's group behind p.
    const from = this.hasChains ? (this.groupStart[p] as number) : p;
    this.spend(this.reach - from + 1);
    let key = `${p}|${this.left.join(',')}|`;
    for (let q = from; q < this.reach; q++) if (this.used[q] !== 0) key += `${q}:${this.used[q]},`;
    if (this.hasChains) key += `|${this.chains.key()}`;
    // The middles to come: of the copies left and of the chains placed without one.
    let middlesLeft = 0;
    this.kinds.forEach((kind, k) => {
      if (kind.middle !== undefined) middlesLeft += (this.left[k] as number) + this.chains.waiting(k);
    });
    for (const [s, supply] of this.supplies.entries()) {
      const edgesLeft = (this.edgeTypes.supplies[s] as number[]).map(() => 0);
      let unitsLeft = 0;
      this.kinds.forEach((kind, k) => {
        const left = this.left[k] as number;
        const waiting = this.chains.waiting(k);
        const chained = (this.chainedUnits[k] as number[][])[s] as number[];
        ((this.edgeUnits[k] as number[][])[s] as number[]).forEach((count, axis) => {
          edgesLeft[axis] = (edgesLeft[axis] as number) + count * left + (chained[axis] as number) * waiting;
        });
        unitsLeft += kind.units.length * left;
      });
      const eventsLeft = unitsLeft + middlesLeft + edgesLeft.reduce((sum, n) => sum + n, 0);
      const edgeKey = supply.stateAt(this.first[p] as Instant, edgesLeft, eventsLeft, unitsLeft, (axes) =>
        this.placeableAhead(p, s, axes),
      );
      if (edgeKey === undefined) return undefined;
      key += `|${edgeKey}`;
    }
    return key;
  }

  /**
   * Per set m of the axes `axes` of supply s (bit a for axis a), the free instances from position p
   * on that fit a slot of some copy left and exactly the axes of m among `axes`: where the copies to
   * come may place their units, by the axes whose cells they lower there.
   */
  private placeableAhead(p: number, s: number, axes: number): Float64Array {
    const byFit = new Float64Array(1 << (this.edgeTypes.supplies[s] as number[]).length);
    const placing = this.slots.reduce(
      (mask, slot, bit) =>
        slot.kind !== undefined && (this.left[slot.kind] as number) > 0 ? mask | (1 << bit) : mask,
      0,
    );
    this.spend(this.positions.length - p);
    for (let q = p; q < this.positions.length; q++) {
      const free = (this.capacity[q] as number) - (this.used[q] as number);
      if (free === 0 || ((this.slotMask[q] as number) & placing) === 0) continue;
      const fit = this.supplyOf[q] === s ? (this.axesFitted[q] as number) & axes : 0;
      byFit[fit] = (byFit[fit] as number) + free;
    }
    return byFit;
  }

  /**
   * Per tail of a copy of kind k placed on `units`, the latest first on its constraints' early
   * sides less their offset; per head, the earliest last on their late sides plus their offset.
   */
  private edgeThresholds(k: number, units: Int32Array): { tails: Instant[]; heads: Instant[] } {
    const { tails, heads } = this.kinds[k] as Kind;
    const threshold = (edge: Edge, time: readonly Instant[], sign: 1n | -1n): Instant => {
      let best: Instant | undefined;
      for (const { units: bounding, offset } of edge.bounds) {
        for (const u of bounding) {
          const bound = (time[units[u] as number] as Instant) - sign * offset;
          if (best === undefined || (sign === 1n ? bound > best : bound < best)) best = bound;
        }
      }
      return best as Instant;
    };
    return {
      tails: tails.map((tail) => threshold(tail, this.first, 1n)),
      heads: heads.map((head) => threshold(head, this.last, -1n)),
    };
  }

  private demandEdges(placement: Placement, amount: number): void {
    for (const side of ['tails', 'heads'] as const) {
      (this.kinds[placement.kind] as Kind)[side].forEach((edge, e) => {
        // A chained tail is demanded once its middle is taken (takeMiddle).
        if (edge.chained) return;
        const { supply, axis } = this.edgeOf(placement.kind, side, e);
        (this.supplies[supply] as EdgeSupply).demand(
          axis,
          placement[side][e] as Instant,
          edge.demand * amount,
        );
      });
    }
  }

  /**
   * Whether the free instances from p on could fill the slots of the copies left, those from p's
   * group on the middles of the chains left or waiting, and the free instances anywhere all tails,
   * windows and thresholds relaxed: a
   * b-matching, decided by Hall's condition (every set of slots needs no more instances than fit
   * one of them), over all sets since the slots are few.
   */
  private coverable(): boolean {
    const { slots, within, needed } = this;
    const sets = within.length;
    this.spend(sets * (slots.length + 2));
    within.set(this.freeBySlots);
    const total = within.reduce((sum, free) => sum + free, 0);
    // From "fitting exactly the slots of m" to "fitting slots of m only" (sum over subsets).
    for (let s = 0; s < slots.length; s++) {
      for (let m = 0; m < sets; m++) {
        if (m & (1 << s)) within[m] = (within[m] as number) + (within[m ^ (1 << s)] as number);
      }
    }
    for (let m = 1; m < sets; m++) {
      const lowest = 31 - Math.clz32(m & -m);
      const { kind, middle, instances } = slots[lowest] as Sweep['slots'][number];
      const copies =
        middle !== undefined
          ? (this.left[middle] as number) + this.chains.waiting(middle)
          : kind === undefined
            ? 1
            : (this.left[kind] as number);
      needed[m] = (needed[m & (m - 1)] as number) + instances * copies;
      // The instances fitting some slot of m: all but those fitting only slots outside it.
      if ((needed[m] as number) > total - (within[(sets - 1) ^ m] as number)) return false;
    }
    return true;
  }

  /** Whether the instances a placement takes are still free. */
  private free(units: Int32Array): boolean {
    return units.every((q) => {
      const taken = units.reduce((n, other) => (other === q ? n + 1 : n), 0);
      return (this.used[q] as number) + taken <= (this.capacity[q] as number);
    });
  }

  private take(units: Int32Array, amount: number): void {
    for (const q of units) {
      this.used[q] = (this.used[q] as number) + amount;
      this.addFree(this.slotMask[q] as number, -amount);
      if (this.supplyOf[q] !== -1) (this.supplies[this.supplyOf[q] as number] as EdgeSupply).use(q, amount);
      if (q >= this.reach) this.reach = q + 1;
    }
  }

  private addFree(slots: number, amount: number): void {
    this.freeBySlots[slots] = (this.freeBySlots[slots] as number) + amount;
  }

  /**
   * Every way to place a copy of kind k with its earliest observation at p: one position per unit,
   * p among them, the others after p and within the kind's window, the copy's constraints held.
   * Units of one slot take positions in increasing order, since they are interchangeable.
   */
  private placementsAt(k: number, p: number): Int32Array[] {
    const cache = this.anchored[k] as Map<number, Int32Array[]>;
    const cached = cache.get(p);
    if (cached !== undefined) return cached;
    const kind = this.kinds[k] as Kind;
    const fitsOf = this.slotFits[k] as Uint8Array[];
    const end = upperBound(this.first, (this.last[p] as Instant) + kind.window);
    const chosen = new Int32Array(kind.units.length);
    const placements: Int32Array[] = [];
    // Spent as it goes: a crowded window holds window^units placements, and the budget must stop
    // their enumeration, not only what comes after it (58 observations in a window of 6 units ran
    // 10 s before the budget was asked).
    let tried = 0;
    const choose = (u: number, atAnchor: boolean): void => {
      if (u === kind.units.length) {
        if (atAnchor) {
          // The sweep is for windows sparsely populated; past this many ways to place one copy
          // the threshold search does better, and the placements' memory is the cost.
          if (placements.length === MAX_PLACEMENTS) throw new ShareSpent();
          placements.push(chosen.slice());
          tried++;
        }
        return;
      }
      const place = kind.units[u] as number;
      const start = u > 0 && kind.units[u - 1] === place ? (chosen[u - 1] as number) : p;
      const fits = fitsOf[place] as Uint8Array;
      tried += end - start;
      if (tried >= SPEND_EVERY) {
        this.spend(tried);
        tried = 0;
      }
      for (let q = start; q < end; q++) {
        if (fits[q] === 0) continue;
        chosen[u] = q;
        if (this.keeps(k, chosen, u)) choose(u + 1, atAnchor || q === p);
      }
    };
    choose(0, false);
    this.spend(tried);
    cache.set(p, placements);
    return placements;
  }

  /**
   * Whether unit u of a copy of kind k, just placed, keeps the copy's constraints with the units
   * placed before it. max(first over S) <= min(last over T) + offset holds exactly when every
   * first in S is at most every last in T plus the offset, so pairs are checked as units come.
   */
  private keeps(k: number, chosen: Int32Array, u: number): boolean {
    const { constraints } = this.kinds[k] as Kind;
    const limit = this.limit[k] as Instant[][];
    const first = (v: number) => this.first[chosen[v] as number] as Instant;
    const limitOf = (c: number, v: number) => (limit[c] as Instant[])[chosen[v] as number] as Instant;
    for (let c = 0; c < constraints.length; c++) {
      const { early, late } = constraints[c] as Kind['constraints'][number];
      if (early.includes(u) && late.some((v) => v <= u && first(u) > limitOf(c, v))) return false;
      if (late.includes(u) && early.some((v) => v <= u && first(v) > limitOf(c, u))) return false;
    }
    return true;
  }

  private spend(work: number): void {
    this.budget.spend(work);
    if (this.budget.left < this.floor) throw new ShareSpent();
  }
}
