// IP addresses and CIDR blocks as bits, for the PrefixTable. Accepts exactly what
// ../ip-address.ts accepts, as the evaluator does (../evaluate/cidr.ts), so an address the
// evaluator compares is one the table can find.

import { isIpAddressOrCidr } from '../ip-address.js';

/** A reusable holder: the address in 32-bit words (one for IPv4, four for IPv6). */
export class IpPrefix {
  readonly words = new Uint32Array(4);
  family: 4 | 6 = 4;
  /** Prefix length in bits: 32 or 128 for a single address. */
  length = 0;
}

/** Reads `text` into `into`; false when it is not an IP address or CIDR block. */
export function readIpPrefix(text: string, into: IpPrefix): boolean {
  // Most values are IPv4: read them in one pass without allocating; the rest as ip-address.ts says.
  // readIpv4 stops at the first character an IPv4 text cannot hold, so it is tried first.
  if (readIpv4(text, into)) return true;
  if (!text.includes(':')) return false;
  if (!isIpAddressOrCidr(text)) return false;
  const slash = text.indexOf('/');
  into.family = 6;
  readIpv6(slash === -1 ? text : text.slice(0, slash), into.words);
  into.length = slash === -1 ? 128 : Number(text.slice(slash + 1));
  return true;
}

/**
 * Dotted decimal with an optional "/prefix", by the rules of ../ip-address.ts: four numbers of one
 * to three digits without a leading zero, each at most 255, and a prefix of the same form at most
 * 32.
 */
function readIpv4(text: string, into: IpPrefix): boolean {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  let at = 0;
  for (; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c === 46 || c === 47) {
      if (digits === 0 || part > 255) return false;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      if (c === 47) break;
      if (++dots > 3) return false;
      continue;
    }
    if (c < 48 || c > 57 || digits === 3 || (digits === 1 && part === 0)) return false;
    part = part * 10 + (c - 48);
    digits++;
  }
  if (at === text.length) {
    if (digits === 0 || part > 255 || dots !== 3) return false;
    value = value * 256 + part;
    into.length = 32;
  } else {
    if (dots !== 3) return false;
    const length = prefixLength(text, at + 1);
    if (length === -1) return false;
    into.length = length;
  }
  into.family = 4;
  into.words[0] = value;
  return true;
}

/** The prefix length written from `from` to the end, or -1. */
function prefixLength(text: string, from: number): number {
  const digits = text.length - from;
  if (digits < 1 || digits > 3 || (digits > 1 && text.charCodeAt(from) === 48)) return -1;
  let length = 0;
  for (let at = from; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c < 48 || c > 57) return -1;
    length = length * 10 + (c - 48);
  }
  return length <= 32 ? length : -1;
}

function ipv4Value(text: string): number {
  let value = 0;
  for (const octet of text.split('.')) value = value * 256 + Number(octet);
  return value;
}

function readIpv6(text: string, words: Uint32Array): void {
  const gap = text.indexOf('::');
  const head = groups(gap === -1 ? text : text.slice(0, gap));
  const tail = groups(gap === -1 ? '' : text.slice(gap + 2));
  const all = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  for (let i = 0; i < 4; i++) words[i] = (all[2 * i] as number) * 0x10000 + (all[2 * i + 1] as number);
}

/** The 16-bit groups of one side of "::", an embedded IPv4 address counting as two. */
function groups(text: string): number[] {
  if (text === '') return [];
  return text.split(':').flatMap((part) => {
    if (!part.includes('.')) return [Number.parseInt(part, 16)];
    const v4 = ipv4Value(part);
    return [Math.floor(v4 / 0x10000), v4 % 0x10000];
  });
}
