// File system paths as logs write them, Windows ("C:\Windows\System32\cmd.exe", "\\server\share\x",
// "\device\harddiskvolume2\...") or POSIX: STIX keeps a file's name on the file and its folder on a
// directory object (file.parent_directory_ref), so a path is split in two.

const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const COLON = 0x3a;

/** Where the last "\" or "/" is, or -1: one scan from the end, which stops at the file name. */
function lastSeparator(path: string): number {
  let index = path.length - 1;
  while (index >= 0) {
    const code = path.charCodeAt(index);
    if (code === BACKSLASH || code === SLASH) break;
    index--;
  }
  return index;
}

/** Whether the path starts with a drive, "C:". */
function startsWithDrive(path: string): boolean {
  const letter = path.charCodeAt(0) | 0x20;
  return path.charCodeAt(1) === COLON && letter >= 0x61 && letter <= 0x7a;
}

/** The last segment of a path: "cmd.exe" of "C:\Windows\System32\cmd.exe"; a bare name as it is. */
export function basename(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.slice(lastSeparator(value) + 1);
  return name === '' ? undefined : name;
}

/**
 * The folder of a path: "C:\Windows\System32" of "C:\Windows\System32\cmd.exe". A file at the root
 * keeps the root ("C:\", "/", "\"); a bare name ("System", the kernel's image) has no folder.
 */
export function dirname(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const separator = lastSeparator(value);
  if (separator < 0) return undefined;
  if (separator === 0) return value.slice(0, 1);
  const folder = value.slice(0, separator);
  return separator === 2 && startsWithDrive(value) ? `${folder}\\` : folder;
}

/** Joins path parts with "\" (a Zeek SMB share and the file's path within it). */
export function windowsJoin(values: readonly unknown[]): string | undefined {
  let joined: string | undefined;
  for (const value of values) {
    if (typeof value !== 'string' || value === '') continue;
    joined =
      joined === undefined ? value : `${joined.replace(/[\\/]+$/, '')}\\${value.replace(/^[\\/]+/, '')}`;
  }
  return joined;
}

/** Where the alternate data stream part of the last segment starts ("a.exe:Zone.Identifier"), or -1. */
function streamColon(path: string): number {
  let start = lastSeparator(path) + 1;
  // The colon of a drive ("C:name", relative to drive C) is not a stream's.
  if (start === 0 && startsWithDrive(path)) start = 2;
  return path.indexOf(':', start);
}

/** The path without an NTFS alternate data stream: "C:\x\a.exe" of "C:\x\a.exe:Zone.Identifier". */
export function fileWithoutStream(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const colon = streamColon(value);
  return colon < 0 ? value : value.slice(0, colon);
}

/** The alternate data stream's name: "Zone.Identifier" of "a.exe:Zone.Identifier:$DATA". */
export function streamName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const colon = streamColon(value);
  if (colon < 0) return undefined;
  const stream = value.slice(colon + 1).replace(/:\$DATA$/i, '');
  return stream === '' ? undefined : stream;
}

const PIPE_FOLDER = '\\\\.\\pipe';

/**
 * A named pipe's name within the pipe file system: "lsass" of Sysmon's "\lsass" or of the full
 * "\\.\pipe\lsass". Pipes are files of that file system, so an event about one names a file in the
 * folder pipeDirectory gives.
 */
export function pipeName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const relative = value.toLowerCase().startsWith(`${PIPE_FOLDER}\\`)
    ? value.slice(PIPE_FOLDER.length + 1)
    : value.replace(/^\\+/, '');
  return relative === '' ? undefined : relative;
}

/** The folder every named pipe is in, "\\.\pipe", for any pipe name. */
export function pipeDirectory(value: unknown): string | undefined {
  return pipeName(value) === undefined ? undefined : PIPE_FOLDER;
}

/** The windows-pebinary-type-ov value a loaded image's extension suggests: exe, sys or dll. */
export function peType(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Only the extension is lowercased, not the whole path, for each image a process loads.
  const extension = value.slice(-4).toLowerCase();
  if (extension === '.exe') return 'exe';
  if (extension === '.sys') return 'sys';
  return 'dll';
}
