// Object paths (STIX 2.1 section 9.4): the values a path selects from one root object of an
// observation. A property step reads a key of a JSON object (a quoted dictionary key is just a
// key); a `_ref` property is replaced by the object it names and a `_refs` property by the list of
// objects it names, resolved among the observation's own objects, so that later steps walk into
// them. `[n]` takes one element of a list; `[*]` takes every element, each a separate value, so a
// comparison holds when it holds for any of them. A step that does not apply (a missing key, a key
// of a non-object, an index past the end, a reference that does not resolve) selects nothing from
// that value, and a comparison on nothing is false.

import type { IndexStep, ObjectPath, PathStep, PropertyStep } from '../ast.js';
import type { Observation } from '../observation.js';
import { Bytes, decodeBySuffix } from './bytes.js';

/** Marks a step that selects nothing (a selected value may be undefined in a JavaScript object). */
const NOTHING: unique symbol = Symbol('nothing');

export function selectValues(path: ObjectPath, root: unknown, observation: Observation): unknown[] {
  // Until a `[*]` step every step selects at most one value: walked without a list per step, as
  // nearly every path in practice is (`file:name`, `process:image_ref.name`).
  let value = root;
  for (let i = 0; i < path.steps.length; i++) {
    const step = path.steps[i] as PathStep;
    if (step.kind === 'any-index') return selectFromMany(path.steps, i, [value], observation);
    value = stepFrom(step, value, observation);
    if (value === NOTHING) return [];
  }
  return [value];
}

/** The one value a step other than `[*]` selects from a value, or NOTHING. */
function stepFrom(
  step: PropertyStep | IndexStep,
  value: unknown,
  observation: Observation,
): unknown | typeof NOTHING {
  if (step.kind === 'index') {
    // A negative index selects nothing: 9.4 numbers list elements from 0.
    return Array.isArray(value) && step.index >= 0 && step.index < value.length ? value[step.index] : NOTHING;
  }
  if (!isJsonObject(value) || !Object.hasOwn(value, step.name)) return NOTHING;
  const property = value[step.name];
  if (step.reference === 'one') {
    const referenced = typeof property === 'string' ? resolve(property, observation) : undefined;
    return referenced === undefined ? NOTHING : referenced;
  }
  if (step.reference === 'many') {
    // Unresolved entries drop out of the list, as in the reference matcher.
    return Array.isArray(property) ? property.flatMap((ref) => resolveList(ref, observation)) : NOTHING;
  }
  return decodeBySuffix(step.name, property);
}

/** The steps from `from` on, applied to each of several values. */
function selectFromMany(
  steps: readonly PathStep[],
  from: number,
  values: unknown[],
  observation: Observation,
): unknown[] {
  let current = values;
  for (let i = from; i < steps.length; i++) {
    const step = steps[i] as PathStep;
    const next: unknown[] = [];
    for (const value of current) {
      if (step.kind === 'any-index') {
        if (Array.isArray(value)) next.push(...value);
      } else {
        const selected = stepFrom(step, value, observation);
        if (selected !== NOTHING) next.push(selected);
      }
    }
    if (next.length === 0) return next;
    current = next;
  }
  return current;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Bytes);
}

function resolve(reference: string, observation: Observation): unknown {
  return Object.hasOwn(observation.objects, reference) ? observation.objects[reference] : undefined;
}

function resolveList(reference: unknown, observation: Observation): unknown[] {
  const referenced = typeof reference === 'string' ? resolve(reference, observation) : undefined;
  return referenced === undefined ? [] : [referenced];
}
