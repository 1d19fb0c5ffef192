// Validation of one STIX object: its type and id (2.9, 3.1, 11.2.1), then the rule table of its
// type, or the custom object rules for a type the specification does not define.

import { isPlainObject } from '../object.js';
import { checkShape } from './engine.js';
import {
  hasNameLength,
  hasUuidShape,
  identifierType,
  isIdentifier,
  isRfc4122Uuid,
  isTypeName,
  parseIdentifier,
} from './formats.js';
import { child, type Path, type Reporter } from './report.js';
import type { Context } from './rule-types.js';
import { CUSTOM_OBJECT_RULES, declaredExtensionTypes } from './rules/custom-object.js';
import { OBJECT_RULES } from './rules/registry.js';

const NEW_OBJECT_EXTENSION_TYPES = ['new-sdo', 'new-sco', 'new-sro'];

/** Checks the type name; returns false when it is unusable for choosing rules. */
function checkType(type: unknown, path: Path, reporter: Reporter): type is string {
  const at = child(path, 'type');
  if (type === undefined) {
    reporter.report('required-property-missing', at, 'type is required');
    return false;
  }
  if (typeof type !== 'string') {
    reporter.report('not-a-string', at, 'type must be a string');
    return false;
  }
  if (!isTypeName(type)) {
    reporter.report('type-invalid', at, `${JSON.stringify(type)} is not a valid type name`);
    return false;
  }
  if (!hasNameLength(type)) {
    reporter.report('type-name-length', at, `${JSON.stringify(type)} must be 3 to 250 characters long`);
    return false;
  }
  return true;
}

/** Checks id against type--UUID and the object's type; sets the reporter's objectId when readable. */
export function checkId(id: unknown, type: string | undefined, path: Path, reporter: Reporter): void {
  if (id === undefined) return;
  const at = child(path, 'id');
  if (typeof id !== 'string') {
    reporter.report('not-a-string', at, 'id must be a string');
    return;
  }
  reporter.objectId = id;
  if (isIdentifier(id) && (type === undefined || identifierType(id) === type)) return;
  const parsed = parseIdentifier(id);
  if (parsed === undefined || !hasUuidShape(parsed.uuid)) {
    reporter.report('id-invalid', at, `${JSON.stringify(id)} is not of the form type--UUID`);
  } else if (type !== undefined && parsed.type !== type) {
    reporter.report('id-type-mismatch', at, `id prefix ${parsed.type} differs from type ${type}`);
  } else if (!isRfc4122Uuid(parsed.uuid)) {
    reporter.report('id-uuid-invalid', at, `${parsed.uuid} is not an RFC 4122 UUID`);
  }
}

function warnAboutCustomType(
  value: Record<string, unknown>,
  type: string,
  path: Path,
  reporter: Reporter,
): void {
  const declared = declaredExtensionTypes(value);
  if (NEW_OBJECT_EXTENSION_TYPES.some((extensionType) => declared.has(extensionType))) return;
  reporter.report('custom-object-deprecated', child(path, 'type'), `${type} is a custom object type`);
  if (!type.startsWith('x-'))
    reporter.report('custom-type-prefix', child(path, 'type'), `${type} SHOULD start with x-`);
}

export function validateStixObject(value: unknown, path: Path, reporter: Reporter): void {
  if (!isPlainObject(value)) {
    reporter.report('not-an-object', path, 'a STIX object is a JSON object');
    return;
  }
  const type = value.type;
  const typeUsable = checkType(type, path, reporter);
  checkId(value.id, typeUsable ? type : undefined, path, reporter);
  if (!typeUsable) return;
  if (type === 'bundle') {
    reporter.report('bundle-not-a-stix-object', child(path, 'type'), 'a bundle is not a STIX Object');
    return;
  }
  const rules = OBJECT_RULES.get(type) ?? CUSTOM_OBJECT_RULES;
  if (rules === CUSTOM_OBJECT_RULES) warnAboutCustomType(value, type, path, reporter);
  const context: Context = {
    reporter,
    root: value,
    kind: rules.kind,
    predefinedExtensions: rules.predefinedExtensions,
    defanged: value.defanged === true,
  };
  checkShape(value, rules, path, context);
}
