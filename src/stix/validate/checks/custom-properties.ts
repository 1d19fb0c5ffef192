// Section 11.1 (custom properties, deprecated) and 7.3 (toplevel-property-extension): properties a
// shape does not define. Their names must follow the custom property rules, a custom _enc property
// needs the property it encodes (3.1), and on spec-defined objects they draw a deprecation warning
// unless a toplevel-property-extension declares them.

import { isPlainObject } from '../../object.js';
import { hasNameLength, isPropertyName } from '../formats.js';
import { child, type Path, type Reporter } from '../report.js';
import type { Context } from '../rule-types.js';

/** 11.1.1 and 7.3.2.1: a-z, 0-9 and _, 3 to 250 characters. Returns false when it reported. */
export function checkPropertyName(name: string, path: Path, reporter: Reporter): boolean {
  if (!isPropertyName(name)) {
    reporter.report(
      'custom-property-name-invalid',
      path,
      `${JSON.stringify(name)} must be lowercase ASCII, digits and _`,
    );
    return false;
  }
  if (!hasNameLength(name)) {
    reporter.report(
      'custom-property-name-length',
      path,
      `${JSON.stringify(name)} must be 3 to 250 characters long`,
    );
    return false;
  }
  return true;
}

function declaresToplevelExtension(root: Record<string, unknown>): boolean {
  const extensions = root.extensions;
  if (!isPlainObject(extensions)) return false;
  for (const key in extensions) {
    const instance = extensions[key];
    if (isPlainObject(instance) && instance.extension_type === 'toplevel-property-extension') return true;
  }
  return false;
}

/** The properties of `value` that its shape does not define. */
export function checkCustomProperties(
  custom: readonly string[],
  value: Record<string, unknown>,
  path: Path,
  context: Context,
): void {
  const { reporter } = context;
  for (const key of custom) {
    checkPropertyName(key, child(path, key), reporter);
    if (key.endsWith('_enc') && value[key.slice(0, -'_enc'.length)] === undefined) {
      reporter.report(
        'encoding-without-property',
        child(path, key),
        `${key} is present without the property it encodes`,
      );
    }
  }
  // A custom object's own properties are what the object is made of, not custom properties.
  if (context.kind === 'custom' || declaresToplevelExtension(context.root)) return;
  for (const name of custom) {
    if (!name.startsWith('x_'))
      reporter.report('custom-property-prefix', child(path, name), `${name} SHOULD start with x_`);
  }
  reporter.report(
    'custom-property-deprecated',
    path,
    `custom properties ${custom.join(', ')}: use an extension instead`,
  );
}
