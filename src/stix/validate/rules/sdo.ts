// STIX Domain Objects, section 4: one table per type, following the spec's property tables.

import {
  attackMotivation,
  attackResourceLevel,
  groupingContext,
  identityClass,
  implementationLanguage,
  indicatorType,
  industrySector,
  infrastructureType,
  malwareCapabilities,
  malwareResult,
  malwareType,
  opinion,
  patternType,
  processorArchitecture,
  region,
  reportType,
  threatActorRole,
  threatActorSophistication,
  threatActorType,
  toolType,
} from '../../vocabulary.js';
import { checkStixPattern } from '../checks/indicator-pattern.js';
import { checkCountryCode } from '../checks/location.js';
import { checkObservedDataHasSco } from '../checks/observed-data.js';
import { ANY_SCO, ANY_SCO_OR_SRO, ANY_STIX_OBJECT, refTypes } from '../object-kinds.js';
import {
  boolean,
  dictionary,
  float,
  object,
  objects,
  order,
  ranged,
  ref,
  refs,
  shape,
  string,
  strings,
  timestamp,
  vocab,
  vocabs,
} from '../rule-types.js';
import { sdoAndSroCommon } from './common-properties.js';
import { killChainPhase } from './common-types.js';
import { defineObject, type ObjectDefinition, type ObjectRules } from './define.js';

const kill_chain_phases = objects(killChainPhase);
const software = refTypes('software');
// "If this property and the first_seen property are both defined, then this property MUST be
// greater than or equal to the timestamp in the first_seen property."
const seenInOrder = order('first_seen', 'last_seen', 'last-seen-before-first-seen');

// 4.14.1 objects: the deprecated observable container, a dictionary of cyber observables.
const containedObservable = shape({
  name: 'cyber observable',
  properties: { type: string },
  required: ['type'],
});

const definitions: ObjectDefinition[] = [
  {
    // 4.1
    type: 'attack-pattern',
    properties: { name: string, description: string, aliases: strings, kill_chain_phases },
    required: ['name'],
  },
  {
    // 4.2
    type: 'campaign',
    properties: {
      name: string,
      description: string,
      aliases: strings,
      first_seen: timestamp,
      last_seen: timestamp,
      objective: string,
    },
    required: ['name'],
    constraints: [seenInOrder],
  },
  {
    // 4.3: action is RESERVED, which the common table already refuses.
    type: 'course-of-action',
    properties: { name: string, description: string },
    required: ['name'],
  },
  {
    // 4.4
    type: 'grouping',
    properties: {
      name: string,
      description: string,
      context: vocab(groupingContext),
      object_refs: refs(ANY_STIX_OBJECT),
    },
    required: ['name', 'context', 'object_refs'],
  },
  {
    // 4.5
    type: 'identity',
    properties: {
      name: string,
      description: string,
      roles: strings,
      identity_class: vocab(identityClass),
      sectors: vocabs(industrySector),
      contact_information: string,
    },
    required: ['name'],
  },
  {
    // 4.6
    type: 'incident',
    properties: { name: string, description: string },
    required: ['name'],
  },
  {
    // 4.7: valid_until "MUST be greater than the timestamp in the valid_from property".
    type: 'indicator',
    properties: {
      name: string,
      description: string,
      indicator_types: vocabs(indicatorType),
      pattern: string,
      pattern_type: vocab(patternType),
      pattern_version: string,
      valid_from: timestamp,
      valid_until: timestamp,
      kill_chain_phases,
    },
    required: ['pattern', 'pattern_type', 'valid_from'],
    constraints: [order('valid_from', 'valid_until', 'valid-until-not-after-valid-from', true)],
    checks: [checkStixPattern],
  },
  {
    // 4.8
    type: 'infrastructure',
    properties: {
      name: string,
      description: string,
      infrastructure_types: vocabs(infrastructureType),
      aliases: strings,
      kill_chain_phases,
      first_seen: timestamp,
      last_seen: timestamp,
    },
    required: ['name'],
    constraints: [seenInOrder],
  },
  {
    // 4.9
    type: 'intrusion-set',
    properties: {
      name: string,
      description: string,
      aliases: strings,
      first_seen: timestamp,
      last_seen: timestamp,
      goals: strings,
      resource_level: vocab(attackResourceLevel),
      primary_motivation: vocab(attackMotivation),
      secondary_motivations: vocabs(attackMotivation),
    },
    required: ['name'],
    constraints: [seenInOrder],
  },
  {
    // 4.10: at least one of region, country, or latitude and longitude; the coordinates go
    // together, and precision needs them.
    type: 'location',
    properties: {
      name: string,
      description: string,
      latitude: ranged('float', -90, 90, 'latitude-out-of-range'),
      longitude: ranged('float', -180, 180, 'longitude-out-of-range'),
      precision: float,
      region: vocab(region),
      country: string,
      administrative_area: string,
      city: string,
      street_address: string,
      postal_code: string,
    },
    constraints: [
      {
        kind: 'one-of',
        properties: ['region', 'country', 'latitude', 'longitude'],
        code: 'location-incomplete',
      },
      {
        kind: 'requires',
        property: 'latitude',
        requires: ['longitude'],
        code: 'location-coordinates-unpaired',
      },
      {
        kind: 'requires',
        property: 'longitude',
        requires: ['latitude'],
        code: 'location-coordinates-unpaired',
      },
      {
        kind: 'requires',
        property: 'precision',
        requires: ['latitude', 'longitude'],
        code: 'location-precision-without-coordinates',
      },
    ],
    checks: [checkCountryCode],
  },
  {
    // 4.11: is_family is optional in Errata 01; "For a malware family the name MUST be defined."
    type: 'malware',
    properties: {
      name: string,
      description: string,
      malware_types: vocabs(malwareType),
      is_family: boolean,
      aliases: strings,
      kill_chain_phases,
      first_seen: timestamp,
      last_seen: timestamp,
      operating_system_refs: refs(software),
      architecture_execution_envs: vocabs(processorArchitecture),
      implementation_languages: vocabs(implementationLanguage),
      capabilities: vocabs(malwareCapabilities),
      sample_refs: refs(refTypes('file', 'artifact')),
    },
    constraints: [
      seenInOrder,
      {
        kind: 'required-when',
        property: 'is_family',
        equals: true,
        requires: 'name',
        code: 'malware-family-name-missing',
      },
    ],
  },
  {
    // 4.12: "One of result or analysis_sco_refs properties MUST be provided."
    type: 'malware-analysis',
    properties: {
      product: string,
      version: string,
      host_vm_ref: ref(software),
      operating_system_ref: ref(software),
      installed_software_refs: refs(software),
      configuration_version: string,
      modules: strings,
      analysis_engine_version: string,
      analysis_definition_version: string,
      submitted: timestamp,
      analysis_started: timestamp,
      analysis_ended: timestamp,
      result_name: string,
      result: vocab(malwareResult),
      analysis_sco_refs: refs(ANY_SCO),
      sample_ref: ref(refTypes('file', 'network-traffic', 'artifact')),
    },
    required: ['product'],
    constraints: [
      {
        kind: 'one-of',
        properties: ['result', 'analysis_sco_refs'],
        code: 'malware-analysis-result-missing',
      },
    ],
  },
  {
    // 4.13
    type: 'note',
    properties: { abstract: string, content: string, authors: strings, object_refs: refs(ANY_STIX_OBJECT) },
    required: ['content', 'object_refs'],
  },
  {
    // 4.14: exactly one of objects (deprecated) and object_refs; object_refs are SCOs and SROs.
    type: 'observed-data',
    properties: {
      first_observed: timestamp,
      last_observed: timestamp,
      number_observed: ranged('integer', 1, 999_999_999, 'number-observed-out-of-range'),
      objects: dictionary(object(containedObservable)),
      object_refs: refs(ANY_SCO_OR_SRO),
    },
    required: ['first_observed', 'last_observed', 'number_observed'],
    deprecated: ['objects'],
    constraints: [
      order('first_observed', 'last_observed', 'last-observed-before-first-observed'),
      { kind: 'not-both', properties: ['objects', 'object_refs'], code: 'observed-data-objects-conflict' },
      { kind: 'one-of', properties: ['objects', 'object_refs'], code: 'observed-data-content-missing' },
    ],
    checks: [checkObservedDataHasSco],
  },
  {
    // 4.15
    type: 'opinion',
    properties: {
      explanation: string,
      authors: strings,
      opinion: vocab(opinion),
      object_refs: refs(ANY_STIX_OBJECT),
    },
    required: ['opinion', 'object_refs'],
  },
  {
    // 4.16
    type: 'report',
    properties: {
      name: string,
      description: string,
      report_types: vocabs(reportType),
      published: timestamp,
      object_refs: refs(ANY_STIX_OBJECT),
    },
    required: ['name', 'published', 'object_refs'],
  },
  {
    // 4.17
    type: 'threat-actor',
    properties: {
      name: string,
      description: string,
      threat_actor_types: vocabs(threatActorType),
      aliases: strings,
      first_seen: timestamp,
      last_seen: timestamp,
      roles: vocabs(threatActorRole),
      goals: strings,
      sophistication: vocab(threatActorSophistication),
      resource_level: vocab(attackResourceLevel),
      primary_motivation: vocab(attackMotivation),
      secondary_motivations: vocabs(attackMotivation),
      personal_motivations: vocabs(attackMotivation),
    },
    required: ['name'],
    constraints: [seenInOrder],
  },
  {
    // 4.18
    type: 'tool',
    properties: {
      name: string,
      description: string,
      tool_types: vocabs(toolType),
      aliases: strings,
      kill_chain_phases,
      tool_version: string,
    },
    required: ['name'],
  },
  {
    // 4.19
    type: 'vulnerability',
    properties: { name: string, description: string },
    required: ['name'],
  },
];

export const SDO_RULES: readonly ObjectRules[] = definitions.map((definition) =>
  defineObject('sdo', sdoAndSroCommon, definition),
);
