// What an SCO, an extension or a nested type must hold to be valid STIX 2.1 (section 6 and its
// extensions), as the mapping engine checks it before emitting one: a log line that lacks the
// address of a connection yields no network-traffic rather than an invalid one. Objects are found by
// type, extensions by their name, elements of a list by the list's property name.

export interface Requirement {
  /** Every one of these properties is present. */
  all?: readonly string[];
  /** At least one of these properties is present. */
  any?: readonly string[];
}

export const REQUIREMENTS: Readonly<Record<string, Requirement>> = {
  artifact: { any: ['payload_bin', 'url'] },
  'autonomous-system': { all: ['number'] },
  directory: { all: ['path'] },
  'domain-name': { all: ['value'] },
  'email-addr': { all: ['value'] },
  'email-message': { all: ['is_multipart'] },
  file: { any: ['hashes', 'name'] },
  'ipv4-addr': { all: ['value'] },
  'ipv6-addr': { all: ['value'] },
  'mac-addr': { all: ['value'] },
  mutex: { all: ['name'] },
  'network-traffic': { all: ['protocols'], any: ['src_ref', 'dst_ref'] },
  software: { all: ['name'] },
  url: { all: ['value'] },
  'archive-ext': { all: ['contains_refs'] },
  'http-request-ext': { all: ['request_method', 'request_value'] },
  'icmp-ext': { all: ['icmp_type_hex', 'icmp_code_hex'] },
  'socket-ext': { all: ['address_family'] },
  'windows-pebinary-ext': {
    all: ['pe_type'],
    any: [
      'imphash',
      'machine_hex',
      'number_of_sections',
      'time_date_stamp',
      'pointer_to_symbol_table_hex',
      'number_of_symbols',
      'size_of_optional_header',
      'characteristics_hex',
      'file_header_hashes',
      'optional_header',
      'sections',
    ],
  },
  alternate_data_streams: { all: ['name'] },
  sections: { all: ['name'] },
};

/** Whether `object` meets the requirement; `present` names references that will be set. */
export function meets(
  object: Record<string, unknown>,
  requirement: Requirement,
  present: readonly string[] | undefined,
): boolean {
  const { all, any } = requirement;
  if (all !== undefined) {
    for (const name of all) {
      if (object[name] === undefined && present?.includes(name) !== true) return false;
    }
  }
  if (any === undefined) return true;
  for (const name of any) {
    if (object[name] !== undefined || present?.includes(name) === true) return true;
  }
  return false;
}
