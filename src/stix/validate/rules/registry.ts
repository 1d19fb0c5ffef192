// The rules of every object type the specification defines, by type name.

import type { ObjectRules } from './define.js';
import { META_RULES } from './meta.js';
import { SCO_RULES } from './sco.js';
import { SDO_RULES } from './sdo.js';
import { SRO_RULES } from './sro.js';

export const OBJECT_RULES: ReadonlyMap<string, ObjectRules> = new Map(
  [...SDO_RULES, ...SRO_RULES, ...SCO_RULES, ...META_RULES].map((rules) => [rules.type, rules]),
);
