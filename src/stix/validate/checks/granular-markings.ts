// 7.2.3.1: a granular marking carries exactly one of lang and marking_ref, and its selectors
// follow the selector syntax and refer to content actually present in the marked object.

import { isPlainObject } from '../../object.js';
import { child, type Path } from '../report.js';
import type { Context } from '../rule-types.js';

// A property name or dictionary key, or a zero-based list index in square brackets.
const SELECTOR_COMPONENT = /^(?:[A-Za-z0-9_-]+|\[(?:0|[1-9]\d*)\])$/;

type Resolution = 'resolved' | 'invalid' | 'unresolved';

function resolveSelector(selector: string, root: Record<string, unknown>): Resolution {
  const components = selector.split('.');
  if (!components.every((component) => SELECTOR_COMPONENT.test(component))) return 'invalid';
  let current: unknown = root;
  for (const component of components) {
    if (component.startsWith('[')) {
      const index = Number(component.slice(1, -1));
      if (!Array.isArray(current) || index >= current.length) return 'unresolved';
      current = current[index];
    } else {
      if (!isPlainObject(current) || !Object.hasOwn(current, component)) return 'unresolved';
      current = current[component];
    }
  }
  return 'resolved';
}

export function checkGranularMarking(marking: Record<string, unknown>, path: Path, context: Context): void {
  const { reporter } = context;
  const hasLang = marking.lang !== undefined;
  const hasRef = marking.marking_ref !== undefined;
  if (hasLang && hasRef)
    reporter.report('granular-marking-lang-and-ref', path, 'use either lang or marking_ref, not both');
  if (!hasLang && !hasRef)
    reporter.report('granular-marking-target-missing', path, 'lang or marking_ref is required');
  const selectors = marking.selectors;
  if (!Array.isArray(selectors)) return;
  selectors.forEach((selector, index) => {
    if (typeof selector !== 'string') return;
    const resolution = resolveSelector(selector, context.root);
    const at = child(child(path, 'selectors'), index);
    if (resolution === 'invalid') {
      reporter.report(
        'granular-marking-selector-invalid',
        at,
        `${JSON.stringify(selector)} is not a valid selector`,
      );
    } else if (resolution === 'unresolved') {
      reporter.report(
        'granular-marking-selector-unresolved',
        at,
        `${JSON.stringify(selector)} selects nothing in this object`,
      );
    }
  });
}
