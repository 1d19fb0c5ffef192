// STIX Relationship Objects, section 5.

import { checkRelationshipTypeKnown } from '../checks/relationship-type.js';
import { ANY_SDO, ANY_SDO_OR_SCO, refTypes } from '../object-kinds.js';
import { boolean, formatted, order, ranged, ref, refs, string, timestamp } from '../rule-types.js';
import { sdoAndSroCommon } from './common-properties.js';
import { defineObject, type ObjectRules } from './define.js';

// 5.1.2: "MUST be in ASCII and is limited to characters a-z (lowercase ASCII), 0-9, and hyphen".
const RELATIONSHIP_TYPE = /^[a-z0-9-]+$/;

export const SRO_RULES: readonly ObjectRules[] = [
  defineObject('sro', sdoAndSroCommon, {
    // 5.1: source and target "MUST be an ID reference to an SDO or SCO (i.e., it cannot point to
    // an SRO, Bundle, Language Content, or Marking Definition)".
    type: 'relationship',
    properties: {
      relationship_type: formatted(
        'relationship-type-invalid',
        (text) => RELATIONSHIP_TYPE.test(text),
        false,
      ),
      description: string,
      source_ref: ref(ANY_SDO_OR_SCO),
      target_ref: ref(ANY_SDO_OR_SCO),
      start_time: timestamp,
      stop_time: timestamp,
    },
    required: ['relationship_type', 'source_ref', 'target_ref'],
    constraints: [order('start_time', 'stop_time', 'stop-time-not-after-start-time', true)],
    checks: [checkRelationshipTypeKnown],
  }),
  defineObject('sro', sdoAndSroCommon, {
    // 5.2: sighting_of_ref "MUST reference only an SDO"; observed_data_refs only Observed Data;
    // where_sighted_refs only Identity or Location.
    type: 'sighting',
    properties: {
      description: string,
      first_seen: timestamp,
      last_seen: timestamp,
      count: ranged('integer', 0, 999_999_999, 'count-out-of-range'),
      sighting_of_ref: ref(ANY_SDO),
      observed_data_refs: refs(refTypes('observed-data')),
      where_sighted_refs: refs(refTypes('identity', 'location')),
      summary: boolean,
    },
    required: ['sighting_of_ref'],
    constraints: [order('first_seen', 'last_seen', 'last-seen-before-first-seen')],
  }),
];
