// The shape of the IoC tables: one table per ESET publication, each row a value ESET lists (already
// re-fanged: "hxxp" and "[.]" undone) with what the publication says about it, in the pack's words.
// indicators.ts turns rows into STIX indicators; the tables hold no STIX.

import type { PublicationKey } from '../sources.js';

/** What part the thing plays in the intrusion; decides kill-chain phases and wording. */
export type Role =
  /** The file the target is talked into opening. */
  | 'lure'
  /** Writes the next stage to disk. */
  | 'dropper'
  /** Decrypts or loads the next stage. */
  | 'loader'
  /** Fetches the next stage over the network. */
  | 'downloader'
  /** The implant that takes commands. */
  | 'backdoor'
  | 'rootkit'
  | 'exfiltration-tool'
  /** A sample the source lists without saying which stage it is. */
  | 'sample'
  /** A server the malware takes commands from. */
  | 'c2'
  /** A server a stage or a script is downloaded from. */
  | 'payload-host'
  | 'code-signing'
  /** A scheduled task that restarts the malware. */
  | 'persistence'
  /** A file or name the malware leaves behind while it runs (config, log, mutex). */
  | 'artifact';

/** Malware families the tables tie samples to; malware.ts describes each. */
export type FamilyKey =
  | 'lightlesscan'
  | 'miniblindingcan'
  | 'nickelloader'
  | 'simplextea'
  | 'badcall-linux'
  | 'fudmodule';

interface Common {
  role: Role;
  /** What the publication says this is; the indicator's description starts with it. */
  about: string;
  family?: FamilyKey;
}

export interface SampleIoc extends Common {
  kind: 'sample';
  /**
   * SHA-1 as the README lists it; MD5 and SHA-256 from the same line of the folder's
   * samples.md5/.sha256, which list one sample per line in the order of samples.sha1.
   */
  sha1: string;
  md5: string;
  sha256: string;
  /** ESET's detection name, when the source gives it. */
  detection?: string;
  /** Where ESET found it, as written (environment variables included), or a bare file name. */
  path?: string;
  /** The legitimate program that loads this DLL from beside itself (DLL side-loading). */
  sideLoadedBy?: string;
}

export interface PathIoc extends Common {
  kind: 'path';
  /** As written in the source: a full path, possibly with %VARIABLES% or <USER>, or a bare name. */
  path: string;
}

export interface NetworkIoc extends Common {
  kind: 'ipv4' | 'domain' | 'url';
  value: string;
  /**
   * Who runs the host: a legitimate site the attackers broke into, or a legitimate service they
   * abused, so that traffic to it is not malicious in itself. Absent when the source does not say.
   */
  host?: 'compromised-site' | 'legitimate-service';
}

export interface MutexIoc extends Common {
  kind: 'mutex';
  name: string;
}

export interface ScheduledTaskIoc extends Common {
  kind: 'scheduled-task';
  name: string;
}

export interface CertificateIoc extends Common {
  kind: 'certificate';
  /** The subject's common name. */
  subject: string;
  /** Hex, as the source writes it. */
  serial: string;
  /** SHA-1 of the certificate, hex. */
  thumbprint: string;
}

export type Ioc = SampleIoc | PathIoc | NetworkIoc | MutexIoc | ScheduledTaskIoc | CertificateIoc;

export interface IocTable {
  publication: PublicationKey;
  iocs: readonly Ioc[];
}

/** Rows for a list of values the source gives one description for. */
export function networkRows(
  kind: NetworkIoc['kind'],
  values: readonly string[],
  row: Omit<NetworkIoc, 'kind' | 'value'>,
): NetworkIoc[] {
  return values.map((value) => ({ kind, value, ...row }));
}

export function pathRows(paths: readonly string[], row: Omit<PathIoc, 'kind' | 'path'>): PathIoc[] {
  return paths.map((path) => ({ kind: 'path', path, ...row }));
}
