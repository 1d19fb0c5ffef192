// Textual IP addresses and CIDR blocks, the only operands ISSUBSET and ISSUPERSET compare
// (STIX 2.1 section 9.5): IPv4 in dotted-decimal form (RFC 791, no leading zeros, which some
// readers take as octal) and IPv6 in the forms of RFC 4291 section 2.2, each with an optional
// "/prefix" (RFC 4632, RFC 4291 section 2.3).

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

export function isIpAddressOrCidr(text: string): boolean {
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const prefix = slash === -1 ? undefined : text.slice(slash + 1);
  if (isIpv4(address)) return prefix === undefined || isPrefix(prefix, 32);
  if (isIpv6(address)) return prefix === undefined || isPrefix(prefix, 128);
  return false;
}

function isPrefix(text: string, max: number): boolean {
  return DECIMAL.test(text) && text.length <= 3 && Number(text) <= max;
}

function isIpv4(text: string): boolean {
  const octets = text.split('.');
  return octets.length === 4 && octets.every((o) => DECIMAL.test(o) && o.length <= 3 && Number(o) <= 255);
}

/** Eight 16-bit groups, the last two of which may be written as an IPv4 address; "::" once. */
function isIpv6(text: string): boolean {
  const gap = text.indexOf('::');
  if (gap !== text.lastIndexOf('::')) return false;
  if (gap === -1) return groupCount(text.split(':')) === 8;
  const head = text.slice(0, gap);
  const tail = text.slice(gap + 2);
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  // An embedded IPv4 address may only end the address, so it may not sit before the gap.
  if (headGroups.some((group) => !HEX_GROUP.test(group))) return false;
  const count = headGroups.length + groupCount(tailGroups);
  // "::" stands for at least one group of zeros.
  return !Number.isNaN(count) && count <= 7;
}

/** How many 16-bit groups the parts make, or NaN when one is malformed. */
function groupCount(parts: string[]): number {
  let count = 0;
  for (const [i, part] of parts.entries()) {
    if (HEX_GROUP.test(part)) count += 1;
    else if (i === parts.length - 1 && isIpv4(part)) count += 2;
    else return Number.NaN;
  }
  return count;
}
