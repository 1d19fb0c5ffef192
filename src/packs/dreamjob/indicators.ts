// IoC table rows to indicator content: a STIX pattern per value, a name and description, kill-chain
// phases from the row's role, and the publications that list it. A value several publications list
// becomes one indicator citing them all and valid from the earliest.

import { TACTICS, type Tactic } from './attack.js';
import type { FamilyKey, Ioc, IocTable, Role } from './iocs/ioc.js';
import { filePathComparisons, literal, regexEscape } from './pattern-text.js';
import { PUBLICATIONS, type PublicationKey } from './sources.js';

export interface IocIndicator {
  /** What the indicator's id is derived from: the kind of value and the value. */
  key: string;
  name: string;
  description: string;
  pattern: string;
  indicatorTypes: string[];
  tactics: Tactic[];
  /** Oldest first. */
  publications: PublicationKey[];
  families: FamilyKey[];
}

/** The ATT&CK tactic in which a thing of each role is met. */
const ROLE_TACTICS: Readonly<Record<Role, readonly Tactic[]>> = {
  lure: ['initial-access'],
  dropper: ['execution'],
  loader: ['execution'],
  downloader: ['command-and-control'],
  backdoor: ['command-and-control'],
  rootkit: ['defense-evasion'],
  'exfiltration-tool': ['exfiltration'],
  sample: ['execution'],
  c2: ['command-and-control'],
  'payload-host': ['command-and-control'],
  'code-signing': ['defense-evasion'],
  persistence: ['persistence'],
  artifact: ['execution'],
};

const INDICATOR_TYPE_ORDER = ['malicious-activity', 'attribution', 'compromised', 'anomalous-activity'];

function indicatorTypes(ioc: Ioc): string[] {
  if (ioc.kind === 'ipv4' || ioc.kind === 'domain' || ioc.kind === 'url') {
    if (ioc.host === 'compromised-site') return ['compromised'];
    if (ioc.host === 'legitimate-service') return ['anomalous-activity'];
  }
  // A certificate the attackers sign with points at who they are, not only at malice.
  if (ioc.kind === 'certificate') return ['malicious-activity', 'attribution'];
  return ['malicious-activity'];
}

function tactics(ioc: Ioc): Tactic[] {
  const own = [...ROLE_TACTICS[ioc.role]];
  // Side-loading hides the DLL behind a trusted program: ATT&CK files it under defence evasion.
  if (ioc.kind === 'sample' && ioc.sideLoadedBy !== undefined) own.push('defense-evasion');
  return own;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

/** A URL without a path is written with and without the slash a client adds. */
function urlPattern(url: string): string {
  const afterScheme = url.slice(url.indexOf('://') + 3);
  if (afterScheme.includes('/')) return `[url:value = ${literal(url)}]`;
  return `[url:value IN (${literal(url)}, ${literal(`${url}/`)})]`;
}

/** x509-certificate serial numbers are written as colon-separated hex pairs (STIX 2.1, 6.18). */
function colonHex(hex: string): string {
  return (hex.match(/../g) ?? []).join(':');
}

/**
 * A scheduled task leaves three traces a sensor may report: its registry key, its XML file under
 * System32\Tasks, and the schtasks command line that created or ran it.
 */
function scheduledTaskPattern(name: string): string {
  const key = `(?i)\\\\schedule\\\\taskcache\\\\tree\\\\${regexEscape(name)}$`;
  const command = `(?i)\\bschtasks(?:\\.exe)?"?\\s.*/tn\\s+"?${regexEscape(name)}(?:"|\\s|$)`;
  return (
    `[windows-registry-key:key MATCHES ${literal(key)}]` +
    ` OR [file:name = ${literal(name)} AND file:parent_directory_ref.path MATCHES ${literal('(?i)^[a-z]:\\\\windows\\\\system32\\\\tasks$')}]` +
    ` OR [process:command_line MATCHES ${literal(command)}]`
  );
}

/** Indicator content for one row, before merging; a sample with a path yields two. */
function fromRow(ioc: Ioc): Omit<IocIndicator, 'publications'>[] {
  const common = {
    indicatorTypes: indicatorTypes(ioc),
    tactics: tactics(ioc),
    families: ioc.family === undefined ? [] : [ioc.family],
  };
  switch (ioc.kind) {
    case 'sample': {
      const details = [
        ioc.about,
        ioc.sideLoadedBy === undefined
          ? ''
          : `It is a DLL that the legitimate ${ioc.sideLoadedBy}, copied into the same folder, side-loads.`,
        ioc.path === undefined ? '' : `ESET found it as ${ioc.path}.`,
        ioc.detection === undefined ? '' : `ESET detects it as ${ioc.detection}.`,
      ].filter((part) => part !== '');
      const hash: Omit<IocIndicator, 'publications'> = {
        ...common,
        key: `sha1:${ioc.sha1}`,
        name: `SHA-1 ${ioc.sha1}${ioc.path === undefined ? '' : ` (${baseName(ioc.path)})`}`,
        description: details.join(' '),
        pattern:
          `[file:hashes.'SHA-256' = ${literal(ioc.sha256)} OR file:hashes.'SHA-1' = ${literal(ioc.sha1)}` +
          ` OR file:hashes.MD5 = ${literal(ioc.md5)}]`,
      };
      if (ioc.path === undefined) return [hash];
      const place: Omit<IocIndicator, 'publications'> = {
        ...common,
        key: `file:${ioc.path}`,
        name: `File ${ioc.path}`,
        description: `${details.join(' ')} Matches the file by its name and folder, whatever its content.`,
        pattern: `[${filePathComparisons(ioc.path)}]`,
      };
      return [hash, place];
    }
    case 'path':
      return [
        {
          ...common,
          key: `file:${ioc.path}`,
          name: `File ${ioc.path}`,
          description: ioc.about,
          pattern: `[${filePathComparisons(ioc.path)}]`,
        },
      ];
    case 'ipv4':
      return [
        {
          ...common,
          key: `ipv4:${ioc.value}`,
          name: `IP address ${ioc.value}`,
          description: ioc.about,
          pattern: `[ipv4-addr:value = ${literal(ioc.value)}]`,
        },
      ];
    case 'domain':
      return [
        {
          ...common,
          key: `domain:${ioc.value}`,
          name: `Domain ${ioc.value}`,
          description: ioc.about,
          pattern: `[domain-name:value = ${literal(ioc.value)}]`,
        },
      ];
    case 'url':
      return [
        {
          ...common,
          key: `url:${ioc.value}`,
          name: `URL ${ioc.value}`,
          description: ioc.about,
          pattern: urlPattern(ioc.value),
        },
      ];
    case 'mutex': {
      // Sandboxes report the name with or without its kernel namespace prefix.
      const bare = ioc.name.replace(/^(?:Global|Local)\\/, '');
      const names = bare === ioc.name ? [ioc.name] : [ioc.name, bare];
      return [
        {
          ...common,
          key: `mutex:${ioc.name}`,
          name: `Mutex ${ioc.name}`,
          description: ioc.about,
          pattern: `[mutex:name IN (${names.map(literal).join(', ')})]`,
        },
      ];
    }
    case 'scheduled-task':
      return [
        {
          ...common,
          key: `scheduled-task:${ioc.name}`,
          name: `Scheduled task ${ioc.name}`,
          description: ioc.about,
          pattern: scheduledTaskPattern(ioc.name),
        },
      ];
    case 'certificate':
      return [
        {
          ...common,
          key: `x509-certificate:${ioc.thumbprint}`,
          name: `Code-signing certificate of ${ioc.subject}`,
          description: `${ioc.about} Serial number ${ioc.serial}, SHA-1 thumbprint ${ioc.thumbprint}.`,
          pattern:
            `[x509-certificate:hashes.'SHA-1' = ${literal(ioc.thumbprint)}` +
            ` OR x509-certificate:serial_number = ${literal(colonHex(ioc.serial))}]`,
        },
      ];
  }
}

function union<T>(into: T[], more: readonly T[], order?: readonly T[]): T[] {
  const all = [...into, ...more.filter((item) => !into.includes(item))];
  return order === undefined ? all : all.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** One indicator per distinct value across the tables, in the order values first appear. */
export function iocIndicators(tables: readonly IocTable[]): IocIndicator[] {
  const byKey = new Map<string, IocIndicator>();
  for (const table of tables) {
    for (const row of table.iocs) {
      for (const drafted of fromRow(row)) {
        const seen = byKey.get(drafted.key);
        if (seen === undefined) {
          byKey.set(drafted.key, {
            ...drafted,
            tactics: union([], drafted.tactics, TACTICS),
            publications: [table.publication],
          });
          continue;
        }
        if (seen.pattern !== drafted.pattern) {
          throw new Error(`${drafted.key} is listed twice with different values`);
        }
        if (!seen.description.includes(drafted.description)) {
          seen.description = `${seen.description} ${drafted.description}`;
        }
        seen.indicatorTypes = union(seen.indicatorTypes, drafted.indicatorTypes, INDICATOR_TYPE_ORDER);
        seen.tactics = union(seen.tactics, drafted.tactics, TACTICS);
        seen.families = union(seen.families, drafted.families);
        seen.publications = union(seen.publications, [table.publication]);
      }
    }
  }
  for (const indicator of byKey.values()) {
    indicator.publications.sort((a, b) => PUBLICATIONS[a].published.localeCompare(PUBLICATIONS[b].published));
  }
  return [...byKey.values()];
}
