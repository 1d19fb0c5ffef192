// Binary values (STIX 2.1 section 9.2 and 9.5): a property whose name ends in `_hex` or `_bin`
// holds bytes, written as hex or base64; `h'...'` and `b'...'` constants are bytes too. The spec
// lets bytes be compared with a string only when every code point of the string is below 256,
// each code point standing for one byte (what the reference matcher does).

/** Bytes taken out of a property or a constant, kept apart from strings. */
export class Bytes {
  constructor(readonly data: Uint8Array) {}
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function bytesFromHex(text: string): Bytes | undefined {
  return HEX.test(text) ? new Bytes(Uint8Array.from(Buffer.from(text, 'hex'))) : undefined;
}

export function bytesFromBase64(text: string): Bytes | undefined {
  return BASE64.test(text) ? new Bytes(Uint8Array.from(Buffer.from(text, 'base64'))) : undefined;
}

/**
 * The value of a property as the pattern sees it: a `_hex` or `_bin` string becomes bytes. A string
 * that is not valid hex or base64 stays a string, so it still compares as one.
 */
export function decodeBySuffix(name: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (name.endsWith('_hex')) return bytesFromHex(value) ?? value;
  if (name.endsWith('_bin')) return bytesFromBase64(value) ?? value;
  return value;
}

/** A string as bytes, one per code point, when every code point is below 256. */
export function latin1Bytes(text: string): Uint8Array | undefined {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return undefined;
    out[i] = code;
  }
  return out;
}

/** Bytes as a string of code points 0-255, so a regular expression can run over them byte by byte. */
export function latin1String(bytes: Bytes): string {
  return Buffer.from(bytes.data).toString('latin1');
}

/** Bytes as UTF-8 text for LIKE, or undefined when they are not valid UTF-8. */
export function utf8String(bytes: Bytes): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.data);
  } catch {
    return undefined;
  }
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = (a[i] as number) - (b[i] as number);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
