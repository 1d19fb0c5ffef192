// Objects of types the specification does not define: custom objects (11.2, deprecated) and
// objects of extension-defined types (7.3, new-sdo/new-sco/new-sro). Both MUST support the
// common properties of their kind, so an object that is versioned like an SDO or SRO (it has
// created or modified, and does not declare itself a new SCO) needs spec_version, created and
// modified like one.

import { isPlainObject } from '../../object.js';
import { child, type Path } from '../report.js';
import { type Context, shape } from '../rule-types.js';
import { customObjectCommon } from './common-properties.js';
import type { ObjectRules } from './define.js';

/** The extension_type values the object's extension instances declare. */
export function declaredExtensionTypes(value: Record<string, unknown>): Set<unknown> {
  const types = new Set<unknown>();
  const extensions = value.extensions;
  if (isPlainObject(extensions)) {
    for (const key in extensions) {
      const instance = extensions[key];
      if (isPlainObject(instance)) types.add(instance.extension_type);
    }
  }
  return types;
}

function checkVersionedCommonProperties(value: Record<string, unknown>, path: Path, context: Context): void {
  const versioned = value.created !== undefined || value.modified !== undefined;
  if (!versioned || declaredExtensionTypes(value).has('new-sco')) return;
  for (const key of ['spec_version', 'created', 'modified']) {
    if (value[key] === undefined) {
      context.reporter.report(
        'required-property-missing',
        child(path, key),
        `a versioned object requires ${key}`,
      );
    }
  }
}

export const CUSTOM_OBJECT_RULES: ObjectRules = {
  ...shape({
    name: 'custom object',
    properties: customObjectCommon.properties,
    required: customObjectCommon.required,
    constraints: customObjectCommon.constraints,
    checks: [...customObjectCommon.checks, checkVersionedCommonProperties],
    unknownProperties: customObjectCommon.unknownProperties,
  }),
  type: 'custom',
  kind: 'custom',
  predefinedExtensions: new Map(),
};
