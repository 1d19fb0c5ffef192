// The vocabulary the rule tables are written in: what a property's value must be (ValueRule),
// what an object or nested type must contain (Shape) and the co-constraints between its
// properties (Constraint). One generic engine (engine.ts) applies them; the few rules that need
// code are ShapeChecks.

import type { Vocabulary } from '../vocabulary.js';
import type { Code } from './codes.js';
import type { ObjectKind, RefTarget } from './object-kinds.js';
import type { Path, Reporter } from './report.js';

/** A syntax a string value must have, and the code raised when it does not. */
export interface Format {
  readonly code: Code;
  readonly test: (text: string) => boolean;
  /** Defanged SCOs (3.2 defanged) may hold deliberately broken values, so the format is not checked. */
  readonly skipWhenDefanged: boolean;
}

/** Bounds a number must stay within (inclusive), and the code raised when it does not. */
export interface Range {
  readonly min: number;
  readonly max?: number;
  readonly code: Code;
}

export type ValueRule =
  | { readonly kind: 'string'; readonly format?: Format }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'integer'; readonly range?: Range }
  | { readonly kind: 'float'; readonly range?: Range }
  | { readonly kind: 'timestamp'; readonly precision?: 'millis' | 'seconds' }
  | { readonly kind: 'literal'; readonly value: string; readonly code: Code }
  | { readonly kind: 'ref'; readonly target: RefTarget }
  | { readonly kind: 'list'; readonly of: ValueRule }
  | { readonly kind: 'dictionary'; readonly values?: ValueRule; readonly langKeys?: boolean }
  | { readonly kind: 'hashes' }
  | { readonly kind: 'hex' }
  | { readonly kind: 'binary' }
  | { readonly kind: 'lang' }
  | { readonly kind: 'vocab'; readonly vocabulary: Vocabulary }
  | { readonly kind: 'object'; readonly shape: Shape }
  | { readonly kind: 'any' }
  | { readonly kind: 'reserved' }
  | { readonly kind: 'not-applicable' };

export type Constraint =
  /** `later` must not be earlier than `earlier` (or must be strictly later). */
  | {
      readonly kind: 'order';
      readonly earlier: string;
      readonly later: string;
      readonly strict: boolean;
      readonly code: Code;
    }
  /** At least one of the properties is present. */
  | { readonly kind: 'one-of'; readonly properties: readonly string[]; readonly code: Code }
  /** The two properties are never both present. */
  | { readonly kind: 'not-both'; readonly properties: readonly [string, string]; readonly code: Code }
  /** When `property` is present, every one of `requires` is too. */
  | {
      readonly kind: 'requires';
      readonly property: string;
      readonly requires: readonly string[];
      readonly code: Code;
    }
  /** When `property` has the value `equals`, `forbids` is absent. */
  | {
      readonly kind: 'forbidden-when';
      readonly property: string;
      readonly equals: unknown;
      readonly forbids: string;
      readonly code: Code;
    }
  /** When `property` has the value `equals`, `requires` is present. */
  | {
      readonly kind: 'required-when';
      readonly property: string;
      readonly equals: unknown;
      readonly requires: string;
      readonly code: Code;
    };

/** What is known while validating one top-level object. */
export interface Context {
  readonly reporter: Reporter;
  /** The top-level object, against which granular marking selectors resolve. */
  readonly root: Record<string, unknown>;
  /** The object's kind, or 'custom' for a type the specification does not define. */
  readonly kind: ObjectKind | 'custom';
  /** The predefined extensions its type may carry, by extension key. */
  readonly predefinedExtensions: ReadonlyMap<string, Shape>;
  /** True for a defanged SCO, whose address-like values are not syntax-checked. */
  readonly defanged: boolean;
}

/** A rule that needs code rather than a table entry. */
export type ShapeCheck = (value: Record<string, unknown>, path: Path, context: Context) => void;

/** What to do with the properties a shape's table does not define (ignored when absent). */
export type UnknownPropertiesCheck = (
  names: readonly string[],
  value: Record<string, unknown>,
  path: Path,
  context: Context,
) => void;

/** The properties of an object or nested type, and the rules that relate them. */
export interface Shape {
  /** The name the spec gives the object or type, for messages. */
  readonly name: string;
  readonly properties: Readonly<Record<string, ValueRule>>;
  /** The same properties as a Map, which looks up arbitrary keys faster than an object does. */
  readonly rules: ReadonlyMap<string, ValueRule>;
  readonly required: readonly string[];
  /** Deprecated properties: allowed, with a warning. */
  readonly deprecated: readonly string[];
  readonly constraints: readonly Constraint[];
  readonly checks: readonly ShapeCheck[];
  readonly unknownProperties: UnknownPropertiesCheck | undefined;
}

export interface ShapeDefinition {
  name: string;
  properties: Record<string, ValueRule>;
  required?: readonly string[];
  deprecated?: readonly string[];
  constraints?: readonly Constraint[];
  checks?: readonly ShapeCheck[];
  unknownProperties?: UnknownPropertiesCheck;
}

export function shape(definition: ShapeDefinition): Shape {
  return {
    name: definition.name,
    properties: definition.properties,
    rules: new Map(Object.entries(definition.properties)),
    required: definition.required ?? [],
    deprecated: definition.deprecated ?? [],
    constraints: definition.constraints ?? [],
    checks: definition.checks ?? [],
    unknownProperties: definition.unknownProperties,
  };
}

// Constructors, so that the tables read like the spec's property tables.

export const string: ValueRule = { kind: 'string' };
export const boolean: ValueRule = { kind: 'boolean' };
export const float: ValueRule = { kind: 'float' };
export const timestamp: ValueRule = { kind: 'timestamp' };
export const hashes: ValueRule = { kind: 'hashes' };
export const hex: ValueRule = { kind: 'hex' };
export const binary: ValueRule = { kind: 'binary' };
export const lang: ValueRule = { kind: 'lang' };
export const any: ValueRule = { kind: 'any' };
export const reserved: ValueRule = { kind: 'reserved' };
export const notApplicable: ValueRule = { kind: 'not-applicable' };
export const strings: ValueRule = { kind: 'list', of: string };

export function formatted(code: Code, test: (text: string) => boolean, skipWhenDefanged = true): ValueRule {
  return { kind: 'string', format: { code, test, skipWhenDefanged } };
}

export const integer: ValueRule = { kind: 'integer' };

/** An integer that MUST NOT be negative. */
export const nonNegative: ValueRule = { kind: 'integer', range: { min: 0, code: 'negative-value' } };

export function ranged(kind: 'integer' | 'float', min: number, max: number, code: Code): ValueRule {
  return { kind, range: { min, max, code } };
}

export function ref(target: RefTarget): ValueRule {
  return { kind: 'ref', target };
}

export function refs(target: RefTarget): ValueRule {
  return { kind: 'list', of: ref(target) };
}

export function list(of: ValueRule): ValueRule {
  return { kind: 'list', of };
}

export function dictionary(values?: ValueRule): ValueRule {
  return values === undefined ? { kind: 'dictionary' } : { kind: 'dictionary', values };
}

export function vocab(vocabulary: Vocabulary): ValueRule {
  return { kind: 'vocab', vocabulary };
}

export function vocabs(vocabulary: Vocabulary): ValueRule {
  return { kind: 'list', of: vocab(vocabulary) };
}

export function object(of: Shape): ValueRule {
  return { kind: 'object', shape: of };
}

export function objects(of: Shape): ValueRule {
  return { kind: 'list', of: object(of) };
}

export function order(earlier: string, later: string, code: Code, strict = false): Constraint {
  return { kind: 'order', earlier, later, strict, code };
}
