// STIX Cyber-observable Objects, section 6.

import { accountType, encryptionAlgorithm, windowsRegistryDatatype } from '../../vocabulary.js';
import {
  hasAbbreviatedHive,
  isDomainName,
  isEmailAddress,
  isIpv4Value,
  isIpv6Value,
  isMacValue,
  isUrl,
} from '../formats.js';
import { ANY_SCO, refTypes } from '../object-kinds.js';
import {
  binary,
  boolean,
  type Constraint,
  dictionary,
  formatted,
  hashes,
  hex,
  integer,
  lang,
  list,
  nonNegative,
  object,
  objects,
  order,
  ranged,
  ref,
  refs,
  shape,
  string,
  strings,
  timestamp,
  type ValueRule,
  vocab,
} from '../rule-types.js';
import { scoCommon } from './common-properties.js';
import { defineObject, type ObjectDefinition, type ObjectRules } from './define.js';
import {
  FILE_EXTENSIONS,
  NETWORK_TRAFFIC_EXTENSIONS,
  PROCESS_EXTENSIONS,
  USER_ACCOUNT_EXTENSIONS,
} from './sco-extensions.js';

/** 3.1: "The encoding property MUST NOT be present when the original property is not present." */
function encodingOf(property: string): Constraint {
  return {
    kind: 'requires',
    property: `${property}_enc`,
    requires: [property],
    code: 'encoding-without-property',
  };
}

/** "At least one of the properties defined below MUST be included when using this object/type." */
function atLeastOne(properties: Record<string, ValueRule>, ...more: string[]): Constraint {
  return { kind: 'one-of', properties: [...Object.keys(properties), ...more], code: 'object-empty' };
}

const emailAddress = refTypes('email-addr');
const emailAddresses = refs(emailAddress);
const port = ranged('integer', 0, 65535, 'port-out-of-range');
const endpoint = ref(refTypes('ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'));
const networkTraffic = refTypes('network-traffic');
const userAccount = refTypes('user-account');

// 6.6.2: "One of body OR body_raw_ref MUST be included."
const mimePart = shape({
  name: 'email-mime-part-type',
  properties: {
    body: string,
    body_raw_ref: ref(refTypes('artifact', 'file')),
    content_type: string,
    content_disposition: string,
  },
  constraints: [
    { kind: 'one-of', properties: ['body', 'body_raw_ref'], code: 'email-mime-part-content-missing' },
  ],
});

// 6.17.2
const registryValueProperties = { name: string, data: string, data_type: vocab(windowsRegistryDatatype) };
const registryValue = shape({
  name: 'windows-registry-value-type',
  properties: registryValueProperties,
  constraints: [atLeastOne(registryValueProperties)],
});

// 6.18.2
const x509ExtensionsProperties = {
  basic_constraints: string,
  name_constraints: string,
  policy_constraints: string,
  key_usage: string,
  extended_key_usage: string,
  subject_key_identifier: string,
  authority_key_identifier: string,
  subject_alternative_name: string,
  issuer_alternative_name: string,
  subject_directory_attributes: string,
  crl_distribution_points: string,
  inhibit_any_policy: string,
  private_key_usage_period_not_before: timestamp,
  private_key_usage_period_not_after: timestamp,
  certificate_policies: string,
  policy_mappings: string,
};
const x509Extensions = shape({
  name: 'x509-v3-extensions-type',
  properties: x509ExtensionsProperties,
  constraints: [atLeastOne(x509ExtensionsProperties)],
});

const processProperties = {
  is_hidden: boolean,
  pid: integer,
  created_time: timestamp,
  cwd: string,
  command_line: string,
  environment_variables: dictionary(string),
  opened_connection_refs: refs(networkTraffic),
  creator_user_ref: ref(userAccount),
  image_ref: ref(refTypes('file')),
  parent_ref: ref(refTypes('process')),
  child_refs: refs(refTypes('process')),
};

const userAccountProperties = {
  user_id: string,
  credential: string,
  account_login: string,
  account_type: vocab(accountType),
  display_name: string,
  is_service_account: boolean,
  is_privileged: boolean,
  can_escalate_privs: boolean,
  is_disabled: boolean,
  account_created: timestamp,
  account_expires: timestamp,
  credential_last_changed: timestamp,
  account_first_login: timestamp,
  account_last_login: timestamp,
};

const registryKeyProperties = {
  // 6.17.1: "The hive portion of the key MUST be fully expanded and not truncated".
  key: formatted('registry-hive-abbreviated', (key) => !hasAbbreviatedHive(key), false),
  values: objects(registryValue),
  modified_time: timestamp,
  creator_user_ref: ref(userAccount),
  number_of_subkeys: integer,
};

const x509Properties = {
  is_self_signed: boolean,
  hashes,
  version: string,
  serial_number: string,
  signature_algorithm: string,
  issuer: string,
  validity_not_before: timestamp,
  validity_not_after: timestamp,
  subject: string,
  subject_public_key_algorithm: string,
  subject_public_key_modulus: string,
  subject_public_key_exponent: integer,
  x509_v3_extensions: object(x509Extensions),
};

const definitions: ObjectDefinition[] = [
  {
    // 6.1: one of payload_bin or url, never both; hashes with url; decryption_key only with
    // encryption_algorithm.
    type: 'artifact',
    properties: {
      mime_type: string,
      payload_bin: binary,
      url: formatted('url-invalid', isUrl),
      hashes,
      encryption_algorithm: vocab(encryptionAlgorithm),
      decryption_key: string,
    },
    constraints: [
      { kind: 'not-both', properties: ['payload_bin', 'url'], code: 'artifact-payload-and-url' },
      { kind: 'one-of', properties: ['payload_bin', 'url'], code: 'artifact-content-missing' },
      { kind: 'requires', property: 'url', requires: ['hashes'], code: 'artifact-url-without-hashes' },
      {
        kind: 'requires',
        property: 'decryption_key',
        requires: ['encryption_algorithm'],
        code: 'artifact-key-without-algorithm',
      },
    ],
  },
  {
    // 6.2
    type: 'autonomous-system',
    properties: { number: integer, name: string, rir: string },
    required: ['number'],
  },
  {
    // 6.3
    type: 'directory',
    properties: {
      path: string,
      path_enc: string,
      ctime: timestamp,
      mtime: timestamp,
      atime: timestamp,
      contains_refs: refs(refTypes('file', 'directory')),
    },
    required: ['path'],
    constraints: [encodingOf('path')],
  },
  {
    // 6.4
    type: 'domain-name',
    properties: {
      value: formatted('domain-name-invalid', isDomainName),
      resolves_to_refs: refs(refTypes('ipv4-addr', 'ipv6-addr', 'domain-name')),
    },
    required: ['value'],
  },
  {
    // 6.5
    type: 'email-addr',
    properties: {
      value: formatted('email-addr-invalid', isEmailAddress),
      display_name: string,
      belongs_to_ref: ref(userAccount),
    },
    required: ['value'],
  },
  {
    // 6.6: body "MUST NOT be used if is_multipart is true", body_multipart "MUST NOT be used if
    // is_multipart is false"; header field values MUST be lists of strings.
    type: 'email-message',
    properties: {
      is_multipart: boolean,
      date: timestamp,
      content_type: string,
      from_ref: ref(emailAddress),
      sender_ref: ref(emailAddress),
      to_refs: emailAddresses,
      cc_refs: emailAddresses,
      bcc_refs: emailAddresses,
      message_id: string,
      subject: string,
      received_lines: strings,
      additional_header_fields: dictionary(strings),
      body: string,
      body_multipart: objects(mimePart),
      raw_email_ref: ref(refTypes('artifact')),
    },
    required: ['is_multipart'],
    constraints: [
      {
        kind: 'forbidden-when',
        property: 'is_multipart',
        equals: true,
        forbids: 'body',
        code: 'email-body-conflict',
      },
      {
        kind: 'forbidden-when',
        property: 'is_multipart',
        equals: false,
        forbids: 'body_multipart',
        code: 'email-body-conflict',
      },
    ],
  },
  {
    // 6.7: "A File object MUST contain at least one of hashes or name."
    type: 'file',
    properties: {
      hashes,
      size: nonNegative,
      name: string,
      name_enc: string,
      magic_number_hex: hex,
      mime_type: string,
      ctime: timestamp,
      mtime: timestamp,
      atime: timestamp,
      parent_directory_ref: ref(refTypes('directory')),
      contains_refs: refs(ANY_SCO),
      content_ref: ref(refTypes('artifact')),
    },
    constraints: [
      { kind: 'one-of', properties: ['hashes', 'name'], code: 'file-name-or-hashes-missing' },
      encodingOf('name'),
    ],
    predefinedExtensions: FILE_EXTENSIONS,
  },
  {
    // 6.8
    type: 'ipv4-addr',
    properties: {
      value: formatted('ipv4-value-invalid', isIpv4Value),
      resolves_to_refs: refs(refTypes('mac-addr')),
      belongs_to_refs: refs(refTypes('autonomous-system')),
    },
    required: ['value'],
  },
  {
    // 6.9
    type: 'ipv6-addr',
    properties: {
      value: formatted('ipv6-value-invalid', isIpv6Value),
      resolves_to_refs: refs(refTypes('mac-addr')),
      belongs_to_refs: refs(refTypes('autonomous-system')),
    },
    required: ['value'],
  },
  {
    // 6.10
    type: 'mac-addr',
    properties: { value: formatted('mac-value-invalid', isMacValue) },
    required: ['value'],
  },
  {
    // 6.11
    type: 'mutex',
    properties: { name: string },
    required: ['name'],
  },
  {
    // 6.12: protocols and at least one of src_ref or dst_ref; end only when not active, and not
    // before start.
    type: 'network-traffic',
    properties: {
      start: timestamp,
      end: timestamp,
      is_active: boolean,
      src_ref: endpoint,
      dst_ref: endpoint,
      src_port: port,
      dst_port: port,
      protocols: strings,
      src_byte_count: integer,
      dst_byte_count: integer,
      src_packets: integer,
      dst_packets: integer,
      ipfix: dictionary(),
      src_payload_ref: ref(refTypes('artifact')),
      dst_payload_ref: ref(refTypes('artifact')),
      encapsulates_refs: refs(networkTraffic),
      encapsulated_by_ref: ref(networkTraffic),
    },
    required: ['protocols'],
    constraints: [
      { kind: 'one-of', properties: ['src_ref', 'dst_ref'], code: 'network-traffic-endpoint-missing' },
      order('start', 'end', 'end-before-start'),
      {
        kind: 'forbidden-when',
        property: 'is_active',
        equals: true,
        forbids: 'end',
        code: 'network-traffic-active-with-end',
      },
    ],
    predefinedExtensions: NETWORK_TRAFFIC_EXTENSIONS,
  },
  {
    // 6.13: "at least one property (other than type) from this object (or one of its extensions)".
    type: 'process',
    properties: processProperties,
    constraints: [atLeastOne(processProperties, 'extensions')],
    predefinedExtensions: PROCESS_EXTENSIONS,
  },
  {
    // 6.14: languages are RFC 5646 codes.
    type: 'software',
    properties: {
      name: string,
      cpe: string,
      swid: string,
      languages: list(lang),
      vendor: string,
      version: string,
    },
    required: ['name'],
  },
  {
    // 6.15
    type: 'url',
    properties: { value: formatted('url-invalid', isUrl) },
    required: ['value'],
  },
  {
    // 6.16
    type: 'user-account',
    properties: userAccountProperties,
    constraints: [atLeastOne(userAccountProperties, 'extensions')],
    predefinedExtensions: USER_ACCOUNT_EXTENSIONS,
  },
  {
    // 6.17
    type: 'windows-registry-key',
    properties: registryKeyProperties,
    constraints: [atLeastOne(registryKeyProperties)],
  },
  {
    // 6.18
    type: 'x509-certificate',
    properties: x509Properties,
    constraints: [atLeastOne(x509Properties)],
  },
];

export const SCO_RULES: readonly ObjectRules[] = definitions.map((definition) =>
  defineObject('sco', scoCommon, definition),
);
