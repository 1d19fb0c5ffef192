// The closed set of problems the validator reports. Each code names one rule of the STIX 2.1
// specification (Errata 01), with the section it comes from. Errors break a MUST; warnings flag a
// SHOULD, an open vocabulary value outside the suggested ones, or a deprecated mechanism.

import type { Severity } from '../issue.js';

export interface CodeInfo {
  readonly severity: Severity;
  /** Where the rule is written in the STIX 2.1 specification. */
  readonly section: string;
  /** One line for a person. */
  readonly title: string;
}

function error(section: string, title: string): CodeInfo {
  return { severity: 'error', section, title };
}

function warning(section: string, title: string): CodeInfo {
  return { severity: 'warning', section, title };
}

export const CODES = {
  // Structure and value types
  'not-an-object': error('2.3, 3', 'expected a JSON object'),
  'required-property-missing': error('3.1', 'a required property is missing'),
  'property-not-applicable': error('3.2', 'this property is not applicable to this kind of object'),
  'reserved-property': error('3.8', 'this property name is reserved'),
  'not-a-string': error('2.15', 'expected a string'),
  'not-a-boolean': error('2.2', 'expected true or false'),
  'not-an-integer': error('2.10', 'expected an integer'),
  'not-a-number': error('2.6', 'expected a number'),
  'not-a-list': error('2.12', 'expected a list'),
  'integer-too-large': error('2.10', 'integer outside the signed 54-bit range'),
  'list-empty': error('2.12', 'lists must have at least one value'),
  'dictionary-empty': error('2.3', 'dictionaries must have at least one key'),
  'dictionary-key-invalid': error('2.3', 'dictionary key uses characters outside a-z, A-Z, 0-9, - and _'),
  'dictionary-key-too-long': error('2.3', 'dictionary key longer than 250 characters'),
  'hex-invalid': error('2.8', 'expected an even number of lowercase hexadecimal characters'),
  'binary-invalid': error('2.1', 'expected base64'),
  'lang-invalid': error('3.2', 'not an RFC 5646 language tag'),
  // Type names and identifiers
  'type-invalid': error(
    '3.1, 11.2.1',
    'type name must be lowercase ASCII letters, digits and single hyphens',
  ),
  'type-name-length': error('3.1, 11.2.1', 'type name must be 3 to 250 characters long'),
  'id-invalid': error('2.9', 'id must be of the form type--UUID'),
  'id-type-mismatch': error('2.9', 'id prefix differs from the type property'),
  'id-uuid-invalid': error('2.9', 'the UUID part of the id is not an RFC 4122 UUID'),
  'ref-invalid': error('2.9', 'reference is not an identifier of the form type--UUID'),
  'ref-type-not-allowed': error('3.3', 'reference points to a type this property does not allow'),
  'spec-version-invalid': error('3.2', 'spec_version must be "2.1"'),
  'bundle-not-a-stix-object': error(
    '8',
    'a bundle is not a STIX Object, so it cannot be validated or contained as one',
  ),
  'not-a-bundle': error('8.1', 'the type of a bundle must be "bundle"'),
  // Timestamps
  'timestamp-invalid': error('2.16.1', 'not an RFC 3339 UTC timestamp YYYY-MM-DDTHH:mm:ss[.s+]Z'),
  'timestamp-precision': error('3.2', 'created and modified need at least millisecond precision'),
  'timestamp-sub-second': error('6.7.6', 'this timestamp must be precise to the second'),
  'modified-before-created': error('3.2, 3.6.1', 'modified is earlier than created'),
  'valid-until-not-after-valid-from': error('4.7.1', 'valid_until must be later than valid_from'),
  'last-seen-before-first-seen': error('4.2.1, 5.2.1', 'last_seen is earlier than first_seen'),
  'last-observed-before-first-observed': error('4.14.1', 'last_observed is earlier than first_observed'),
  'stop-time-not-after-start-time': error('5.1.2', 'stop_time must be later than start_time'),
  'end-before-start': error('6.12.1', 'end is earlier than start'),
  // Numbers with ranges
  'confidence-out-of-range': error('3.2', 'confidence must be between 0 and 100'),
  'number-observed-out-of-range': error('4.14.1', 'number_observed must be between 1 and 999,999,999'),
  'count-out-of-range': error('5.2.1', 'count must be between 0 and 999,999,999'),
  'port-out-of-range': error('6.12.1', 'ports must be between 0 and 65535'),
  'latitude-out-of-range': error('4.10.1', 'latitude must be between -90 and 90'),
  'longitude-out-of-range': error('4.10.1', 'longitude must be between -180 and 180'),
  'negative-value': error('6', 'this value must not be negative'),
  // Vocabularies
  'enum-value-invalid': error('2.4, 10', 'value is not in the enumeration'),
  'vocab-value-unknown': warning('2.14, 10', 'value is not in the suggested open vocabulary'),
  'relationship-type-unknown': warning('5.1', 'relationship type is not one the specification defines'),
  // Hashes
  'hashes-key-invalid': error(
    '2.7',
    'hash algorithm names must be 3 to 250 characters of a-z, A-Z, 0-9, - and _',
  ),
  'hash-value-invalid': error('2.7', 'hash value does not have the format of its algorithm'),
  'hash-algorithm-unknown': warning('2.7, 10.7', 'hash algorithm is not in hash-algorithm-ov'),
  // Common data types
  'external-reference-incomplete': error(
    '2.5.2',
    'an external reference needs description, url or external_id',
  ),
  'capec-id-invalid': error('4.1.1', 'CAPEC external_id must be CAPEC-[id]'),
  'cve-id-invalid': error('4.19.1', 'CVE external_id must be the exact CVE identifier'),
  'kill-chain-phase-format': warning('2.11', 'kill chain names SHOULD be lowercase with hyphens'),
  'encoding-without-property': error('3.1', 'an _enc property is present without the property it encodes'),
  // Custom content (deprecated mechanisms, section 11)
  'custom-property-name-invalid': error(
    '11.1.1',
    'custom property names must be lowercase ASCII, digits and _',
  ),
  'custom-property-name-length': error('11.1.1', 'custom property names must be 3 to 250 characters long'),
  'custom-property-prefix': warning('11.1.1', 'custom property names SHOULD start with x_'),
  'custom-property-deprecated': warning('11.1', 'custom properties are deprecated in favour of extensions'),
  'custom-object-deprecated': warning('11.2', 'custom object types are deprecated in favour of extensions'),
  'custom-type-prefix': warning('11.2.1', 'custom object types SHOULD start with x-'),
  'custom-extension-deprecated': warning(
    '11.3',
    'custom SCO extensions are deprecated in favour of extensions',
  ),
  'deprecated-property': warning('4.14, 7.2.1', 'this property is deprecated'),
  // Extensions
  'extension-name-invalid': error(
    '3.2, 3.10, 11.3.1',
    'extension key is neither a predefined extension of this type nor an extension-definition id',
  ),
  'extension-type-missing': error('3.2', 'extension_type is required when the extension facility is used'),
  'extension-empty': error('6, 11.3.1', 'this extension must contain at least one property'),
  'extension-properties-not-allowed': error(
    '7.3.1',
    'extension_properties needs toplevel-property-extension in extension_types',
  ),
  // Markings
  'granular-marking-selector-invalid': error('7.2.3.1', 'selector syntax is invalid'),
  'granular-marking-selector-unresolved': error(
    '7.2.3.1',
    'selector does not refer to content present in the object',
  ),
  'granular-marking-lang-and-ref': error('7.2.3.1', 'a granular marking has both lang and marking_ref'),
  'granular-marking-target-missing': error('7.2.3.1', 'a granular marking needs lang or marking_ref'),
  'marking-circular-ref': error('3.2', 'a marking definition cannot be marked by itself'),
  'marking-definition-incomplete': error(
    '7.2.1',
    'definition_type and definition are required without extensions',
  ),
  'marking-definition-content-invalid': error(
    '7.2.1.3, 7.2.1.4',
    'definition does not match definition_type',
  ),
  'tlp-definition-mismatch': error(
    '7.2.1.4, TLP 2.0',
    'object uses a TLP marking id with a different definition',
  ),
  'tlp-marking-nonstandard': error(
    '7.2.1.4, TLP 2.0',
    'only the standard TLP marking definitions may be used',
  ),
  // Object-specific rules
  'pattern-invalid': error('4.7, 9', 'the STIX pattern does not parse or breaks a rule of STIX Patterning'),
  'relationship-type-invalid': error(
    '5.1.2',
    'relationship_type must be lowercase ASCII, digits and hyphens',
  ),
  'observed-data-objects-conflict': error('4.14', 'objects and object_refs must not both be present'),
  'observed-data-content-missing': error('4.14', 'one of objects or object_refs is required'),
  'observed-data-no-sco': error('4.14.1', 'object_refs must contain at least one SCO reference'),
  'location-incomplete': error('4.10', 'a location needs region, country, or latitude and longitude'),
  'location-coordinates-unpaired': error('4.10.1', 'latitude and longitude must be given together'),
  'location-precision-without-coordinates': error('4.10.1', 'precision needs latitude and longitude'),
  'malware-family-name-missing': error('4.11.1', 'a malware family must have a name'),
  'malware-analysis-result-missing': error('4.12', 'one of result or analysis_sco_refs is required'),
  'artifact-payload-and-url': error('6.1.1', 'payload_bin and url must not both be present'),
  'artifact-content-missing': error('6.1', 'one of payload_bin or url is required'),
  'artifact-url-without-hashes': error('6.1.1', 'hashes are required when url is present'),
  'artifact-key-without-algorithm': error('6.1.1', 'decryption_key needs encryption_algorithm'),
  'email-body-conflict': error('6.6.1', 'body and body_multipart must agree with is_multipart'),
  'email-mime-part-content-missing': error('6.6.2', 'a MIME part needs body or body_raw_ref'),
  'file-name-or-hashes-missing': error('6.7', 'a file needs hashes or name'),
  'network-traffic-endpoint-missing': error('6.12', 'network traffic needs src_ref or dst_ref'),
  'network-traffic-active-with-end': error('6.12.1', 'end must be absent while is_active is true'),
  'object-empty': error('6.13, 6.16, 6.17, 6.18', 'at least one of the optional properties must be present'),
  'ipv4-value-invalid': error('6.8.1', 'not an IPv4 address or CIDR block'),
  'ipv6-value-invalid': error('6.9.1', 'not an IPv6 address or CIDR block'),
  'mac-value-invalid': error('6.10.1', 'not a lowercase colon-delimited MAC-48 address'),
  'domain-name-invalid': error('6.4.1', 'not a domain name'),
  'url-invalid': error('6.15.1', 'not a URL'),
  'email-addr-invalid': error('6.5.1', 'not an email address (addr-spec)'),
  'registry-hive-abbreviated': error('6.17.1', 'the registry hive must be fully expanded'),
  'country-code-format': warning('4.10.1', 'country SHOULD be an ISO 3166-1 alpha-2 code'),
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;
