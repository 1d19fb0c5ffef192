// Pieces the Windows tables repeat: a file with the folder it is in, a process with its image, an
// account. They are plain functions returning table entries, so the tables stay data.

import type { ObjectSpec, PropertySpec, ValueSpec } from '../mapping.js';

type Objects = Record<string, ObjectSpec>;

/**
 * The file a path field names and its folder, as objects `name` and `${name}Folder`. `before` are
 * transforms that first get the path out of the field (the command of a scheduled task's XML).
 */
export function fileAt(
  name: string,
  field: string,
  extra: Record<string, PropertySpec> = {},
  before: readonly string[] = [],
): Objects {
  return {
    [name]: {
      type: 'file',
      name: { field, as: [...before, 'basename'] },
      ...extra,
      parent_directory_ref: { ref: `${name}Folder` },
    },
    [`${name}Folder`]: { type: 'directory', path: { field, as: [...before, 'dirname'] } },
  };
}

export function integer(field: string | readonly string[]): ValueSpec {
  return { field, as: 'integer' };
}

/** A process known by pid and image path, as objects `name`, `${name}Image`, `${name}ImageFolder`. */
export function processOf(
  name: string,
  pid: string | readonly string[],
  image: string,
  extra: Record<string, PropertySpec> = {},
  imageExtra: Record<string, PropertySpec> = {},
): Objects {
  return {
    [name]: { type: 'process', pid: integer(pid), ...extra, image_ref: { ref: `${name}Image` } },
    ...fileAt(`${name}Image`, image, imageExtra),
  };
}

/** Sysmon's hash list as STIX hashes. */
export function hashes(field: string | readonly string[]): ValueSpec {
  return { field, as: 'sysmonHashes' };
}

/** windows-pebinary-ext with the IMPHASH of Sysmon's hash list; `peType` a constant or a spec. */
export function peBinary(peType: ValueSpec, hashesField: string): Record<string, PropertySpec> {
  return {
    'windows-pebinary-ext': { pe_type: peType, imphash: { field: hashesField, as: 'sysmonImphash' } },
  };
}

/** The account of Sysmon's User field, "DOMAIN\user". */
export const SYSMON_USER: ObjectSpec = {
  type: 'user-account',
  user_id: 'User',
  account_login: { field: 'User', as: 'windowsAccountLogin' },
  account_type: { fields: ['User', '$host'], as: 'windowsUserAccountType' },
};

/** The account of a Security event's Subject* or Target* fields. */
export function securityUser(prefix: 'Subject' | 'Target'): ObjectSpec {
  return {
    type: 'user-account',
    user_id: `${prefix}UserSid`,
    account_login: `${prefix}UserName`,
    account_type: { fields: [`${prefix}DomainName`, '$host'], as: 'windowsDomainAccountType' },
  };
}
