// STIX Meta Objects, section 7: language content, marking definitions, extension definitions.

import { extensionType, markingDefinitionType } from '../../vocabulary.js';
import { checkExtensionProperties } from '../checks/extension-definition.js';
import { checkMarkingDefinition } from '../checks/marking-definition.js';
import { ANY_STIX_OBJECT } from '../object-kinds.js';
import {
  any,
  dictionary,
  ref,
  string,
  strings,
  timestamp,
  type ValueRule,
  vocab,
  vocabs,
} from '../rule-types.js';
import {
  extensionDefinitionCommon,
  languageContentCommon,
  markingDefinitionCommon,
} from './common-properties.js';
import { defineObject, type ObjectRules } from './define.js';

// 7.1.1: contents maps RFC 5646 language codes to dictionaries mirroring the target's properties.
const contents: ValueRule = { kind: 'dictionary', langKeys: true, values: dictionary() };

export const META_RULES: readonly ObjectRules[] = [
  defineObject('language-content', languageContentCommon, {
    // 7.1.1
    type: 'language-content',
    properties: { object_ref: ref(ANY_STIX_OBJECT), object_modified: timestamp, contents },
    required: ['object_ref', 'contents'],
  }),
  defineObject('marking-definition', markingDefinitionCommon, {
    // 7.2.1: definition_type and definition are deprecated in favour of extensions, and required
    // without them; checkMarkingDefinition holds the rules that relate them.
    type: 'marking-definition',
    properties: { name: string, definition_type: vocab(markingDefinitionType), definition: any },
    deprecated: ['definition_type', 'definition'],
    checks: [checkMarkingDefinition],
  }),
  defineObject('extension-definition', extensionDefinitionCommon, {
    // 7.3.1
    type: 'extension-definition',
    properties: {
      name: string,
      description: string,
      schema: string,
      version: string,
      extension_types: vocabs(extensionType),
      extension_properties: strings,
    },
    required: ['name', 'schema', 'version', 'extension_types'],
    checks: [checkExtensionProperties],
  }),
];
