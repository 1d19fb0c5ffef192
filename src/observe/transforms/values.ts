// Transforms of plain values: the JSON types a STIX property needs, from what logs write (numbers as
// text, hexadecimal process ids, "T"/"F" booleans, one-element arrays). Every transform returns
// undefined for input it cannot read, which the mapping treats as an absent value.

/** Text as it is; numbers and booleans as their text. Objects and arrays are not strings. */
export function string(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean')
    return String(value);
  return undefined;
}

export function lowercase(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

const DECIMAL = /^-?\d{1,16}$/;
const HEXADECIMAL = /^0[xX][0-9a-fA-F]{1,13}$/;

/** Integers written as numbers, as decimal text, or as "0x..." text (Windows Security process ids). */
export function integer(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (DECIMAL.test(value)) {
    const number = Number(value);
    return Number.isSafeInteger(number) ? number : undefined;
  }
  return HEXADECIMAL.test(value) ? Number.parseInt(value.slice(2), 16) : undefined;
}

/** A size or a counter: an integer that is not negative. */
export function count(value: unknown): number | undefined {
  const number = integer(value);
  return number !== undefined && number >= 0 ? number : undefined;
}

/** Booleans as JSON writes them, as text, and as Zeek's "T"/"F". */
export function boolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  switch (value) {
    case 'true':
    case 'True':
    case 'T':
      return true;
    case 'false':
    case 'False':
    case 'F':
      return false;
    default:
      return undefined;
  }
}

/** The first element of a list (Zeek sets of one host); anything else as it is. */
export function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** A list of strings: from a list (non-strings dropped) or from one value. */
export function list(value: unknown): string[] | undefined {
  const items = Array.isArray(value) ? value : [value];
  const strings: string[] = [];
  for (const item of items) {
    const text = string(item);
    if (text !== undefined && text !== '') strings.push(text);
  }
  return strings.length === 0 ? undefined : strings;
}

/**
 * A hash as lowercase hex (the form STIX examples and intelligence use, so equality matches),
 * colons of fingerprints removed; a value of zeros is Sysmon's "none" (IMPHASH of a non-PE).
 * One pass over the characters: every Sysmon event carries three or four digests.
 */
export function hex(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const digits = value.includes(':') ? value.replaceAll(':', '') : value;
  if (digits.length === 0 || digits.length % 2 !== 0) return undefined;
  let upper = false;
  let zeros = true;
  for (let i = 0; i < digits.length; i++) {
    const code = digits.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) {
      if (code !== 0x30) zeros = false;
    } else if (code >= 0x61 && code <= 0x66) {
      zeros = false;
    } else if (code >= 0x41 && code <= 0x46) {
      zeros = false;
      upper = true;
    } else {
      return undefined;
    }
  }
  if (zeros) return undefined;
  return upper ? digits.toLowerCase() : digits;
}

/** Hex of a fixed length: the digest of one algorithm (a SHA-1 is no SHA-256, whatever the field says). */
function digest(length: number): (value: unknown) => string | undefined {
  return (value) => {
    const digits = hex(value);
    return digits?.length === length ? digits : undefined;
  };
}

export const md5 = digest(32);
export const sha1 = digest(40);
export const sha256 = digest(64);
