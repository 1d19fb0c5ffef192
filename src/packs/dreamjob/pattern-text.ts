// Writing STIX pattern text (STIX 2.1 section 9) from plain values, so that the tables and the
// behaviour definitions hold Windows paths and regular expressions as a person reads them and the
// two layers of escaping (regular expression, then STIX string literal) happen in one place.

import { printString } from '../../pattern/print.js';

/** A STIX string constant: quoted, with backslash and quote escaped, the only two escapes 9.2 allows. */
export const literal = printString;

/** A regular expression that matches `text` literally. */
export function regexEscape(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

// Regular expression pieces for Windows paths; the whole expression runs case-insensitively.
const DRIVE = '[a-z]:';
const ANY_SEGMENT = '[^\\\\]+';
/** On Vista and later the "All Users" profile of XP is C:\ProgramData, and the old path a link to it. */
const ALL_USERS = '(?:programdata|documents and settings\\\\all users)';

/** The folders an environment variable of the sources stands for, as regular expression segments. */
const VARIABLES: Readonly<Record<string, readonly string[]>> = {
  '%TEMP%': [DRIVE, 'users', ANY_SEGMENT, 'appdata', 'local', 'temp'],
  '%APPDATA%': [DRIVE, 'users', ANY_SEGMENT, 'appdata', 'roaming'],
  '%ALLUSERSPROFILE%': [DRIVE, ALL_USERS],
  '%WINDIR%': [DRIVE, 'windows'],
};

/**
 * The segments of a Windows folder as a source writes it, as regular expression pieces: variables
 * and the drive letter widened to what they stand for on any machine, `<USER>` to any user name,
 * and 7-Zip's per-extraction folder (7zO and eight hex digits, random each time) to its shape.
 */
function folderSegments(folder: string): string[] {
  const [first = '', ...rest] = folder.split('\\');
  const variable = VARIABLES[first];
  if (variable === undefined && !/^[A-Za-z]:$/.test(first)) {
    throw new Error(
      `cannot read the folder "${folder}": it starts with neither a drive nor a known variable`,
    );
  }
  const lower = rest.map((segment) => segment.toLowerCase());
  let head = variable ?? [DRIVE];
  let skip = 0;
  if (variable === undefined && lower[0] === 'programdata') {
    head = [DRIVE, ALL_USERS];
    skip = 1;
  } else if (variable === undefined && lower[0] === 'documents and settings' && lower[1] === 'all users') {
    head = [DRIVE, ALL_USERS];
    skip = 2;
  }
  return [
    ...head,
    ...rest.slice(skip).map((segment) => {
      if (segment === '<USER>') return ANY_SEGMENT;
      if (/^7zO[0-9A-F]{8}$/i.test(segment)) return '7zo[0-9a-f]{8}';
      return regexEscape(segment);
    }),
  ];
}

/** A case-insensitive regular expression matching exactly the folder, written as a source writes it. */
function windowsFolderRegex(folder: string): string {
  return `(?i)^${folderSegments(folder).join('\\\\')}$`;
}

/**
 * The comparisons a file object must satisfy to be the file at `path`: its name, and when the path
 * has a folder, that folder (case-insensitively, as Windows compares). The name is compared
 * exactly: it is the one the malware wrote, and an equality the compiled matcher can index.
 */
export function filePathComparisons(path: string): string {
  const cut = path.lastIndexOf('\\');
  if (cut === -1) return `file:name = ${literal(path)}`;
  return (
    `file:name = ${literal(path.slice(cut + 1))} AND ` +
    `file:parent_directory_ref.path MATCHES ${literal(windowsFolderRegex(path.slice(0, cut)))}`
  );
}
