// STIX 2.0 content (MITRE's own cti repository is 2.0) upgraded to 2.1, one object at a time, where
// 2.1 allows it without inventing facts. An object that 2.1 would reject and that nothing in 2.0 content
// can complete is refused with a reason instead.
//
// What changes: spec_version "2.1" on every SDO, SRO, marking definition and custom object (2.1 section
// 3.2 requires it; 2.0 objects carried none, only their bundle did); malware gets is_family; indicators
// get pattern_type and pattern_version; 2.0 `labels` that are values of the 2.1 vocabularies which took
// their place move to those *_types properties; the four TLP markings take their 2.1 form. What stays:
// everything else, notably identity_class, other marking definitions, and observed-data's embedded
// `objects` dictionary, which 2.1 keeps as the deprecated Observable Container (section 2.13: existing
// observed-data may hold 2.0 cyber observables there). Unpacking it into top-level SCOs would mint new
// objects with new ids, which is not an upgrade of one.

import { isScoType, parseId } from './id.js';
import { isPlainObject, type StixObject } from './object.js';
import { tlpMarking } from './tlp.js';
import {
  indicatorType,
  malwareType,
  reportType,
  threatActorType,
  toolType,
  type Vocabulary,
} from './vocabulary.js';

export type UpgradeResult = { ok: true; object: StixObject } | { ok: false; reason: string };

/** Where a 2.0 object's `labels` went in 2.1: the *_types property and its open vocabulary (section 10). */
const LABEL_VOCABULARIES: ReadonlyMap<string, { property: string; vocabulary: Vocabulary }> = new Map([
  ['indicator', { property: 'indicator_types', vocabulary: indicatorType }],
  ['malware', { property: 'malware_types', vocabulary: malwareType }],
  ['report', { property: 'report_types', vocabulary: reportType }],
  ['threat-actor', { property: 'threat_actor_types', vocabulary: threatActorType }],
  ['tool', { property: 'tool_types', vocabulary: toolType }],
]);

function refuse(reason: string): UpgradeResult {
  return { ok: false, reason };
}

/**
 * Whether the object is STIX 2.0 content: an object with no spec_version (2.1 requires one on every
 * SDO, SRO and meta object) or spec_version "2.0", and a bundle with spec_version "2.0" (2.1 bundles
 * have none). A top-level SCO is never 2.0: 2.0 had cyber observables only inside observed-data, and
 * 2.1 lets SCOs leave spec_version out.
 */
export function isStix20(object: unknown): boolean {
  if (!isPlainObject(object) || typeof object.type !== 'string') return false;
  if (object.type === 'bundle') return object.spec_version === '2.0';
  if (isScoType(object.type)) return false;
  return object.spec_version === undefined || object.spec_version === '2.0';
}

/** A deep copy with spec_version "2.1" placed after type, so that nothing is shared with the input. */
function copyAs21(object: Record<string, unknown>, type: string, id: string): StixObject {
  // Object.fromEntries defines own properties, so a "__proto__" key stays data, never a prototype.
  const rest = Object.fromEntries(
    Object.entries(object)
      .filter(([property]) => property !== 'type' && property !== 'spec_version' && property !== 'id')
      .map(([property, value]) => [property, structuredClone(value)]),
  );
  return { type, spec_version: '2.1', id, ...rest };
}

/** Moves the labels that are values of the 2.1 vocabulary to its *_types property; the rest stay labels. */
function moveVocabularyLabels(object: StixObject): void {
  const target = LABEL_VOCABULARIES.get(object.type);
  const labels = object.labels;
  // A *_types property already there is the producer's own; it is not merged into.
  if (target === undefined || !Array.isArray(labels) || object[target.property] !== undefined) return;
  const isVocabulary = (label: unknown) => typeof label === 'string' && target.vocabulary.values.has(label);
  const types = [...new Set(labels.filter(isVocabulary))];
  if (types.length === 0) return;
  object[target.property] = types;
  const rest = labels.filter((label) => !isVocabulary(label));
  // 2.1 lists MUST NOT be empty (section 2.12), so labels that all moved leave no labels behind.
  if (rest.length === 0) delete object.labels;
  else object.labels = rest;
}

function upgradeIndicator(indicator: StixObject): UpgradeResult {
  if (typeof indicator.pattern !== 'string') {
    return refuse(`indicator ${indicator.id} has no pattern, which 2.1 requires (section 4.7)`);
  }
  if (indicator.pattern_type === undefined) {
    // 2.0 indicators could only hold STIX patterns. Their version is stated because without it a 2.1
    // indicator's pattern is read as 2.1 patterning (section 4.7, pattern_version), which differs:
    // 2.1 writes START/STOP timestamps as t'...' literals where 2.0 wrote plain strings.
    indicator.pattern_type = 'stix';
    indicator.pattern_version = '2.0';
  }
  return { ok: true, object: indicator };
}

function upgradeMalware(malware: StixObject): UpgradeResult {
  // 2.0 malware describes families (ATT&CK's software entries are all families, and MITRE's own 2.1
  // release marks every one is_family: true); 2.1 makes the property required (section 4.11).
  malware.is_family ??= true;
  if (malware.is_family === true && typeof malware.name !== 'string') {
    return refuse(`malware ${malware.id} has no name, which 2.1 requires of a malware family (section 4.11)`);
  }
  return { ok: true, object: malware };
}

function checkObservedData(observed: StixObject): UpgradeResult {
  if (observed.objects === undefined && observed.object_refs === undefined) {
    return refuse(
      `observed-data ${observed.id} has neither objects nor object_refs, one of which 2.1 requires (section 4.14)`,
    );
  }
  return { ok: true, object: observed };
}

function upgradeMarkingDefinition(marking: StixObject): UpgradeResult {
  const published = tlpMarking(marking.id);
  if (published?.definition_type === 'tlp') {
    // Section 7.2.1.4: only the predefined TLP objects may represent TLP, and their 2.1 form has a name
    // the 2.0 form lacked, so the 2.1 object replaces the 2.0 one when both say the same level.
    const level = isPlainObject(marking.definition) ? marking.definition.tlp : undefined;
    const publishedLevel = (published.definition as { tlp: string }).tlp;
    if (marking.definition_type !== 'tlp' || level !== publishedLevel) {
      return refuse(
        `${marking.id} is the TLP:${publishedLevel.toUpperCase()} marking but does not define tlp "${publishedLevel}"`,
      );
    }
    return { ok: true, object: structuredClone(published) };
  }
  if (
    marking.extensions === undefined &&
    (marking.definition_type === undefined || marking.definition === undefined)
  ) {
    return refuse(
      `marking-definition ${marking.id} needs definition_type and definition in 2.1 when it has no extensions (section 7.2.1)`,
    );
  }
  return { ok: true, object: marking };
}

const TYPE_UPGRADES: ReadonlyMap<string, (object: StixObject) => UpgradeResult> = new Map([
  ['indicator', upgradeIndicator],
  ['malware', upgradeMalware],
  ['observed-data', checkObservedData],
  ['marking-definition', upgradeMarkingDefinition],
]);

/** Upgrades one STIX 2.0 object to 2.1, or says why it cannot be. Never changes its input. */
export function upgradeFrom20(object: unknown): UpgradeResult {
  if (!isPlainObject(object) || typeof object.type !== 'string') {
    return refuse('not a STIX object: a JSON object with a string "type" is expected');
  }
  const { type, id } = object;
  if (type === 'bundle') {
    return refuse(
      'a bundle is not upgraded as one object: upgrade each of its objects and put them in a 2.1 bundle',
    );
  }
  if (!isStix20(object)) {
    return refuse(
      isScoType(type)
        ? `a top-level ${type} is STIX 2.1 content: 2.0 carried cyber observables only inside observed-data`
        : `spec_version is ${JSON.stringify(object.spec_version)}, so this is not STIX 2.0 content`,
    );
  }
  if (typeof id !== 'string' || parseId(id)?.type !== type) {
    return refuse(`id ${JSON.stringify(id)} is not "${type}--" followed by an RFC 4122 UUID (section 2.9)`);
  }
  // Section 3.2: SDOs, SROs and custom objects are versioned; marking definitions are created only.
  const versioning = type === 'marking-definition' ? ['created'] : ['created', 'modified'];
  const missing = versioning.filter((property) => object[property] === undefined);
  if (missing.length > 0) {
    return refuse(
      `${id} has no ${missing.join(' and no ')}, which 2.1 requires and 2.0 content cannot supply`,
    );
  }
  const upgraded = copyAs21(object, type, id);
  moveVocabularyLabels(upgraded);
  return TYPE_UPGRADES.get(type)?.(upgraded) ?? { ok: true, object: upgraded };
}
