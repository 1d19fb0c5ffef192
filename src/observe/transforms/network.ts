// Addresses, names and protocols as sensors write them, in the form STIX gives them: addresses in
// the syntax ipv4-addr and ipv6-addr require (the validator's own predicates decide, so what an
// adapter emits is what the validator accepts), domain names lowercase as DNS compares them, and
// protocols as lowercase names (network-traffic:protocols, STIX 2.1 section 6.12).

import {
  isDomainName,
  isEmailAddress,
  isIpv4Value,
  isIpv6Value,
  isUrl,
} from '../../stix/validate/formats.js';
import { integer, string } from './values.js';

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * An IPv4 or IPv6 address. An IPv4 address mapped into IPv6 ("::ffff:10.0.0.1", as Windows reports
 * DNS answers) is the IPv4 address; a zone ("fe80::1%12") and brackets ("[::1]") are dropped, since
 * STIX values carry neither. Anything else (a host name, "-") is no address.
 */
export function ip(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let text = value.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const mapped = MAPPED_IPV4.exec(text);
  if (mapped !== null) text = mapped[1] as string;
  if (!text.includes(':')) return isIpv4Value(text) ? text : undefined;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  return isIpv6Value(text) ? text.toLowerCase() : undefined;
}

/** The addresses of a list (DNS answers mix addresses and names: the names are left out). */
export function ipList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const addresses: string[] = [];
  for (const item of value) {
    const address = ip(item);
    if (address !== undefined) addresses.push(address);
  }
  return addresses.length === 0 ? undefined : addresses;
}

/** A domain name, lowercase and without the root's trailing dot; addresses and junk are no names. */
export function domain(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let name = value.trim().toLowerCase();
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name === '' || ip(name) !== undefined) return undefined;
  return isDomainName(name) ? name : undefined;
}

/** The names of a list (DNS answers: CNAME targets and the like; addresses are left out). */
export function domainList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const names: string[] = [];
  for (const item of value) {
    const name = domain(item);
    if (name !== undefined) names.push(name);
  }
  return names.length === 0 ? undefined : names;
}

/** The host of an HTTP Host header: "example.com" of "example.com:8080", "::1" of "[::1]:80". */
export function hostOnly(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end > 1 ? value.slice(1, end) : undefined;
  }
  const colon = value.indexOf(':');
  // More than one colon: a bare IPv6 address, no port.
  if (colon < 0 || value.indexOf(':', colon + 1) >= 0) return value;
  return value.slice(0, colon);
}

const ABSOLUTE_URL = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
// Characters a URL may not hold raw (RFC 3986); logs write request targets as the client sent them.
const NOT_IN_URL = /[\s"<>{}|\\^`\p{Cc}]/gu;

/**
 * The URL of an HTTP request from [Host header, request target, server address, server port]: the
 * target when it is absolute (a proxy request), else http:// + host + target, with the port when the
 * host names none and it is not 80. Sensors log cleartext HTTP only, so the scheme is http.
 * Characters a URL may not hold are percent-encoded.
 */
export function httpUrl(values: readonly unknown[]): string | undefined {
  const [hostValue, targetValue, fallbackHost, portValue] = values;
  const target = string(targetValue);
  if (target === undefined || target === '') return undefined;
  let url: string;
  if (ABSOLUTE_URL.test(target)) {
    url = target;
  } else {
    let host = string(hostValue) ?? string(fallbackHost);
    if (host === undefined || host === '') return undefined;
    if (host.indexOf(':') !== host.lastIndexOf(':') && !host.startsWith('[')) host = `[${host}]`;
    const serverPort = port(portValue);
    if (serverPort !== undefined && serverPort !== 80 && !/:\d+$/.test(host)) host = `${host}:${serverPort}`;
    url = `http://${host}${target.startsWith('/') ? '' : '/'}${target}`;
  }
  url = url.replace(NOT_IN_URL, (character) => encodeURIComponent(character));
  return isUrl(url) ? url : undefined;
}

/** "HTTP/1.1" and Zeek's "1.1" as STIX writes request_version: "http/1.1". */
export function httpVersion(value: unknown): string | undefined {
  const text = string(value);
  if (text === undefined || text === '') return undefined;
  const lower = text.toLowerCase();
  return lower.startsWith('http/') ? lower : `http/${lower}`;
}

// IANA protocol numbers, as Windows Filtering Platform events give the transport.
const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = {
  '1': 'icmp',
  '2': 'igmp',
  '6': 'tcp',
  '17': 'udp',
  '41': 'ipv6',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'ipv6-icmp',
  '132': 'sctp',
};
// Zeek calls TLS "ssl", Suricata "tls": one name, so a pattern matches both sensors.
const PROTOCOL_SYNONYMS: Readonly<Record<string, string>> = { ssl: 'tls' };
// What sensors write when they could not tell the protocol.
const NO_PROTOCOL = new Set(['', '-', 'failed', 'unknown']);

function protocolName(text: string): string | undefined {
  const name = text.trim().toLowerCase();
  return NO_PROTOCOL.has(name) ? undefined : (PROTOCOL_NUMBERS[name] ?? PROTOCOL_SYNONYMS[name] ?? name);
}

/**
 * Protocol names, lowercase, from a name, a protocol number, a comma-separated list (Zeek's
 * conn.log service "krb,smb,gssapi") or a list of those.
 */
export function protocols(value: unknown): string[] | undefined {
  // The common case, one name.
  if (typeof value === 'string' && !value.includes(',')) {
    const name = protocolName(value);
    return name === undefined ? undefined : [name];
  }
  const names: string[] = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    const text = string(item);
    if (text === undefined) continue;
    for (const part of text.split(',')) {
      const name = protocolName(part);
      if (name !== undefined) names.push(name);
    }
  }
  return names.length === 0 ? undefined : names;
}

/** A port number, 0 to 65535. */
export function port(value: unknown): number | undefined {
  const number = integer(value);
  return number !== undefined && number >= 0 && number <= 65535 ? number : undefined;
}

/**
 * A Zeek port from [port, proto]. For ICMP Zeek logs the message type there, and where it documents
 * the code, its logs show the counterpart type (134 for 133): no ports, and no icmp-ext either.
 */
export function zeekPort(values: readonly unknown[]): number | undefined {
  return values[1] === 'icmp' ? undefined : port(values[0]);
}

/** A byte as two hex digits (icmp-ext's type and code). */
export function hexByte(value: unknown): string | undefined {
  const number = integer(value);
  return number === undefined || number < 0 || number > 255
    ? undefined
    : number.toString(16).padStart(2, '0');
}

/** An email address from "addr", "<addr>" or "Name <addr>". */
export function emailAddress(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const open = value.lastIndexOf('<');
  const close = value.indexOf('>', open);
  const address = (open < 0 ? value : value.slice(open + 1, close < 0 ? undefined : close)).trim();
  return isEmailAddress(address) ? address : undefined;
}

/** The email addresses of a list. */
export function emailList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const addresses: string[] = [];
  for (const item of value) {
    const address = emailAddress(item);
    if (address !== undefined) addresses.push(address);
  }
  return addresses.length === 0 ? undefined : addresses;
}
