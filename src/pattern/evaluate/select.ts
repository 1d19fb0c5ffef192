// Object paths (STIX 2.1 section 9.4): the values a path selects from one root object of an
// observation. A property step reads a key of a JSON object (a quoted dictionary key is just a
// key); a `_ref` property is replaced by the object it names and a `_refs` property by the list of
// objects it names, resolved among the observation's own objects, so that later steps walk into
// them. `[n]` takes one element of a list; `[*]` takes every element, each a separate value, so a
// comparison holds when it holds for any of them. A step that does not apply (a missing key, a key
// of a non-object, an index past the end, a reference that does not resolve) selects nothing from
// that value, and a comparison on nothing is false.

import type { ObjectPath } from '../ast.js';
import type { Observation } from '../observation.js';
import { Bytes, decodeBySuffix } from './bytes.js';

export function selectValues(path: ObjectPath, root: unknown, observation: Observation): unknown[] {
  let current: unknown[] = [root];
  for (const step of path.steps) {
    const next: unknown[] = [];
    for (const value of current) {
      switch (step.kind) {
        case 'property': {
          if (!isJsonObject(value) || !Object.hasOwn(value, step.name)) break;
          const property = value[step.name];
          if (step.reference === 'one') {
            const referenced = typeof property === 'string' ? resolve(property, observation) : undefined;
            if (referenced !== undefined) next.push(referenced);
          } else if (step.reference === 'many') {
            // Unresolved entries drop out of the list, as in the reference matcher.
            if (Array.isArray(property)) next.push(property.flatMap((ref) => resolveList(ref, observation)));
          } else {
            next.push(decodeBySuffix(step.name, property));
          }
          break;
        }
        case 'index':
          // A negative index selects nothing: 9.4 numbers list elements from 0.
          if (Array.isArray(value) && step.index >= 0 && step.index < value.length)
            next.push(value[step.index]);
          break;
        case 'any-index':
          if (Array.isArray(value)) next.push(...value);
          break;
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
