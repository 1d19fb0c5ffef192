// The extensions dictionary (3.2 extensions, 3.10 predefined extensions, 7.3 extension
// definitions, 11.3 custom SCO extensions). Each key is one of: a predefined extension of the
// object's type, validated against its table; an extension-definition id, whose instance must say
// its extension_type; or, on SCOs only, a deprecated custom extension name ending in -ext.

import { isPlainObject } from '../../object.js';
import { extensionType } from '../../vocabulary.js';
import { checkShape, checkValue } from '../engine.js';
import { hasNameLength, isIdentifier } from '../formats.js';
import { child, type Path } from '../report.js';
import { type Context, vocab } from '../rule-types.js';
import { checkPropertyName } from './custom-properties.js';

const EXTENSION_DEFINITION_PREFIX = 'extension-definition--';
// 11.3.1: a-z, 0-9 and hyphen, ending in -ext.
const CUSTOM_EXTENSION_NAME = /^[a-z0-9-]+-ext$/;

function isCustomExtensionName(key: string): boolean {
  return CUSTOM_EXTENSION_NAME.test(key) && hasNameLength(key);
}
const extensionTypeRule = vocab(extensionType);

function checkPropertyNames(instance: Record<string, unknown>, path: Path, context: Context): void {
  for (const key in instance) {
    if (key !== 'extension_type') checkPropertyName(key, child(path, key), context.reporter);
  }
}

function checkDefinedExtension(instance: Record<string, unknown>, path: Path, context: Context): void {
  if (instance.extension_type === undefined) {
    context.reporter.report(
      'extension-type-missing',
      child(path, 'extension_type'),
      'extension_type is required',
    );
  } else {
    checkValue(instance.extension_type, extensionTypeRule, child(path, 'extension_type'), context);
  }
  checkPropertyNames(instance, path, context);
}

function checkCustomExtension(
  instance: Record<string, unknown>,
  key: string,
  path: Path,
  context: Context,
): void {
  context.reporter.report(
    'custom-extension-deprecated',
    path,
    `custom extension ${key}: use an extension definition instead`,
  );
  if (Object.keys(instance).length === 0)
    context.reporter.report('extension-empty', path, `${key} has no properties`);
  checkPropertyNames(instance, path, context);
}

export function checkExtensions(value: Record<string, unknown>, path: Path, context: Context): void {
  const extensions = value.extensions;
  if (extensions === undefined) return;
  const { reporter } = context;
  const at = child(path, 'extensions');
  if (!isPlainObject(extensions)) {
    reporter.report('not-an-object', at, 'extensions must be a dictionary');
    return;
  }
  let empty = true;
  for (const key in extensions) {
    empty = false;
    const keyPath = child(at, key);
    const instance = extensions[key];
    const predefined = context.predefinedExtensions.get(key);
    const isDefinitionId = key.startsWith(EXTENSION_DEFINITION_PREFIX) && isIdentifier(key);
    const isCustomName = (context.kind === 'sco' || context.kind === 'custom') && isCustomExtensionName(key);
    if (predefined === undefined && !isDefinitionId && !isCustomName) {
      reporter.report(
        'extension-name-invalid',
        keyPath,
        `${key} is not an extension of ${String(context.root.type)}`,
      );
    } else if (!isPlainObject(instance)) {
      reporter.report('not-an-object', keyPath, 'an extension is an object');
    } else if (predefined !== undefined) {
      checkShape(instance, predefined, keyPath, context);
    } else if (isDefinitionId) {
      checkDefinedExtension(instance, keyPath, context);
    } else {
      checkCustomExtension(instance, key, keyPath, context);
    }
  }
  if (empty) reporter.report('dictionary-empty', at, 'empty dictionaries are not allowed');
}
