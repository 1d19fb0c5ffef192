// Deterministic indicators and observations for the pattern benchmarks. Values are functions of a
// number, so an observation can carry the value of indicator i (a hit) or of a number no indicator
// uses (a miss) without keeping the indicators around.

import type {
  ComparisonExpression,
  ObjectPath,
  Pattern,
  PropertyStep,
  StringConstant,
} from '../src/pattern/ast.js';
import type { Observation } from '../src/pattern/observation.js';
import type { StixObject } from '../src/stix/object.js';
import { random } from './harness.js';

function mix(n: number, salt: number): number {
  let h = Math.imul(n ^ salt, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function hexValue(n: number, length: number): string {
  let text = '';
  for (let word = 0; text.length < length; word++)
    text += mix(n, word + 1)
      .toString(16)
      .padStart(8, '0');
  return text.slice(0, length);
}

export const domainOf = (n: number) => `h${mix(n, 77).toString(36)}.example${n % 997}.com`;
export const urlOf = (n: number) => `http://${domainOf(n)}/p/${mix(n, 5).toString(36)}`;
export const fileNameOf = (n: number) => `m${mix(n, 9).toString(36)}.exe`;
export function ipv4Of(n: number): string {
  const v = mix(n, 3);
  return `${((v >>> 24) % 223) + 1}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}
export const blockOf = (n: number) => `${ipv4Of(n).split('.').slice(0, 3).join('.')}.0/24`;

/** The kinds of simple indicator, with their share of a realistic feed (hashes dominate). */
export const SIMPLE_KINDS = [
  { kind: 'sha256', share: 0.3 },
  { kind: 'sha1', share: 0.1 },
  { kind: 'md5', share: 0.15 },
  { kind: 'domain', share: 0.15 },
  { kind: 'url', share: 0.1 },
  { kind: 'ipv4', share: 0.1 },
  { kind: 'cidr', share: 0.05 },
  { kind: 'file-name', share: 0.05 },
] as const;

export type SimpleKind = (typeof SIMPLE_KINDS)[number]['kind'];

export function simpleKindOf(n: number): SimpleKind {
  let at = (mix(n, 101) % 10_000) / 10_000;
  for (const { kind, share } of SIMPLE_KINDS) {
    if (at < share) return kind;
    at -= share;
  }
  return 'file-name';
}

/** The indexed value of simple indicator n (for a CIDR, an address inside its block). */
export function simpleValueOf(n: number): { kind: SimpleKind; value: string } {
  const kind = simpleKindOf(n);
  switch (kind) {
    case 'sha256':
      return { kind, value: hexValue(n, 64) };
    case 'sha1':
      return { kind, value: hexValue(n, 40) };
    case 'md5':
      return { kind, value: hexValue(n, 32) };
    case 'domain':
      return { kind, value: domainOf(n) };
    case 'url':
      return { kind, value: urlOf(n) };
    case 'ipv4':
      return { kind, value: ipv4Of(n) };
    case 'cidr':
      return { kind, value: blockOf(n) };
    case 'file-name':
      return { kind, value: fileNameOf(n) };
  }
}

const PATHS: Record<SimpleKind, [string, string[]]> = {
  sha256: ['file', ['hashes', 'SHA-256']],
  sha1: ['file', ['hashes', 'SHA-1']],
  md5: ['file', ['hashes', 'MD5']],
  domain: ['domain-name', ['value']],
  url: ['url', ['value']],
  ipv4: ['ipv4-addr', ['value']],
  cidr: ['ipv4-addr', ['value']],
  'file-name': ['file', ['name']],
};

/** Simple indicator n, its tree built directly (what a parser gives, offsets aside). */
export function simpleIndicator(n: number): { id: string; pattern: Pattern } {
  const { kind, value } = simpleValueOf(n);
  const [type, names] = PATHS[kind];
  return {
    id: `indicator--${hexValue(n, 8)}-${hexValue(n + 1, 4)}-4${hexValue(n + 2, 3)}-8${hexValue(n + 3, 3)}-${hexValue(n, 12)}`,
    pattern: bracketPattern(comparison(path(type, names), kind === 'cidr' ? 'ISSUBSET' : '=', value)),
  };
}

const AT = { start: 0, end: 0 };

export function path(type: string, names: readonly string[]): ObjectPath {
  const steps: PropertyStep[] = names.map((name) => ({
    kind: 'property',
    name,
    reference: name.endsWith('_refs') ? 'many' : name.endsWith('_ref') ? 'one' : 'none',
    ...AT,
  }));
  return { kind: 'object-path', objectType: { kind: 'object-type', name: type, ...AT }, steps, ...AT };
}

export function comparison(
  objectPath: ObjectPath,
  operator: '=' | 'ISSUBSET',
  value: string,
): ComparisonExpression {
  const constant: StringConstant = { kind: 'string', value, text: `'${value}'`, ...AT };
  return { kind: 'comparison', path: objectPath, negated: false, operator, value: constant, ...AT };
}

export function bracketPattern(expression: ComparisonExpression): Pattern {
  return { kind: 'pattern', expression: { kind: 'observation', comparison: expression, ...AT }, ...AT };
}

/** An SCO carrying simple indicator n's value, so the indicator matches it. */
export function objectHitting(n: number): StixObject {
  const { kind, value } = simpleValueOf(n);
  switch (kind) {
    case 'sha256':
      return { type: 'file', id: `file--${n}`, hashes: { 'SHA-256': value } };
    case 'sha1':
      return { type: 'file', id: `file--${n}`, hashes: { 'SHA-1': value } };
    case 'md5':
      return { type: 'file', id: `file--${n}`, hashes: { MD5: value } };
    case 'domain':
      return { type: 'domain-name', id: `domain-name--${n}`, value };
    case 'url':
      return { type: 'url', id: `url--${n}`, value };
    case 'ipv4':
      return { type: 'ipv4-addr', id: `ipv4-addr--${n}`, value };
    case 'cidr':
      return {
        type: 'ipv4-addr',
        id: `ipv4-addr--${n}`,
        value: `${value.slice(0, value.lastIndexOf('.'))}.${n & 255}`,
      };
    case 'file-name':
      return { type: 'file', id: `file--${n}`, name: value };
  }
}

/** An everyday SCO that no indicator names (its number is outside the indicators' range). */
export function objectMissing(n: number, next: () => number): StixObject {
  const pick = next();
  if (pick < 0.35) {
    return {
      type: 'file',
      id: `file--m${n}`,
      name: fileNameOf(n),
      hashes: { MD5: hexValue(n, 32), 'SHA-256': hexValue(n, 64) },
    };
  }
  if (pick < 0.55) return { type: 'domain-name', id: `domain-name--m${n}`, value: domainOf(n) };
  if (pick < 0.65) return { type: 'url', id: `url--m${n}`, value: urlOf(n) };
  if (pick < 0.85)
    return { type: 'ipv4-addr', id: `ipv4-addr--m${n}`, value: `${ipv4Of(n).split('.')[0]}.1.2.3` };
  return { type: 'process', id: `process--m${n}`, pid: n & 0xffff, command_line: `svc.exe -k ${n}` };
}

const BASE = Date.parse('2026-01-01T00:00:00Z');

export function observationOf(index: number, objects: StixObject[], second = index): Observation {
  const at = new Date(BASE + second * 1000).toISOString();
  const keyed: Record<string, StixObject> = {};
  for (const [i, object] of objects.entries()) keyed[String(i)] = object;
  return {
    id: `observed-data--${index}`,
    firstObserved: at,
    lastObserved: at,
    numberObserved: 1,
    objects: keyed,
  };
}

/**
 * Observations of 1 to 5 SCOs; about `hitRate` of them carry one value of an indicator numbered
 * below `indicatorCount`, the rest only values no indicator has.
 */
export function simpleObservations(
  count: number,
  indicatorCount: number,
  hitRate: number,
  seed: number,
): Observation[] {
  const next = random(seed);
  const observations: Observation[] = [];
  for (let i = 0; i < count; i++) {
    const size = 1 + Math.floor(next() * 5);
    const objects: StixObject[] = [];
    for (let j = 0; j < size; j++) objects.push(objectMissing(indicatorCount + i * 5 + j, next));
    if (next() < hitRate)
      objects[Math.floor(next() * size)] = objectHitting(Math.floor(next() * indicatorCount));
    observations.push(observationOf(i, objects));
  }
  return observations;
}

/** The strings the baseline looks up: what a naive matcher would take from each SCO. */
export function observableOf(object: StixObject): string | undefined {
  const hashes = object.hashes as Record<string, string> | undefined;
  if (hashes !== undefined) return hashes['SHA-256'] ?? hashes.MD5 ?? hashes['SHA-1'];
  if (typeof object.value === 'string') return object.value;
  return typeof object.name === 'string' ? object.name : undefined;
}

// ---------------------------------------------------------------------------------------------
// What the HTTP benchmarks' indicators as feeds share them are made of.

/** The comparison, without its value, that tests simple indicator n's value. */
export const PATTERN_PREFIXES: Record<SimpleKind, string> = {
  sha256: "file:hashes.'SHA-256' =",
  sha1: "file:hashes.'SHA-1' =",
  md5: 'file:hashes.MD5 =',
  domain: 'domain-name:value =',
  url: 'url:value =',
  ipv4: 'ipv4-addr:value =',
  cidr: 'ipv4-addr:value ISSUBSET',
  'file-name': 'file:name =',
};
export const FAMILIES = [
  'emotet',
  'qakbot',
  'cobalt-strike',
  'icedid',
  'asyncrat',
  'lumma',
  'redline',
  'sliver',
];
export const INDICATOR_TYPES = ['malicious-activity', 'compromised', 'anomalous-activity', 'attribution'];
/** Feeds' indicators are created within the year from here. */
export const FEED_START = Date.UTC(2024, 0, 1);
export const YEAR_MS = 365 * 86_400_000;

/** A UUID that is a function of n; `variant` (its 17th digit) keeps families of ids apart. */
export function uuidOf(n: number, variant: string): string {
  return `${hexValue(n, 8)}-${hexValue(n + 7, 4)}-4${hexValue(n + 11, 3)}-${variant}${hexValue(n + 13, 3)}-${n.toString(16).padStart(12, '0')}`;
}
