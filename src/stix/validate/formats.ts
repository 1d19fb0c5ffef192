// Syntax of the string forms STIX prescribes: identifiers, names, hex, base64, language tags and
// the values of address-like SCOs. Each is a pure predicate; the rules decide which code to raise.

import { isIPv6 } from 'node:net';

// 2.9: type--UUID. The UUID is the last 36 characters, so the type is everything before the
// "--" that precedes it. Type and UUID are checked separately so that each gets its own code.
const UUID_LENGTH = 36;

export interface ParsedIdentifier {
  type: string;
  uuid: string;
}

/** Splits `type--UUID` at the "--" before the last 36 characters; undefined when there is none. */
export function parseIdentifier(text: string): ParsedIdentifier | undefined {
  const separator = text.length - UUID_LENGTH - 2;
  if (separator < 1 || text[separator] !== '-' || text[separator + 1] !== '-') return undefined;
  return { type: text.slice(0, separator), uuid: text.slice(separator + 2) };
}

const UUID_SHAPE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// RFC 4122 section 4.1: versions 1 to 5, and the variant bits 10xx.
const RFC4122_UUID =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

/** 8-4-4-4-12 hexadecimal digits. */
export function hasUuidShape(uuid: string): boolean {
  return UUID_SHAPE.test(uuid);
}

export function isRfc4122Uuid(uuid: string): boolean {
  return RFC4122_UUID.test(uuid);
}

// The whole of a valid identifier in one expression: valid content takes this path, and only
// invalid content is taken apart to say what is wrong with it.
const IDENTIFIER =
  /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
const SEPARATOR_AND_UUID_LENGTH = UUID_LENGTH + 2;

// Every call runs the expression. A memo of accepted identifiers (there was one) does not pay on a
// stream of objects: each string is new, so the lookup hashes it all anyway, and the memo keeps the
// strings of dead objects alive into the old generation (docs/benchmarks.md, import pipeline).

/** A complete, valid identifier: a valid type name of 3 to 250 characters, "--", an RFC 4122 UUID. */
export function isIdentifier(text: string): boolean {
  const typeLength = text.length - SEPARATOR_AND_UUID_LENGTH;
  return typeLength >= 3 && typeLength <= 250 && IDENTIFIER.test(text);
}

/** The type part of an identifier that isIdentifier accepted. */
export function identifierType(identifier: string): string {
  return identifier.slice(0, identifier.length - SEPARATOR_AND_UUID_LENGTH);
}

// 3.1 and 11.2.1: lowercase ASCII letters, digits and hyphens, starting with a letter, never two
// hyphens in a row (which would make the id's type--UUID split ambiguous).
const TYPE_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export function isTypeName(text: string): boolean {
  return TYPE_NAME.test(text);
}

/** 3.1: names are between three and 250 characters long. */
export function hasNameLength(text: string): boolean {
  return text.length >= 3 && text.length <= 250;
}

// 11.1.1 and 7.3.2.1: property names of custom properties and extensions.
const PROPERTY_NAME = /^[a-z][a-z0-9_]*$/;

export function isPropertyName(text: string): boolean {
  return PROPERTY_NAME.test(text);
}

// 2.3 and 2.7: keys of dictionaries and hashes.
const DICTIONARY_KEY = /^[A-Za-z0-9_-]+$/;

export function isDictionaryKey(text: string): boolean {
  return DICTIONARY_KEY.test(text);
}

// 2.8: an even number of lowercase hexadecimal digits.
const HEX = /^(?:[0-9a-f]{2})*$/;

export function isHex(text: string): boolean {
  return HEX.test(text);
}

// 2.1: RFC 4648 base64 with padding.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isBase64(text: string): boolean {
  return BASE64.test(text);
}

// RFC 5646 section 2.1 langtag or privateuse. The irregular grandfathered tags (i-klingon and the
// like) are not accepted: they are deprecated and a STIX producer has no reason to emit them.
const LANGUAGE_TAG =
  /^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?|[Xx](?:-[A-Za-z0-9]{1,8})+)$/;

export function isLanguageTag(text: string): boolean {
  return LANGUAGE_TAG.test(text);
}

// 6.8.1: dotted quad without leading zeros (which some parsers read as octal), optional CIDR.
const IPV4 =
  /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/(?:3[0-2]|[12]?\d))?$/;

export function isIpv4Value(text: string): boolean {
  return IPV4.test(text);
}

const CIDR_V6 = /^(?:12[0-8]|1[01]\d|[1-9]?\d)$/;

// 6.9.1: an IPv6 address with an optional /0-128 suffix.
export function isIpv6Value(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash === -1) return isIPv6(text);
  return isIPv6(text.slice(0, slash)) && CIDR_V6.test(text.slice(slash + 1));
}

// 6.10.1: colon-delimited, lowercase, leading zeros kept.
const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/;

export function isMacValue(text: string): boolean {
  return MAC.test(text);
}

// 6.4.1: RFC 1034 names whose labels are RFC 5890 (IDNA) labels: 1 to 63 characters, letters of
// any script, digits, hyphens not at either end, 253 characters in all. Underscores are accepted
// because RFC 2181 allows any label in DNS and service names (_dmarc, _ldap._tcp) are common.
const DOMAIN_LABEL = /^[\p{L}\p{M}\p{N}_](?:[\p{L}\p{M}\p{N}_-]{0,61}[\p{L}\p{M}\p{N}_])?$/u;

export function isDomainName(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((label) => DOMAIN_LABEL.test(label));
}

// 6.15.1: RFC 3986 URL: a scheme, then characters a URI may contain (no spaces or controls).
const URL_VALUE = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`\p{Cc}]+$/u;

export function isUrl(text: string): boolean {
  return URL_VALUE.test(text);
}

// 6.5.1: an RFC 5322 addr-spec, local@domain, without a display name or angle brackets.
const EMAIL_ADDRESS = /^[^\s@<>()]+@[^\s@<>()]+$/;

export function isEmailAddress(text: string): boolean {
  return EMAIL_ADDRESS.test(text);
}

// 6.17.1: the abbreviations Windows tools print for the registry hives.
const ABBREVIATED_HIVE = /^(?:HKLM|HKCU|HKCR|HKU|HKCC|HKPD)(?:\\|$)/i;

export function hasAbbreviatedHive(key: string): boolean {
  return ABBREVIATED_HIVE.test(key);
}

// 2.7 and 10.7: hex digests of the hash algorithms whose output has a fixed length.
const HASH_FORMATS: ReadonlyMap<string, RegExp> = new Map([
  ['MD5', /^[0-9a-fA-F]{32}$/],
  ['SHA-1', /^[0-9a-fA-F]{40}$/],
  ['SHA-256', /^[0-9a-fA-F]{64}$/],
  ['SHA-512', /^[0-9a-fA-F]{128}$/],
  ['SHA3-256', /^[0-9a-fA-F]{64}$/],
  ['SHA3-512', /^[0-9a-fA-F]{128}$/],
]);

/** True when the value has the format of the algorithm, or the algorithm has no fixed format. */
export function hasHashFormat(algorithm: string, value: string): boolean {
  const format = HASH_FORMATS.get(algorithm);
  return format === undefined || format.test(value);
}
