// The index of anchors (see anchors.ts) of numbered entries, and its one query: the entries an
// observation may satisfy. Per object type it holds a tree of the indexed property paths; a node
// that ends a path looks values up in the one ValueTable (seeded with the node's number), address
// blocks in a PrefixTable over the same ValueTable, and the literals a MATCHES or LIKE needs in a
// LiteralTable of its own.
//
// Reading an observation walks each object once along its type's tree, following the `_ref`s the
// paths follow, and probes each value it reaches; the hash lookups of a whole observation are
// queued and run together at the end (value-table.ts says why). Entries with only a type anchor are found by the
// types the observation holds.

import type { StixObject } from '../../stix/object.js';
import type { Observation } from '../observation.js';
import { type Anchor, foldHashAlgorithm, type IndexedStep, type Probe } from './anchors.js';
import { IpPrefix, readIpPrefix } from './ip-prefix.js';
import { LiteralTable } from './literal-table.js';
import { PrefixTable } from './prefix-table.js';
import { ValueTable } from './value-table.js';

class PathNode {
  readonly children = new Map<string, PathNode>();
  /** The children again, as arrays: the walk iterates them for every object it reads. */
  readonly childNames: string[] = [];
  readonly childNodes: PathNode[] = [];
  /** Probed when a value reaches this node. */
  indexed = false;
  /** The property holds references: steps below it apply to the referenced objects. */
  follow = false;
  /** The property is a `hashes` dictionary, whose keys are folded algorithm names. */
  hashes = false;
  /** Some entry looks a value up at this node. */
  hasValues = false;
  /** A key of a `hashes` dictionary: its values are digests, keyed by a sample (value-table.ts). */
  digest = false;
  /** Which of KNOWN_PROPERTIES this node's property is, or -1: how readProperty loads it. */
  known = -1;
  /** On a type's root: the entries anchored on that type alone. */
  typed: Set<number> | undefined;
  blocks: PrefixTable | undefined;
  /** Entries whose MATCHES or LIKE here needs one of some literals in the value. */
  literals: LiteralTable | undefined;

  /**
   * On a `hashes` node: algorithm names as observations spell them, each with the child it names
   * (undefined for none), so that a key costs a few comparisons of interned strings (object keys
   * are interned) rather than a map lookup. Producers use a handful of spellings; more than
   * SPELLINGS are folded each time.
   */
  private readonly spellings: string[] = [];
  private readonly spelledChildren: (PathNode | undefined)[] = [];

  /** `id` seeds the hashes of this node's values in the shared ValueTable. */
  constructor(readonly id: number) {}

  addChild(name: string, child: PathNode): void {
    this.children.set(name, child);
    this.childNames.push(name);
    this.childNodes.push(child);
    this.spellings.length = 0;
    this.spelledChildren.length = 0;
  }

  childForAlgorithm(spelling: string): PathNode | undefined {
    const spellings = this.spellings;
    for (let i = 0; i < spellings.length; i++) if (spellings[i] === spelling) return this.spelledChildren[i];
    const child = this.children.get(foldHashAlgorithm(spelling));
    if (spellings.length < SPELLINGS) {
      spellings.push(spelling);
      this.spelledChildren.push(child);
    }
    return child;
  }
}

const SPELLINGS = 16;

/** The properties indicators anchor on most, which readProperty loads by a name of their own. */
const KNOWN_PROPERTIES = ['value', 'name', 'hashes', 'key'];

/**
 * `object[name]`. A load by a constant name has a cache of its own; a load by a variable name
 * goes through V8's generic keyed lookup, some three times the instructions.
 */
function readProperty(object: Record<string, unknown>, name: string, known: number): unknown {
  switch (known) {
    case 0:
      return object.value;
    case 1:
      return object.name;
    case 2:
      return object.hashes;
    case 3:
      return object.key;
    default:
      return object[name];
  }
}

export class AnchorIndex {
  private readonly roots = new Map<string, PathNode>();
  private readonly values = new ValueTable();
  private nodeCount = 0;
  private readonly prefix = new IpPrefix();
  // Deduplication of one query's candidates: an entry is taken when its stamp is not the query's.
  private stamps = new Uint32Array(1024);
  private stamp = 0;
  private found: number[] = [];
  private objects: Record<string, StixObject> = {};

  add(entry: number, anchor: Anchor): void {
    for (const probe of anchor) this.addProbe(entry, probe);
  }

  /** Takes the entry out; `anchor` must be the one it was added with. */
  remove(entry: number, anchor: Anchor): void {
    for (const probe of anchor) this.removeProbe(entry, probe);
  }

  /**
   * The entries whose anchor an observation hits, each once. The array may be reused by the next
   * query: read it before asking again.
   */
  candidates(observation: Observation): readonly number[] {
    // A fresh array, not `length = 0`, which V8 runs in the runtime: most queries find nothing
    // and keep the empty one.
    if (this.found.length !== 0) this.found = [];
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    this.objects = observation.objects;
    this.values.discard();
    // Values alone: the keys of STIX 2.0 observations are integer-like, and listing them makes
    // a string of each.
    const objects = Object.values(observation.objects);
    for (let i = 0; i < objects.length; i++) {
      const object = objects[i] as StixObject;
      const root = this.roots.get(object.type);
      if (root === undefined) continue;
      if (root.typed !== undefined) for (const entry of root.typed) this.take(entry);
      this.walkChildren(root, object);
    }
    this.values.flush(this.take);
    return this.found;
  }

  private take = (entry: number): void => {
    if (entry >= this.stamps.length) {
      const grown = new Uint32Array(Math.max(entry + 1, this.stamps.length * 2));
      grown.set(this.stamps);
      this.stamps = grown;
    }
    if (this.stamps[entry] === this.stamp) return;
    this.stamps[entry] = this.stamp;
    this.found.push(entry);
  };

  /**
   * Visits what a path reaches from `value`. Lists are flattened at every step, whatever index
   * the pattern wrote: a superset of the elements any index selects.
   */
  private walk(node: PathNode, value: unknown): void {
    let target = value;
    // Most values walked are strings at the end of a path: they are probed and done with first.
    if (typeof value === 'string') {
      if (node.indexed) this.probe(node, value);
      if (!node.follow || node.childNodes.length === 0) return;
      target = this.objects[value];
    } else if (Array.isArray(value)) {
      for (const element of value) this.walk(node, element);
      return;
    } else if (node.childNodes.length === 0) {
      return;
    }
    if (typeof target !== 'object' || target === null) return;
    if (node.hashes) {
      const dictionary = target as Record<string, unknown>;
      for (const algorithm in dictionary) {
        const child = node.childForAlgorithm(algorithm);
        if (child !== undefined) this.walk(child, dictionary[algorithm]);
      }
    } else {
      this.walkChildren(node, target as Record<string, unknown>);
    }
  }

  private walkChildren(node: PathNode, object: Record<string, unknown>): void {
    const names = node.childNames;
    for (let i = 0; i < names.length; i++) {
      const child = node.childNodes[i] as PathNode;
      const value = readProperty(object, names[i] as string, child.known);
      if (value !== undefined) this.walk(child, value);
    }
  }

  private probe(node: PathNode, value: string): void {
    if (node.hasValues) this.values.defer(node.id, value, node.digest);
    if (node.literals !== undefined) node.literals.collect(value, this.take);
    if (node.blocks !== undefined && readIpPrefix(value, this.prefix)) node.blocks.defer(this.prefix);
  }

  private addProbe(entry: number, probe: Probe): void {
    if (probe.kind === 'type') {
      const root = this.pathNode(probe.type, []);
      root.typed ??= new Set();
      root.typed.add(entry);
      return;
    }
    const node = this.pathNode(probe.type, probe.steps);
    node.indexed = true;
    if (probe.kind === 'value') {
      node.hasValues = true;
      this.values.add(node.id, probe.value, entry, node.digest);
    } else if (probe.kind === 'literal') {
      node.literals ??= new LiteralTable();
      node.literals.add(entry, probe.required);
    } else {
      readIpPrefix(probe.block, this.prefix);
      node.blocks ??= new PrefixTable(this.values, node.id);
      node.blocks.insert(this.prefix, entry);
    }
  }

  private removeProbe(entry: number, probe: Probe): void {
    if (probe.kind === 'type') {
      const root = this.pathNode(probe.type, []);
      root.typed?.delete(entry);
      if (root.typed?.size === 0) root.typed = undefined;
      return;
    }
    const node = this.pathNode(probe.type, probe.steps);
    if (probe.kind === 'value') {
      this.values.remove(node.id, probe.value, entry, node.digest);
    } else if (probe.kind === 'literal') {
      node.literals?.remove(entry, probe.required);
      if (node.literals?.size === 0) node.literals = undefined;
    } else {
      readIpPrefix(probe.block, this.prefix);
      node.blocks?.remove(this.prefix, entry);
    }
  }

  private pathNode(type: string, steps: readonly IndexedStep[]): PathNode {
    let node = this.roots.get(type) ?? new PathNode(this.nodeCount++);
    this.roots.set(type, node);
    for (const step of steps) {
      let child: PathNode | undefined = node.children.get(step.name);
      if (child === undefined) {
        child = new PathNode(this.nodeCount++);
        child.follow = step.follow;
        child.hashes = step.name === 'hashes';
        child.digest = node.hashes;
        child.known = KNOWN_PROPERTIES.indexOf(step.name);
        node.addChild(step.name, child);
      }
      node = child;
    }
    return node;
  }
}
