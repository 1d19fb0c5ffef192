// The predefined SCO extensions (sections 6.7.2-6.7.6, 6.12.2-6.12.5, 6.13.2-6.13.3, 6.16.2) and
// their nested types. Most say "An object using the ... Extension MUST contain at least one
// property from this extension"; custom properties may be added to them (11.1).

import {
  networkSocketAddressFamily,
  networkSocketType,
  windowsIntegrityLevel,
  windowsPebinaryType,
  windowsServiceStartType,
  windowsServiceStatus,
  windowsServiceType,
} from '../../vocabulary.js';
import { checkCustomProperties } from '../checks/custom-properties.js';
import { refTypes } from '../object-kinds.js';
import {
  any,
  boolean,
  type Constraint,
  dictionary,
  float,
  hashes,
  hex,
  integer,
  nonNegative,
  object,
  objects,
  ref,
  refs,
  type Shape,
  type ShapeDefinition,
  shape,
  string,
  strings,
  type ValueRule,
  vocab,
} from '../rule-types.js';

function atLeastOne(
  properties: Record<string, ValueRule>,
  code: 'extension-empty' | 'object-empty',
): Constraint {
  return { kind: 'one-of', properties: Object.keys(properties), code };
}

/** An extension: custom properties allowed, and at least one of `counted` present when given. */
function extension(definition: ShapeDefinition, counted?: Record<string, ValueRule>): Shape {
  const constraints = counted === undefined ? [] : [atLeastOne(counted, 'extension-empty')];
  return shape({ ...definition, constraints, unknownProperties: checkCustomProperties });
}

// 6.7.2
const archive = extension({
  name: 'archive-ext',
  properties: { contains_refs: refs(refTypes('file', 'directory')), comment: string },
  required: ['contains_refs'],
});

// 6.7.3.2
const alternateDataStream = shape({
  name: 'alternate-data-stream-type',
  properties: { name: string, hashes, size: nonNegative },
  required: ['name'],
});

// 6.7.3
const ntfsProperties = { sid: string, alternate_data_streams: objects(alternateDataStream) };
const ntfs = extension({ name: 'ntfs-ext', properties: ntfsProperties }, ntfsProperties);

// 6.7.4: document_info_dict values MUST be strings.
const pdfProperties = {
  version: string,
  is_optimized: boolean,
  document_info_dict: dictionary(string),
  pdfid0: string,
  pdfid1: string,
};
const pdf = extension({ name: 'pdf-ext', properties: pdfProperties }, pdfProperties);

// 6.7.5: exif_tags values are integers or strings.
const rasterImageProperties = {
  image_height: integer,
  image_width: integer,
  bits_per_pixel: integer,
  exif_tags: dictionary(any),
};
const rasterImage = extension(
  { name: 'raster-image-ext', properties: rasterImageProperties },
  rasterImageProperties,
);

// 6.7.6.2: "MUST contain at least one property from this type".
const optionalHeaderProperties = {
  magic_hex: hex,
  major_linker_version: integer,
  minor_linker_version: integer,
  size_of_code: nonNegative,
  size_of_initialized_data: nonNegative,
  size_of_uninitialized_data: nonNegative,
  address_of_entry_point: integer,
  base_of_code: integer,
  base_of_data: integer,
  image_base: integer,
  section_alignment: integer,
  file_alignment: integer,
  major_os_version: integer,
  minor_os_version: integer,
  major_image_version: integer,
  minor_image_version: integer,
  major_subsystem_version: integer,
  minor_subsystem_version: integer,
  win32_version_value_hex: hex,
  size_of_image: nonNegative,
  size_of_headers: nonNegative,
  checksum_hex: hex,
  subsystem_hex: hex,
  dll_characteristics_hex: hex,
  size_of_stack_reserve: nonNegative,
  size_of_stack_commit: nonNegative,
  size_of_heap_reserve: nonNegative,
  size_of_heap_commit: nonNegative,
  loader_flags_hex: hex,
  number_of_rva_and_sizes: integer,
  hashes,
};
const optionalHeader = shape({
  name: 'windows-pe-optional-header-type',
  properties: optionalHeaderProperties,
  constraints: [atLeastOne(optionalHeaderProperties, 'object-empty')],
});

// 6.7.6.3
const peSection = shape({
  name: 'windows-pe-section-type',
  properties: { name: string, size: nonNegative, entropy: float, hashes },
  required: ['name'],
});

// 6.7.6: "at least one property other than the required pe_type"; time_date_stamp "MUST be
// precise to the second".
const peBinaryOptional = {
  imphash: string,
  machine_hex: hex,
  number_of_sections: nonNegative,
  time_date_stamp: { kind: 'timestamp', precision: 'seconds' } as ValueRule,
  pointer_to_symbol_table_hex: hex,
  number_of_symbols: nonNegative,
  size_of_optional_header: nonNegative,
  characteristics_hex: hex,
  file_header_hashes: hashes,
  optional_header: object(optionalHeader),
  sections: objects(peSection),
};
const peBinary = extension(
  {
    name: 'windows-pebinary-ext',
    properties: { pe_type: vocab(windowsPebinaryType), ...peBinaryOptional },
    required: ['pe_type'],
  },
  peBinaryOptional,
);

// 6.12.2: header values MUST be lists of strings.
const httpRequest = extension({
  name: 'http-request-ext',
  properties: {
    request_method: string,
    request_value: string,
    request_version: string,
    request_header: dictionary(strings),
    message_body_length: integer,
    message_body_data_ref: ref(refTypes('artifact')),
  },
  required: ['request_method', 'request_value'],
});

// 6.12.3
const icmp = extension({
  name: 'icmp-ext',
  properties: { icmp_type_hex: hex, icmp_code_hex: hex },
  required: ['icmp_type_hex', 'icmp_code_hex'],
});

// 6.12.4: option values MUST be integers.
const socket = extension({
  name: 'socket-ext',
  properties: {
    address_family: vocab(networkSocketAddressFamily),
    is_blocking: boolean,
    is_listening: boolean,
    options: dictionary(integer),
    socket_type: vocab(networkSocketType),
    socket_descriptor: nonNegative,
    socket_handle: integer,
  },
  required: ['address_family'],
});

// 6.12.5
const tcpProperties = { src_flags_hex: hex, dst_flags_hex: hex };
const tcp = extension({ name: 'tcp-ext', properties: tcpProperties }, tcpProperties);

// 6.13.2: the errata names the window title windows_title; STIX 2.1 and its libraries use
// window_title, so both are accepted.
const windowsProcessProperties = {
  aslr_enabled: boolean,
  dep_enabled: boolean,
  priority: string,
  owner_sid: string,
  window_title: string,
  windows_title: string,
  startup_info: dictionary(),
  integrity_level: vocab(windowsIntegrityLevel),
};
const windowsProcess = extension(
  { name: 'windows-process-ext', properties: windowsProcessProperties },
  windowsProcessProperties,
);

// 6.13.3
const windowsServiceProperties = {
  service_name: string,
  descriptions: strings,
  display_name: string,
  group_name: string,
  start_type: vocab(windowsServiceStartType),
  service_dll_refs: refs(refTypes('file')),
  service_type: vocab(windowsServiceType),
  service_status: vocab(windowsServiceStatus),
};
const windowsService = extension(
  { name: 'windows-service-ext', properties: windowsServiceProperties },
  windowsServiceProperties,
);

// 6.16.2
const unixAccountProperties = { gid: integer, groups: strings, home_dir: string, shell: string };
const unixAccount = extension(
  { name: 'unix-account-ext', properties: unixAccountProperties },
  unixAccountProperties,
);

export const FILE_EXTENSIONS = {
  'archive-ext': archive,
  'ntfs-ext': ntfs,
  'pdf-ext': pdf,
  'raster-image-ext': rasterImage,
  'windows-pebinary-ext': peBinary,
};

export const NETWORK_TRAFFIC_EXTENSIONS = {
  'http-request-ext': httpRequest,
  'icmp-ext': icmp,
  'socket-ext': socket,
  'tcp-ext': tcp,
};

export const PROCESS_EXTENSIONS = {
  'windows-process-ext': windowsProcess,
  'windows-service-ext': windowsService,
};

export const USER_ACCOUNT_EXTENSIONS = { 'unix-account-ext': unixAccount };
