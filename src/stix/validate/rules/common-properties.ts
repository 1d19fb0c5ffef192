// The common properties of section 3.2 and which of them each kind of object uses: required,
// optional, or not applicable (the table at the end of 3.2, and each object's property summary).

import { checkCustomProperties } from '../checks/custom-properties.js';
import { checkExtensions } from '../checks/extensions.js';
import { refTypes } from '../object-kinds.js';
import {
  any,
  boolean,
  type Constraint,
  lang,
  notApplicable,
  objects,
  order,
  ranged,
  ref,
  refs,
  reserved,
  type ShapeCheck,
  strings,
  type UnknownPropertiesCheck,
  type ValueRule,
} from '../rule-types.js';
import { externalReference, granularMarking } from './common-types.js';

/** The part of a Shape that a kind of object contributes to every object of that kind. */
export interface CommonProperties {
  readonly properties: Readonly<Record<string, ValueRule>>;
  readonly required: readonly string[];
  readonly constraints: readonly Constraint[];
  readonly checks: readonly ShapeCheck[];
  readonly unknownProperties: UnknownPropertiesCheck;
}

// 3.2: created and modified need at least millisecond precision.
const versionTimestamp: ValueRule = { kind: 'timestamp', precision: 'millis' };

const all: Record<string, ValueRule> = {
  // type and id are checked before the table applies (validate/object.ts).
  type: any,
  id: any,
  spec_version: { kind: 'literal', value: '2.1', code: 'spec-version-invalid' },
  created_by_ref: ref(refTypes('identity')),
  created: versionTimestamp,
  modified: versionTimestamp,
  revoked: boolean,
  labels: strings,
  confidence: ranged('integer', 0, 100, 'confidence-out-of-range'),
  lang,
  external_references: objects(externalReference),
  object_marking_refs: refs(refTypes('marking-definition')),
  granular_markings: objects(granularMarking),
  // Checked by checkExtensions, which knows the object's predefined extensions.
  extensions: any,
  defanged: boolean,
  // 3.8: reserved for future use in every object.
  severity: reserved,
  username: reserved,
  phone_number: reserved,
  action: reserved,
};

function without(...names: string[]): Record<string, ValueRule> {
  const properties = { ...all };
  for (const name of names) properties[name] = notApplicable;
  return properties;
}

const modifiedAfterCreated = order('created', 'modified', 'modified-before-created');
const topLevelChecks: readonly ShapeCheck[] = [checkExtensions];

// 3.2: "defanged ... MUST NOT be used on any STIX Objects other than SCOs".
export const sdoAndSroCommon: CommonProperties = {
  properties: without('defanged'),
  required: ['id', 'spec_version', 'created', 'modified'],
  constraints: [modifiedAfterCreated],
  checks: topLevelChecks,
  unknownProperties: checkCustomProperties,
};

// SCOs are not versioned, but 3.6 contemplates producers that version them anyway, so
// created_by_ref, created, modified and revoked are validated when present rather than refused.
export const scoCommon: CommonProperties = {
  properties: without('labels', 'confidence', 'lang', 'external_references'),
  required: ['id'],
  constraints: [modifiedAfterCreated],
  checks: topLevelChecks,
  unknownProperties: checkCustomProperties,
};

// 7.2.1: marking definitions cannot be versioned.
export const markingDefinitionCommon: CommonProperties = {
  properties: without('modified', 'revoked', 'labels', 'confidence', 'lang', 'defanged'),
  required: ['id', 'spec_version', 'created'],
  constraints: [],
  checks: topLevelChecks,
  unknownProperties: checkCustomProperties,
};

// 7.1.1
export const languageContentCommon: CommonProperties = {
  properties: without('lang', 'defanged'),
  required: ['id', 'spec_version', 'created', 'modified'],
  constraints: [modifiedAfterCreated],
  checks: topLevelChecks,
  unknownProperties: checkCustomProperties,
};

// 7.3.1: created_by_ref is required, and an extension definition has no extensions of its own.
export const extensionDefinitionCommon: CommonProperties = {
  properties: without('confidence', 'lang', 'defanged', 'extensions'),
  required: ['id', 'spec_version', 'created', 'modified', 'created_by_ref'],
  constraints: [modifiedAfterCreated],
  checks: topLevelChecks,
  unknownProperties: checkCustomProperties,
};

// 11.2.1: custom objects support the common properties; which ones apply depends on whether the
// object is SDO-like or SCO-like, which validate/custom-object.ts decides.
export const customObjectCommon: CommonProperties = {
  properties: all,
  required: ['id'],
  constraints: [modifiedAfterCreated],
  checks: topLevelChecks,
  unknownProperties: checkCustomProperties,
};
