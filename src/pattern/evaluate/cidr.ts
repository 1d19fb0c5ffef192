// ISSUBSET and ISSUPERSET (STIX 2.1 section 9.5): containment of IPv4 or IPv6 addresses and CIDR
// blocks. An address without a prefix is the block of that one address (/32, /128). A block with
// host bits set ("10.1.2.3/8") stands for the block its prefix selects, as the reference matcher
// reads it. Addresses of different families are never contained in one another.

import { isIpAddressOrCidr } from '../ip-address.js';

interface Block {
  bits: 32 | 128;
  address: bigint;
  prefix: number;
}

export function parseBlock(text: string): Block | undefined {
  if (!isIpAddressOrCidr(text)) return undefined;
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const bits = address.includes(':') ? 128 : 32;
  const prefix = slash === -1 ? bits : Number(text.slice(slash + 1));
  const value = bits === 32 ? ipv4Value(address) : ipv6Value(address);
  return { bits, address: value, prefix };
}

/** Whether `inner` lies within `outer`. */
export function blockContains(outer: Block, inner: Block): boolean {
  if (outer.bits !== inner.bits || outer.prefix > inner.prefix) return false;
  const shift = BigInt(outer.bits - outer.prefix);
  return outer.address >> shift === inner.address >> shift;
}

function ipv4Value(text: string): bigint {
  return text.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6Value(text: string): bigint {
  const gap = text.indexOf('::');
  const head = gap === -1 ? text : text.slice(0, gap);
  const tail = gap === -1 ? '' : text.slice(gap + 2);
  const headGroups = groups(head);
  const tailGroups = groups(tail);
  const zeros = gap === -1 ? [] : new Array<number>(8 - headGroups.length - tailGroups.length).fill(0);
  return [...headGroups, ...zeros, ...tailGroups].reduce(
    (value, group) => (value << 16n) | BigInt(group),
    0n,
  );
}

/** 16-bit groups of one side of "::", an embedded IPv4 address counting as two. */
function groups(text: string): number[] {
  if (text === '') return [];
  return text.split(':').flatMap((part) => {
    if (!part.includes('.')) return [Number.parseInt(part, 16)];
    const v4 = Number(ipv4Value(part));
    return [Math.floor(v4 / 0x10000), v4 % 0x10000];
  });
}
