// The objects of STIX 2.1 as TypeScript types, one interface per object type, each extending the
// generic StixObject. Section numbers refer to the STIX 2.1 specification (Errata 01). Open
// vocabulary properties are typed `string`: any value is allowed, the suggested ones are in
// vocabulary.ts. Enumerations are typed as unions of their values.

import type { StixObject } from './object.js';

/** An identifier, `object-type--UUID` (2.9). */
export type Identifier = string;
/** An RFC 3339 UTC timestamp, `YYYY-MM-DDTHH:mm:ss[.s+]Z` (2.16). */
export type Timestamp = string;
/** Hash algorithm name to hash value (2.7). */
export type Hashes = Record<string, string>;

// ---- Common data types (section 2) and markings (7.2) ----

/** 2.5 */
export interface ExternalReference {
  source_name: string;
  description?: string;
  url?: string;
  hashes?: Hashes;
  external_id?: string;
}

/** 2.11 */
export interface KillChainPhase {
  kill_chain_name: string;
  phase_name: string;
}

/** 7.2.3.1: exactly one of lang and marking_ref. */
export interface GranularMarking {
  lang?: string;
  marking_ref?: Identifier;
  selectors: string[];
}

/** An entry of the extensions dictionary that uses an extension definition (7.3). */
export interface ExtensionInstance {
  extension_type?: 'new-sdo' | 'new-sco' | 'new-sro' | 'property-extension' | 'toplevel-property-extension';
  [property: string]: unknown;
}

/** Common properties of SDOs and SROs (3.2). */
export interface StixCoreObject extends StixObject {
  spec_version: '2.1';
  created: Timestamp;
  modified: Timestamp;
  created_by_ref?: Identifier;
  revoked?: boolean;
  labels?: string[];
  confidence?: number;
  lang?: string;
  external_references?: ExternalReference[];
  object_marking_refs?: Identifier[];
  granular_markings?: GranularMarking[];
  extensions?: Record<string, ExtensionInstance>;
}

// ---- STIX Domain Objects (section 4) ----

/** 4.1 */
export interface AttackPattern extends StixCoreObject {
  type: 'attack-pattern';
  name: string;
  description?: string;
  aliases?: string[];
  kill_chain_phases?: KillChainPhase[];
}

/** 4.2 */
export interface Campaign extends StixCoreObject {
  type: 'campaign';
  name: string;
  description?: string;
  aliases?: string[];
  first_seen?: Timestamp;
  last_seen?: Timestamp;
  objective?: string;
}

/** 4.3 */
export interface CourseOfAction extends StixCoreObject {
  type: 'course-of-action';
  name: string;
  description?: string;
}

/** 4.4 */
export interface Grouping extends StixCoreObject {
  type: 'grouping';
  name?: string;
  description?: string;
  context: string;
  object_refs: Identifier[];
}

/** 4.5 */
export interface Identity extends StixCoreObject {
  type: 'identity';
  name: string;
  description?: string;
  roles?: string[];
  identity_class?: string;
  sectors?: string[];
  contact_information?: string;
}

/** 4.6 */
export interface Incident extends StixCoreObject {
  type: 'incident';
  name: string;
  description?: string;
}

/** 4.7 */
export interface Indicator extends StixCoreObject {
  type: 'indicator';
  name?: string;
  description?: string;
  indicator_types?: string[];
  pattern: string;
  pattern_type: string;
  pattern_version?: string;
  valid_from: Timestamp;
  valid_until?: Timestamp;
  kill_chain_phases?: KillChainPhase[];
}

/** 4.8 */
export interface Infrastructure extends StixCoreObject {
  type: 'infrastructure';
  name: string;
  description?: string;
  infrastructure_types?: string[];
  aliases?: string[];
  kill_chain_phases?: KillChainPhase[];
  first_seen?: Timestamp;
  last_seen?: Timestamp;
}

/** 4.9 */
export interface IntrusionSet extends StixCoreObject {
  type: 'intrusion-set';
  name: string;
  description?: string;
  aliases?: string[];
  first_seen?: Timestamp;
  last_seen?: Timestamp;
  goals?: string[];
  resource_level?: string;
  primary_motivation?: string;
  secondary_motivations?: string[];
}

/** 4.10: at least one of region, country, or latitude and longitude. */
export interface Location extends StixCoreObject {
  type: 'location';
  name?: string;
  description?: string;
  latitude?: number;
  longitude?: number;
  precision?: number;
  region?: string;
  country?: string;
  administrative_area?: string;
  city?: string;
  street_address?: string;
  postal_code?: string;
}

/** 4.11 */
export interface Malware extends StixCoreObject {
  type: 'malware';
  name?: string;
  description?: string;
  malware_types?: string[];
  is_family?: boolean;
  aliases?: string[];
  kill_chain_phases?: KillChainPhase[];
  first_seen?: Timestamp;
  last_seen?: Timestamp;
  operating_system_refs?: Identifier[];
  architecture_execution_envs?: string[];
  implementation_languages?: string[];
  capabilities?: string[];
  sample_refs?: Identifier[];
}

/** 4.12: one of result or analysis_sco_refs. */
export interface MalwareAnalysis extends StixCoreObject {
  type: 'malware-analysis';
  product: string;
  version?: string;
  host_vm_ref?: Identifier;
  operating_system_ref?: Identifier;
  installed_software_refs?: Identifier[];
  configuration_version?: string;
  modules?: string[];
  analysis_engine_version?: string;
  analysis_definition_version?: string;
  submitted?: Timestamp;
  analysis_started?: Timestamp;
  analysis_ended?: Timestamp;
  result_name?: string;
  result?: string;
  analysis_sco_refs?: Identifier[];
  sample_ref?: Identifier;
}

/** 4.13 */
export interface Note extends StixCoreObject {
  type: 'note';
  abstract?: string;
  content: string;
  authors?: string[];
  object_refs: Identifier[];
}

/** 4.14: exactly one of objects (deprecated) and object_refs. */
export interface ObservedData extends StixCoreObject {
  type: 'observed-data';
  first_observed: Timestamp;
  last_observed: Timestamp;
  number_observed: number;
  objects?: Record<string, Record<string, unknown>>;
  object_refs?: Identifier[];
}

/** 4.15 */
export interface Opinion extends StixCoreObject {
  type: 'opinion';
  explanation?: string;
  authors?: string[];
  opinion: 'strongly-disagree' | 'disagree' | 'neutral' | 'agree' | 'strongly-agree';
  object_refs: Identifier[];
}

/** 4.16 */
export interface Report extends StixCoreObject {
  type: 'report';
  name: string;
  description?: string;
  report_types?: string[];
  published: Timestamp;
  object_refs: Identifier[];
}

/** 4.17 */
export interface ThreatActor extends StixCoreObject {
  type: 'threat-actor';
  name: string;
  description?: string;
  threat_actor_types?: string[];
  aliases?: string[];
  first_seen?: Timestamp;
  last_seen?: Timestamp;
  roles?: string[];
  goals?: string[];
  sophistication?: string;
  resource_level?: string;
  primary_motivation?: string;
  secondary_motivations?: string[];
  personal_motivations?: string[];
}

/** 4.18 */
export interface Tool extends StixCoreObject {
  type: 'tool';
  name: string;
  description?: string;
  tool_types?: string[];
  aliases?: string[];
  kill_chain_phases?: KillChainPhase[];
  tool_version?: string;
}

/** 4.19 */
export interface Vulnerability extends StixCoreObject {
  type: 'vulnerability';
  name: string;
  description?: string;
}

export type StixDomainObject =
  | AttackPattern
  | Campaign
  | CourseOfAction
  | Grouping
  | Identity
  | Incident
  | Indicator
  | Infrastructure
  | IntrusionSet
  | Location
  | Malware
  | MalwareAnalysis
  | Note
  | ObservedData
  | Opinion
  | Report
  | ThreatActor
  | Tool
  | Vulnerability;

// ---- STIX Relationship Objects (section 5) ----

/** 5.1 */
export interface Relationship extends StixCoreObject {
  type: 'relationship';
  relationship_type: string;
  description?: string;
  source_ref: Identifier;
  target_ref: Identifier;
  start_time?: Timestamp;
  stop_time?: Timestamp;
}

/** 5.2 */
export interface Sighting extends StixCoreObject {
  type: 'sighting';
  description?: string;
  first_seen?: Timestamp;
  last_seen?: Timestamp;
  count?: number;
  sighting_of_ref: Identifier;
  observed_data_refs?: Identifier[];
  where_sighted_refs?: Identifier[];
  summary?: boolean;
}

export type StixRelationshipObject = Relationship | Sighting;

// ---- STIX Cyber-observable Objects (section 6) ----

/** Common properties of SCOs (3.2). */
export interface StixCyberObservable extends StixObject {
  spec_version?: '2.1';
  object_marking_refs?: Identifier[];
  granular_markings?: GranularMarking[];
  defanged?: boolean;
  extensions?: Record<string, ExtensionInstance>;
}

/** 6.1: one of payload_bin or url. */
export interface Artifact extends StixCyberObservable {
  type: 'artifact';
  mime_type?: string;
  payload_bin?: string;
  url?: string;
  hashes?: Hashes;
  encryption_algorithm?: 'AES-256-GCM' | 'ChaCha20-Poly1305' | 'mime-type-indicated';
  decryption_key?: string;
}

/** 6.2 */
export interface AutonomousSystem extends StixCyberObservable {
  type: 'autonomous-system';
  number: number;
  name?: string;
  rir?: string;
}

/** 6.3 */
export interface Directory extends StixCyberObservable {
  type: 'directory';
  path: string;
  path_enc?: string;
  ctime?: Timestamp;
  mtime?: Timestamp;
  atime?: Timestamp;
  contains_refs?: Identifier[];
}

/** 6.4 */
export interface DomainName extends StixCyberObservable {
  type: 'domain-name';
  value: string;
  resolves_to_refs?: Identifier[];
}

/** 6.5 */
export interface EmailAddress extends StixCyberObservable {
  type: 'email-addr';
  value: string;
  display_name?: string;
  belongs_to_ref?: Identifier;
}

/** 6.6.2: one of body and body_raw_ref. */
export interface EmailMimePart {
  body?: string;
  body_raw_ref?: Identifier;
  content_type?: string;
  content_disposition?: string;
}

/** 6.6 */
export interface EmailMessage extends StixCyberObservable {
  type: 'email-message';
  is_multipart: boolean;
  date?: Timestamp;
  content_type?: string;
  from_ref?: Identifier;
  sender_ref?: Identifier;
  to_refs?: Identifier[];
  cc_refs?: Identifier[];
  bcc_refs?: Identifier[];
  message_id?: string;
  subject?: string;
  received_lines?: string[];
  additional_header_fields?: Record<string, string[]>;
  body?: string;
  body_multipart?: EmailMimePart[];
  raw_email_ref?: Identifier;
}

/** 6.7.2 */
export interface ArchiveExtension {
  contains_refs: Identifier[];
  comment?: string;
}

/** 6.7.3.2 */
export interface AlternateDataStream {
  name: string;
  hashes?: Hashes;
  size?: number;
}

/** 6.7.3 */
export interface NtfsExtension {
  sid?: string;
  alternate_data_streams?: AlternateDataStream[];
}

/** 6.7.4 */
export interface PdfExtension {
  version?: string;
  is_optimized?: boolean;
  document_info_dict?: Record<string, string>;
  pdfid0?: string;
  pdfid1?: string;
}

/** 6.7.5 */
export interface RasterImageExtension {
  image_height?: number;
  image_width?: number;
  bits_per_pixel?: number;
  exif_tags?: Record<string, string | number>;
}

/** 6.7.6.2 */
export interface WindowsPeOptionalHeader {
  magic_hex?: string;
  major_linker_version?: number;
  minor_linker_version?: number;
  size_of_code?: number;
  size_of_initialized_data?: number;
  size_of_uninitialized_data?: number;
  address_of_entry_point?: number;
  base_of_code?: number;
  base_of_data?: number;
  image_base?: number;
  section_alignment?: number;
  file_alignment?: number;
  major_os_version?: number;
  minor_os_version?: number;
  major_image_version?: number;
  minor_image_version?: number;
  major_subsystem_version?: number;
  minor_subsystem_version?: number;
  win32_version_value_hex?: string;
  size_of_image?: number;
  size_of_headers?: number;
  checksum_hex?: string;
  subsystem_hex?: string;
  dll_characteristics_hex?: string;
  size_of_stack_reserve?: number;
  size_of_stack_commit?: number;
  size_of_heap_reserve?: number;
  size_of_heap_commit?: number;
  loader_flags_hex?: string;
  number_of_rva_and_sizes?: number;
  hashes?: Hashes;
}

/** 6.7.6.3 */
export interface WindowsPeSection {
  name: string;
  size?: number;
  entropy?: number;
  hashes?: Hashes;
}

/** 6.7.6 */
export interface WindowsPeBinaryExtension {
  pe_type: string;
  imphash?: string;
  machine_hex?: string;
  number_of_sections?: number;
  time_date_stamp?: Timestamp;
  pointer_to_symbol_table_hex?: string;
  number_of_symbols?: number;
  size_of_optional_header?: number;
  characteristics_hex?: string;
  file_header_hashes?: Hashes;
  optional_header?: WindowsPeOptionalHeader;
  sections?: WindowsPeSection[];
}

/** 6.7: at least one of hashes or name. */
export interface File extends StixCyberObservable {
  type: 'file';
  hashes?: Hashes;
  size?: number;
  name?: string;
  name_enc?: string;
  magic_number_hex?: string;
  mime_type?: string;
  ctime?: Timestamp;
  mtime?: Timestamp;
  atime?: Timestamp;
  parent_directory_ref?: Identifier;
  contains_refs?: Identifier[];
  content_ref?: Identifier;
}

/** 6.8 */
export interface Ipv4Address extends StixCyberObservable {
  type: 'ipv4-addr';
  value: string;
  resolves_to_refs?: Identifier[];
  belongs_to_refs?: Identifier[];
}

/** 6.9 */
export interface Ipv6Address extends StixCyberObservable {
  type: 'ipv6-addr';
  value: string;
  resolves_to_refs?: Identifier[];
  belongs_to_refs?: Identifier[];
}

/** 6.10 */
export interface MacAddress extends StixCyberObservable {
  type: 'mac-addr';
  value: string;
}

/** 6.11 */
export interface Mutex extends StixCyberObservable {
  type: 'mutex';
  name: string;
}

/** 6.12.2 */
export interface HttpRequestExtension {
  request_method: string;
  request_value: string;
  request_version?: string;
  request_header?: Record<string, string[]>;
  message_body_length?: number;
  message_body_data_ref?: Identifier;
}

/** 6.12.3 */
export interface IcmpExtension {
  icmp_type_hex: string;
  icmp_code_hex: string;
}

/** 6.12.4 */
export interface SocketExtension {
  address_family:
    | 'AF_UNSPEC'
    | 'AF_INET'
    | 'AF_IPX'
    | 'AF_APPLETALK'
    | 'AF_NETBIOS'
    | 'AF_INET6'
    | 'AF_IRDA'
    | 'AF_BTH';
  is_blocking?: boolean;
  is_listening?: boolean;
  options?: Record<string, number>;
  socket_type?: 'SOCK_STREAM' | 'SOCK_DGRAM' | 'SOCK_RAW' | 'SOCK_RDM' | 'SOCK_SEQPACKET';
  socket_descriptor?: number;
  socket_handle?: number;
}

/** 6.12.5 */
export interface TcpExtension {
  src_flags_hex?: string;
  dst_flags_hex?: string;
}

/** 6.12: protocols and at least one of src_ref or dst_ref. */
export interface NetworkTraffic extends StixCyberObservable {
  type: 'network-traffic';
  start?: Timestamp;
  end?: Timestamp;
  is_active?: boolean;
  src_ref?: Identifier;
  dst_ref?: Identifier;
  src_port?: number;
  dst_port?: number;
  protocols: string[];
  src_byte_count?: number;
  dst_byte_count?: number;
  src_packets?: number;
  dst_packets?: number;
  ipfix?: Record<string, string | number>;
  src_payload_ref?: Identifier;
  dst_payload_ref?: Identifier;
  encapsulates_refs?: Identifier[];
  encapsulated_by_ref?: Identifier;
}

/** 6.13.2 */
export interface WindowsProcessExtension {
  aslr_enabled?: boolean;
  dep_enabled?: boolean;
  priority?: string;
  owner_sid?: string;
  /** STIX 2.1 and its libraries name it window_title; Errata 01 writes windows_title. */
  window_title?: string;
  windows_title?: string;
  startup_info?: Record<string, unknown>;
  integrity_level?: 'low' | 'medium' | 'high' | 'system';
}

/** 6.13.3 */
export interface WindowsServiceExtension {
  service_name?: string;
  descriptions?: string[];
  display_name?: string;
  group_name?: string;
  start_type?: string;
  service_dll_refs?: Identifier[];
  service_type?: string;
  service_status?: string;
}

/** 6.13 */
export interface Process extends StixCyberObservable {
  type: 'process';
  is_hidden?: boolean;
  pid?: number;
  created_time?: Timestamp;
  cwd?: string;
  command_line?: string;
  environment_variables?: Record<string, string>;
  opened_connection_refs?: Identifier[];
  creator_user_ref?: Identifier;
  image_ref?: Identifier;
  parent_ref?: Identifier;
  child_refs?: Identifier[];
}

/** 6.14 */
export interface Software extends StixCyberObservable {
  type: 'software';
  name: string;
  cpe?: string;
  swid?: string;
  languages?: string[];
  vendor?: string;
  version?: string;
}

/** 6.15 */
export interface Url extends StixCyberObservable {
  type: 'url';
  value: string;
}

/** 6.16.2 */
export interface UnixAccountExtension {
  gid?: number;
  groups?: string[];
  home_dir?: string;
  shell?: string;
}

/** 6.16 */
export interface UserAccount extends StixCyberObservable {
  type: 'user-account';
  user_id?: string;
  credential?: string;
  account_login?: string;
  account_type?: string;
  display_name?: string;
  is_service_account?: boolean;
  is_privileged?: boolean;
  can_escalate_privs?: boolean;
  is_disabled?: boolean;
  account_created?: Timestamp;
  account_expires?: Timestamp;
  credential_last_changed?: Timestamp;
  account_first_login?: Timestamp;
  account_last_login?: Timestamp;
}

/** 6.17.2 */
export interface WindowsRegistryValue {
  name?: string;
  data?: string;
  data_type?: string;
}

/** 6.17 */
export interface WindowsRegistryKey extends StixCyberObservable {
  type: 'windows-registry-key';
  key?: string;
  values?: WindowsRegistryValue[];
  modified_time?: Timestamp;
  creator_user_ref?: Identifier;
  number_of_subkeys?: number;
}

/** 6.18.2 */
export interface X509V3Extensions {
  basic_constraints?: string;
  name_constraints?: string;
  policy_constraints?: string;
  key_usage?: string;
  extended_key_usage?: string;
  subject_key_identifier?: string;
  authority_key_identifier?: string;
  subject_alternative_name?: string;
  issuer_alternative_name?: string;
  subject_directory_attributes?: string;
  crl_distribution_points?: string;
  inhibit_any_policy?: string;
  private_key_usage_period_not_before?: Timestamp;
  private_key_usage_period_not_after?: Timestamp;
  certificate_policies?: string;
  policy_mappings?: string;
}

/** 6.18 */
export interface X509Certificate extends StixCyberObservable {
  type: 'x509-certificate';
  is_self_signed?: boolean;
  hashes?: Hashes;
  version?: string;
  serial_number?: string;
  signature_algorithm?: string;
  issuer?: string;
  validity_not_before?: Timestamp;
  validity_not_after?: Timestamp;
  subject?: string;
  subject_public_key_algorithm?: string;
  subject_public_key_modulus?: string;
  subject_public_key_exponent?: number;
  x509_v3_extensions?: X509V3Extensions;
}

export type StixCyberObservableObject =
  | Artifact
  | AutonomousSystem
  | Directory
  | DomainName
  | EmailAddress
  | EmailMessage
  | File
  | Ipv4Address
  | Ipv6Address
  | MacAddress
  | Mutex
  | NetworkTraffic
  | Process
  | Software
  | Url
  | UserAccount
  | WindowsRegistryKey
  | X509Certificate;

/** The predefined SCO extensions, by the key they take in `extensions` (3.10). */
export interface PredefinedExtensions {
  'archive-ext': ArchiveExtension;
  'ntfs-ext': NtfsExtension;
  'pdf-ext': PdfExtension;
  'raster-image-ext': RasterImageExtension;
  'windows-pebinary-ext': WindowsPeBinaryExtension;
  'http-request-ext': HttpRequestExtension;
  'icmp-ext': IcmpExtension;
  'socket-ext': SocketExtension;
  'tcp-ext': TcpExtension;
  'windows-process-ext': WindowsProcessExtension;
  'windows-service-ext': WindowsServiceExtension;
  'unix-account-ext': UnixAccountExtension;
}

// ---- STIX Meta Objects (section 7) and the Bundle (section 8) ----

/** 7.1 */
export interface LanguageContent extends StixObject {
  type: 'language-content';
  spec_version: '2.1';
  created: Timestamp;
  modified: Timestamp;
  created_by_ref?: Identifier;
  revoked?: boolean;
  labels?: string[];
  confidence?: number;
  external_references?: ExternalReference[];
  object_marking_refs?: Identifier[];
  granular_markings?: GranularMarking[];
  extensions?: Record<string, ExtensionInstance>;
  object_ref: Identifier;
  object_modified?: Timestamp;
  contents: Record<string, Record<string, unknown>>;
}

/** 7.2.1.3 */
export interface StatementMarking {
  statement: string;
}

/** 7.2.1.4 */
export interface TlpMarking {
  tlp: string;
}

/** 7.2.1: definition_type and definition are required when extensions is absent. */
export interface MarkingDefinition extends StixObject {
  type: 'marking-definition';
  spec_version: '2.1';
  created: Timestamp;
  created_by_ref?: Identifier;
  external_references?: ExternalReference[];
  object_marking_refs?: Identifier[];
  granular_markings?: GranularMarking[];
  extensions?: Record<string, ExtensionInstance>;
  name?: string;
  definition_type?: string;
  definition?: StatementMarking | TlpMarking | Record<string, unknown>;
}

/** 7.3 */
export interface ExtensionDefinition extends StixObject {
  type: 'extension-definition';
  spec_version: '2.1';
  created: Timestamp;
  modified: Timestamp;
  created_by_ref: Identifier;
  revoked?: boolean;
  labels?: string[];
  external_references?: ExternalReference[];
  object_marking_refs?: Identifier[];
  granular_markings?: GranularMarking[];
  name: string;
  description?: string;
  schema: string;
  version: string;
  extension_types: Array<
    'new-sdo' | 'new-sco' | 'new-sro' | 'property-extension' | 'toplevel-property-extension'
  >;
  extension_properties?: string[];
}

export type StixMetaObject = LanguageContent | MarkingDefinition | ExtensionDefinition;

/** 8: not a STIX Object itself, a container of them. */
export interface Bundle {
  type: 'bundle';
  id: Identifier;
  objects?: StixObject[];
}
