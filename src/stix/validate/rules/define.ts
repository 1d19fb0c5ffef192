// Builds the rules of one object type from its own property table and the common properties of
// its kind.

import type { ObjectKind } from '../object-kinds.js';
import { type Constraint, type Shape, type ShapeCheck, shape, type ValueRule } from '../rule-types.js';
import type { CommonProperties } from './common-properties.js';

export interface ObjectRules extends Shape {
  readonly type: string;
  readonly kind: ObjectKind | 'custom';
  /** Predefined extensions (3.10) this type may carry, by their key in `extensions`. */
  readonly predefinedExtensions: ReadonlyMap<string, Shape>;
}

export interface ObjectDefinition {
  type: string;
  /** Specific properties, as in the spec's property table for the type. */
  properties: Record<string, ValueRule>;
  required?: readonly string[];
  deprecated?: readonly string[];
  constraints?: readonly Constraint[];
  checks?: readonly ShapeCheck[];
  predefinedExtensions?: Readonly<Record<string, Shape>>;
}

export function defineObject(
  kind: ObjectKind,
  common: CommonProperties,
  definition: ObjectDefinition,
): ObjectRules {
  const merged = shape({
    name: definition.type,
    properties: { ...common.properties, ...definition.properties },
    required: [...common.required, ...(definition.required ?? [])],
    deprecated: definition.deprecated ?? [],
    constraints: [...common.constraints, ...(definition.constraints ?? [])],
    checks: [...common.checks, ...(definition.checks ?? [])],
    unknownProperties: common.unknownProperties,
  });
  return {
    ...merged,
    type: definition.type,
    kind,
    predefinedExtensions: new Map(Object.entries(definition.predefinedExtensions ?? {})),
  };
}
