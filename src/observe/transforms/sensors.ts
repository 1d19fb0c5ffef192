// Values only one sensor writes in its own way: Sysmon's DNS results, Suricata's DNS answers, Zeek's
// file transfer direction, SSH software banners, Kerberos principals, PE headers and certificates.

import { isPlainObject } from '../../stix/object.js';
import { domain, ip, ipList } from './network.js';
import { boolean, first, string } from './values.js';

/** The addresses of Sysmon's QueryResults ("::ffff:10.0.0.1;type:  5 cdn.example;"), or ECS's list. */
export function sysmonDnsAddresses(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return ipList(value);
  if (typeof value !== 'string') return undefined;
  const addresses: string[] = [];
  for (const answer of value.split(';')) {
    const address = answer.startsWith('type:') ? undefined : ip(answer);
    if (address !== undefined) addresses.push(address);
  }
  return addresses.length === 0 ? undefined : addresses;
}

/** The CNAME targets of Sysmon's QueryResults: entries "type:  5 <name>". */
export function sysmonDnsNames(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const names: string[] = [];
  for (const answer of value.split(';')) {
    const [label, type, target] = answer.trim().split(/\s+/);
    const name = label === 'type:' && type === '5' ? domain(target) : undefined;
    if (name !== undefined) names.push(name);
  }
  return names.length === 0 ? undefined : names;
}

interface SuricataAnswer {
  rrtype?: unknown;
  rdata?: unknown;
}

/** The rdata of Suricata's detailed answers of the given record types. */
function answerData(dns: Record<string, unknown>, types: readonly string[]): unknown[] {
  const answers = dns.answers;
  if (!Array.isArray(answers)) return [];
  return answers
    .filter((answer: SuricataAnswer) => types.includes(String(answer?.rrtype)))
    .map((answer: SuricataAnswer) => answer.rdata);
}

function grouped(dns: Record<string, unknown>, type: string): unknown[] {
  const groups = dns.grouped;
  if (typeof groups !== 'object' || groups === null) return [];
  const group = (groups as Record<string, unknown>)[type];
  return Array.isArray(group) ? group : [];
}

/**
 * The A and AAAA answers of a Suricata dns record, EVE versions 2 and 3: from the grouped answers
 * when Suricata writes them (they repeat the detailed ones), else from the detailed answers.
 */
export function suricataDnsAddresses(value: unknown): string[] | undefined {
  if (!isPlainObject(value)) return undefined;
  return ipList(
    isPlainObject(value.grouped)
      ? [...grouped(value, 'A'), ...grouped(value, 'AAAA')]
      : answerData(value, ['A', 'AAAA']),
  );
}

/** The CNAME answers of a Suricata dns record, as suricataDnsAddresses reads them. */
export function suricataDnsNames(value: unknown): string[] | undefined {
  if (!isPlainObject(value)) return undefined;
  const names: string[] = [];
  const targets = isPlainObject(value.grouped) ? grouped(value, 'CNAME') : answerData(value, ['CNAME']);
  for (const target of targets) {
    const name = domain(target);
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names.length === 0 ? undefined : names;
}

/**
 * The host that opened the connection a Zeek file went over, from [id.orig_h, is_orig, tx_hosts,
 * rx_hosts]: Zeek 6 logs it; before, a file the originator sent (is_orig) came from it, any other
 * went to it.
 */
export function zeekFileOriginator(values: readonly unknown[]): string | undefined {
  const [originator, isOrig, sent, received] = values;
  return ip(originator) ?? ip(first(boolean(isOrig) === true ? sent : received));
}

/** "OpenSSH" of the SSH software banner "OpenSSH_8.2p1 Ubuntu-4ubuntu0.5". */
export function sshSoftwareName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const software = value.split(' ')[0] ?? '';
  const name = software.split('_')[0];
  return name === '' ? undefined : name;
}

/** "8.2p1" of the SSH software banner "OpenSSH_8.2p1 Ubuntu-4ubuntu0.5". */
export function sshSoftwareVersion(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const software = value.split(' ')[0] ?? '';
  const underscore = software.indexOf('_');
  const version = underscore < 0 ? '' : software.slice(underscore + 1);
  return version === '' ? undefined : version;
}

/** The user of a Kerberos principal: "stevie.marie" of "stevie.marie/PANDALAB.COM" or "...@REALM". */
export function kerberosUser(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const user = value.split(/[/@]/)[0];
  return user === '' ? undefined : user;
}

/** windows-pebinary-type-ov from Zeek's is_exe: an image that is no executable is a library. */
export function zeekPeType(value: unknown): string | undefined {
  const isExe = boolean(value);
  return isExe === undefined ? undefined : isExe ? 'exe' : 'dll';
}

// IMAGE_FILE_MACHINE_* values by the names Zeek logs for them.
const MACHINES: Readonly<Record<string, string>> = {
  I386: '014c',
  AMD64: '8664',
  ARM: '01c0',
  ARMNT: '01c4',
  ARM64: 'aa64',
  IA64: '0200',
  EBC: '0ebc',
  THUMB: '01c2',
};

/** The PE machine type as windows-pebinary-ext's machine_hex. */
export function peMachineHex(value: unknown): string | undefined {
  return typeof value === 'string' ? MACHINES[value.toUpperCase()] : undefined;
}

/** A certificate serial number as colon-separated lowercase hex pairs, the form STIX examples use. */
export function x509Serial(value: unknown): string | undefined {
  const text = string(value);
  if (text === undefined) return undefined;
  let digits = text.replaceAll(':', '').replaceAll(' ', '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(digits)) return undefined;
  if (digits.length % 2 !== 0) digits = `0${digits}`;
  return digits.match(/../g)?.join(':');
}

/** Basic constraints as OpenSSL prints them, "CA:TRUE" or "CA:FALSE". */
export function basicConstraints(value: unknown): string | undefined {
  const ca = boolean(value);
  return ca === undefined ? undefined : ca ? 'CA:TRUE' : 'CA:FALSE';
}

const SAN_PREFIXES = ['DNS', 'URI', 'email', 'IP Address'];

/** Subject alternative names from [dns, uri, email, ip] lists, as OpenSSL prints them. */
export function subjectAltNames(values: readonly unknown[]): string | undefined {
  const names: string[] = [];
  values.forEach((list, index) => {
    for (const name of Array.isArray(list) ? list : []) {
      const text = string(name);
      if (text !== undefined && text !== '') names.push(`${SAN_PREFIXES[index]}:${text}`);
    }
  });
  return names.length === 0 ? undefined : names.join(', ');
}
