// What a compiled table is made of: closures over the record, and the objects of each event type
// with their references resolved to indices, so that mapping a record only calls functions.

import type { Requirement } from './requirements.js';

export interface MapperOptions {
  /**
   * The names a field path may have in the records (Zeek JSON writes "id.orig_h" or "id_orig_h";
   * ECS moves Sysmon's "Image" to "process.executable"): tried in order, the first value wins.
   */
  alternateNames?: (path: string) => readonly string[];
}

/**
 * The context of one record: its time, host and, inside `each`, the current item. A fresh object
 * per record: field getters keep what they read from a record by the identity of its context.
 */
export interface MappingContext {
  time: string | undefined;
  host: string | undefined;
  item: unknown;
}

export type Rec = Record<string, unknown>;
export type Getter = (record: Rec, context: MappingContext) => unknown;

export interface Producer {
  produce: Getter;
  /** A constant alone never makes an object appear: a connection needs more than its protocol. */
  constant: boolean;
  /** Its values are STIX timestamps already (it ends in a time transform), so need no check. */
  timestamps?: boolean;
  /** The field's value before the transforms, to say what could not be read. */
  raw?: Getter;
}

export interface CompiledRef {
  name: string;
  many: boolean;
  targets: number[];
}

export interface CompiledObject {
  type: string;
  each: Getter | undefined;
  /** Own properties: names[i] holds what producers[i] produces. */
  names: string[];
  producers: Producer[];
  refs: CompiledRef[];
  requirement: Requirement | undefined;
  /** Whether the requirement names one of the references (a connection's src_ref or dst_ref). */
  requirementNamesRefs: boolean;
}

export interface CompiledEvent {
  objects: CompiledObject[];
  /** Object indices, referenced objects before the objects referencing them. */
  order: number[];
  /** Indices of the objects that have references. */
  referencing: number[];
  time: Producer | undefined;
  host: Getter | undefined;
  sensor: Getter | undefined;
  entity: Getter | undefined;
  count: Getter | undefined;
}
