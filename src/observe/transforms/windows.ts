// Windows event values in STIX form: Sysmon's "SHA1=..,MD5=..,SHA256=..,IMPHASH=.." hash lists,
// registry paths with abbreviated hives (STIX 2.1 section 6.17.1 requires the full hive name),
// "DOMAIN\user" accounts, integrity levels, Windows Filtering Platform directions and the command
// of a scheduled task's XML.

import { basename, dirname } from './paths.js';
import { hex, md5, sha1, sha256, string } from './values.js';

// Sysmon's hash names, and ECS's (winlogbeat moves Sysmon's hashes to process.hash.*), to the
// names of STIX's hash-algorithm-ov and the digest's form.
const HASHES: ReadonlyMap<string, readonly [string, (value: unknown) => string | undefined]> = new Map([
  ['MD5', ['MD5', md5]],
  ['SHA1', ['SHA-1', sha1]],
  ['SHA256', ['SHA-256', sha256]],
  ['md5', ['MD5', md5]],
  ['sha1', ['SHA-1', sha1]],
  ['sha256', ['SHA-256', sha256]],
]);

/** `hashes` with the digest added when the algorithm is a file hash and the digest reads; made on the first. */
function withHash(
  hashes: Record<string, string> | undefined,
  algorithm: string,
  value: unknown,
): Record<string, string> | undefined {
  const known = HASHES.get(algorithm);
  const digits = known?.[1](value);
  if (known === undefined || digits === undefined) return hashes;
  const out = hashes ?? {};
  out[known[0]] = digits;
  return out;
}

/** Sysmon's hash list (or ECS's hash object) as a STIX hashes dictionary; IMPHASH is no file hash. */
export function sysmonHashes(value: unknown): Record<string, string> | undefined {
  let hashes: Record<string, string> | undefined;
  if (typeof value === 'string') {
    // "SHA1=..,MD5=..": pairs found by index, not split into lists (every Sysmon event has one).
    let equals = value.indexOf('=');
    for (let start = 0; start <= value.length; ) {
      const comma = value.indexOf(',', start);
      const end = comma < 0 ? value.length : comma;
      if (equals >= 0 && equals < start) equals = value.indexOf('=', start);
      if (equals > start && equals < end) {
        hashes = withHash(hashes, value.slice(start, equals).trim(), value.slice(equals + 1, end).trim());
      }
      start = end + 1;
    }
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [algorithm, digest] of Object.entries(value)) hashes = withHash(hashes, algorithm, digest);
  }
  return hashes;
}

/** The IMPHASH of Sysmon's hash list, for windows-pebinary-ext.imphash. */
export function sysmonImphash(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const start = value.indexOf('IMPHASH=');
  if (start < 0) return undefined;
  const end = value.indexOf(',', start);
  return hex(value.slice(start + 'IMPHASH='.length, end < 0 ? undefined : end));
}

// Abbreviated hives (regedit, Sysmon) and kernel object paths (Security events' \REGISTRY\...).
const HIVES: readonly [string, string][] = [
  ['HKLM', 'HKEY_LOCAL_MACHINE'],
  ['HKU', 'HKEY_USERS'],
  ['HKCU', 'HKEY_CURRENT_USER'],
  ['HKCR', 'HKEY_CLASSES_ROOT'],
  ['HKCC', 'HKEY_CURRENT_CONFIG'],
  ['HKPD', 'HKEY_PERFORMANCE_DATA'],
  ['\\REGISTRY\\MACHINE', 'HKEY_LOCAL_MACHINE'],
  ['\\REGISTRY\\USER', 'HKEY_USERS'],
];

function expandHive(key: string): string {
  const upper = key.slice(0, 18).toUpperCase();
  for (const [short, full] of HIVES) {
    if (upper.startsWith(short) && (key.length === short.length || key[short.length] === '\\')) {
      return full + key.slice(short.length);
    }
  }
  return key;
}

function endsWithValue(eventType: unknown): boolean {
  return typeof eventType === 'string' && eventType.endsWith('Value');
}

/**
 * A registry key from [path, Sysmon EventType]: Sysmon's TargetObject names a value when the event
 * type is CreateValue, DeleteValue or SetValue (its last segment is the value's name), else a key.
 */
export function registryKey(values: readonly unknown[]): string | undefined {
  const [path, eventType] = values;
  if (typeof path !== 'string' || path === '') return undefined;
  const key = endsWithValue(eventType) ? dirname(path) : path;
  return key === undefined ? undefined : expandHive(key);
}

/** The key a value path is in (Sysmon's SetValue TargetObject: the key, then the value's name). */
export function registryParentKey(value: unknown): string | undefined {
  const key = dirname(value);
  return key === undefined ? undefined : expandHive(key);
}

/** The value name from [path, Sysmon EventType] when the path names a value. */
export function registryValueName(values: readonly unknown[]): string | undefined {
  const [path, eventType] = values;
  return endsWithValue(eventType) ? basename(path) : undefined;
}

const NUMBER_DETAILS = /^(DWORD|QWORD) \((0x[0-9a-fA-F]+)(?:-(0x[0-9a-fA-F]+))?\)$/;

/** The data of Sysmon's Details: "DWORD (0x00000001)" as its hex, text as it is, binary as nothing. */
export function registryData(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === 'Binary Data') return undefined;
  const number = NUMBER_DETAILS.exec(value);
  if (number === null) return value;
  // A QWORD is written as its high and low DWORDs.
  return number[3] === undefined ? number[2] : `${number[2]}${(number[3] as string).slice(2)}`;
}

/** The windows-registry-datatype-enum value Sysmon's Details shows, where it shows one. */
export function registryDataType(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value === 'Binary Data') return 'REG_BINARY';
  const number = NUMBER_DETAILS.exec(value);
  return number === null ? undefined : `REG_${number[1]}`;
}

// Account domains that are the machine itself, whatever it is called.
const LOCAL_DOMAINS = new Set([
  'NT AUTHORITY',
  'NT SERVICE',
  'BUILTIN',
  'WORKGROUP',
  'WINDOW MANAGER',
  'FONT DRIVER HOST',
  'NT VIRTUAL MACHINE',
  'IIS APPPOOL',
]);

/** account-type-ov for an account of `domain` seen on `host`: the host's own accounts are local. */
function accountTypeOf(domain: string, host: unknown): string {
  const upper = domain.toUpperCase();
  if (LOCAL_DOMAINS.has(upper)) return 'windows-local';
  const hostName = string(host);
  const shortHost = hostName?.split('.')[0]?.toUpperCase();
  return upper === shortHost ? 'windows-local' : 'windows-domain';
}

/** account_type from [DOMAIN\user, host] (Sysmon's User). */
export function windowsUserAccountType(values: readonly unknown[]): string | undefined {
  const [user, host] = values;
  if (typeof user !== 'string') return undefined;
  const separator = user.indexOf('\\');
  return separator > 0 ? accountTypeOf(user.slice(0, separator), host) : undefined;
}

/** account_type from [domain, host] (Security events' *DomainName). */
export function windowsDomainAccountType(values: readonly unknown[]): string | undefined {
  const [domain, host] = values;
  return typeof domain === 'string' && domain !== '' ? accountTypeOf(domain, host) : undefined;
}

/** The account name of "DOMAIN\user". */
export function windowsAccountLogin(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const login = value.slice(value.indexOf('\\') + 1);
  return login === '' ? undefined : login;
}

// Mandatory label SIDs (Security 4688) and Sysmon's names, to windows-integrity-level-enum.
const INTEGRITY_LEVELS: Readonly<Record<string, string>> = {
  'S-1-16-4096': 'low',
  'S-1-16-8192': 'medium',
  'S-1-16-8448': 'medium',
  'S-1-16-12288': 'high',
  'S-1-16-16384': 'system',
  AppContainer: 'low',
  Low: 'low',
  Medium: 'medium',
  High: 'high',
  System: 'system',
};

export function integrityLevel(value: unknown): string | undefined {
  return typeof value === 'string' ? INTEGRITY_LEVELS[value] : undefined;
}

function isInbound(direction: unknown): boolean {
  return direction === '%%14592' || (typeof direction === 'string' && /^inbound$/i.test(direction));
}

/**
 * From [Direction, Source*, Dest*] of a Windows Filtering Platform event, the side that opened the
 * connection. For an inbound connection Windows names the local side the source, while STIX's
 * src_ref is the initiator.
 */
export function wfpInitiator(values: readonly unknown[]): unknown {
  return isInbound(values[0]) ? values[2] : values[1];
}

/** The side that accepted the connection, as wfpInitiator reads it. */
export function wfpResponder(values: readonly unknown[]): unknown {
  return isInbound(values[0]) ? values[1] : values[2];
}

const TASK_CACHE_TREE =
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree';

/** The registry key Windows keeps a scheduled task under, from its name ("\Folder\Task"). */
export function scheduledTaskKey(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return value.startsWith('\\') ? `${TASK_CACHE_TREE}${value}` : `${TASK_CACHE_TREE}\\${value}`;
}

const XML_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/** XML text with its entities decoded (&amp;, &#34;, &#x22; ...). */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (entity, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return XML_ENTITIES[name] ?? entity;
  });
}

/** The program a scheduled task runs: its first <Exec><Command> (Security 4698's TaskContent). */
export function taskCommand(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /<Command>([^<]*)<\/Command>/.exec(value);
  if (match === null) return undefined;
  const command = decodeXmlText(match[1] as string)
    .trim()
    .replace(/^"(.*)"$/, '$1');
  return command === '' ? undefined : command;
}
