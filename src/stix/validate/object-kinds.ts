// Which object types the specification defines, grouped by kind, and the sets of types that
// reference properties may point to.

export type ObjectKind =
  | 'sdo'
  | 'sro'
  | 'sco'
  | 'marking-definition'
  | 'language-content'
  | 'extension-definition';

// Section 4.
export const SDO_TYPES: ReadonlySet<string> = new Set([
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'observed-data',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
]);

// Section 5.
export const SRO_TYPES: ReadonlySet<string> = new Set(['relationship', 'sighting']);

// Section 6.
export const SCO_TYPES: ReadonlySet<string> = new Set([
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
]);

// Section 7.
export const META_TYPES: ReadonlySet<string> = new Set([
  'marking-definition',
  'language-content',
  'extension-definition',
]);

type SpecKind = 'sdo' | 'sro' | 'sco' | 'meta';

const KIND_OF_TYPE: ReadonlyMap<string, SpecKind> = new Map([
  ...[...SDO_TYPES].map((type): [string, SpecKind] => [type, 'sdo']),
  ...[...SRO_TYPES].map((type): [string, SpecKind] => [type, 'sro']),
  ...[...SCO_TYPES].map((type): [string, SpecKind] => [type, 'sco']),
  ...[...META_TYPES].map((type): [string, SpecKind] => [type, 'meta']),
]);

export function isSpecDefinedType(type: string): boolean {
  return KIND_OF_TYPE.has(type);
}

/**
 * The types a reference may point to. A category admits the spec's types of that kind and also
 * custom types, whose kind cannot be known from the reference alone; a list admits only its types.
 */
export type RefTarget =
  | { readonly category: 'stix-object' | 'sdo' | 'sdo-or-sco' | 'sco' | 'sco-or-sro' }
  | { readonly types: ReadonlySet<string> };

export function refTypes(...types: string[]): RefTarget {
  return { types: new Set(types) };
}

export const ANY_STIX_OBJECT: RefTarget = { category: 'stix-object' };
export const ANY_SDO: RefTarget = { category: 'sdo' };
export const ANY_SDO_OR_SCO: RefTarget = { category: 'sdo-or-sco' };
export const ANY_SCO: RefTarget = { category: 'sco' };
export const ANY_SCO_OR_SRO: RefTarget = { category: 'sco-or-sro' };

export function acceptsType(target: RefTarget, type: string): boolean {
  if ('types' in target) return target.types.has(type);
  if (type === 'bundle') return false;
  const kind = KIND_OF_TYPE.get(type);
  // A custom type could be of any kind.
  if (kind === undefined) return true;
  switch (target.category) {
    case 'stix-object':
      return true;
    case 'sdo':
      return kind === 'sdo';
    case 'sdo-or-sco':
      return kind === 'sdo' || kind === 'sco';
    case 'sco':
      return kind === 'sco';
    case 'sco-or-sro':
      return kind === 'sco' || kind === 'sro';
  }
}

export function describeTarget(target: RefTarget): string {
  if ('types' in target) return [...target.types].join(' or ');
  switch (target.category) {
    case 'stix-object':
      return 'a STIX Object';
    case 'sdo':
      return 'an SDO';
    case 'sdo-or-sco':
      return 'an SDO or SCO';
    case 'sco':
      return 'an SCO';
    case 'sco-or-sro':
      return 'an SCO or SRO';
  }
}
