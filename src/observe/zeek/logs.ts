// What each Zeek log's records become, by log path, in Zeek's field names ("id.orig_h"; JSON
// written by some shippers uses "id_orig_h", which the reader also looks up). Logs not listed that
// carry a connection's endpoints (weird, dce_rpc, ntlm, rdp, ...) yield its addresses through "*".
//
// The host and entity of a record is the connection's originator: the side that opened it, which
// for the usual egress monitoring is the internal machine. Zeek's local_orig/local_resp would say
// which side is internal, but they are not in every deployment's logs, and a stable rule keeps
// temporal state in one place per talker. Records without a connection (x509, pe) fall back to the
// sensor.

import type { EventMapping, MappingTable, ObjectSpec, PropertySpec } from '../mapping.js';

const ORIGINATOR: ObjectSpec = { type: 'ip-addr', value: { field: 'id.orig_h', as: 'ip' } };
const RESPONDER: ObjectSpec = { type: 'ip-addr', value: { field: 'id.resp_h', as: 'ip' } };

/** The connection between originator and responder, with the given protocols and extras. */
function connection(
  protocols: PropertySpec,
  extra: Record<string, PropertySpec> = {},
): Record<string, ObjectSpec> {
  return {
    connection: {
      type: 'network-traffic',
      src_ref: { ref: 'originator' },
      dst_ref: { ref: 'responder' },
      src_port: { fields: ['id.orig_p', 'proto'], as: 'zeekPort' },
      dst_port: { fields: ['id.resp_p', 'proto'], as: 'zeekPort' },
      protocols,
      ...extra,
    },
    originator: ORIGINATOR,
    responder: RESPONDER,
  };
}

const PROTO: PropertySpec = { field: 'proto', as: 'protocols' };

/** A file as files.log and pe.log describe it (the reader joins the two by file id). */
const FILE: ObjectSpec = {
  type: 'file',
  name: { field: 'filename', as: 'basename' },
  hashes: {
    MD5: { field: 'md5', as: 'md5' },
    'SHA-1': { field: 'sha1', as: 'sha1' },
    'SHA-256': { field: 'sha256', as: 'sha256' },
  },
  size: { field: 'total_bytes', as: 'count' },
  mime_type: 'mime_type',
  extensions: {
    'windows-pebinary-ext': {
      pe_type: { field: 'is_exe', as: 'zeekPeType' },
      machine_hex: { field: 'machine', as: 'peMachineHex' },
      time_date_stamp: { field: 'compile_ts', as: 'epochSeconds' },
      sections: [{ each: { field: 'section_names', as: 'list' }, name: '$item' }],
    },
  },
};

const EVENTS: Readonly<Record<string, EventMapping>> = {
  conn: {
    objects: connection([PROTO, { field: 'service', as: 'protocols' }], {
      start: { field: 'ts', as: 'epoch' },
      end: { fields: ['ts', 'duration'], as: 'zeekEnd' },
      src_byte_count: { field: 'orig_bytes', as: 'count' },
      dst_byte_count: { field: 'resp_bytes', as: 'count' },
      src_packets: { field: 'orig_pkts', as: 'count' },
      dst_packets: { field: 'resp_pkts', as: 'count' },
    }),
  },
  dns: {
    objects: {
      query: {
        type: 'domain-name',
        value: { field: 'query', as: 'domain' },
        resolves_to_refs: { ref: ['answerAddresses', 'answerNames'] },
      },
      answerAddresses: { type: 'ip-addr', each: { field: 'answers', as: 'ipList' }, value: '$item' },
      answerNames: { type: 'domain-name', each: { field: 'answers', as: 'domainList' }, value: '$item' },
      ...connection([PROTO, { value: 'dns' }]),
    },
  },
  http: {
    objects: {
      url: { type: 'url', value: { fields: ['host', 'uri', 'id.resp_h', 'id.resp_p'], as: 'httpUrl' } },
      ...connection([{ value: 'tcp' }, { value: 'http' }], {
        extensions: {
          'http-request-ext': {
            request_method: 'method',
            request_value: 'uri',
            request_version: { field: 'version', as: 'httpVersion' },
            request_header: { Host: ['host'], 'User-Agent': ['user_agent'], Referer: ['referrer'] },
            message_body_length: { field: 'request_body_len', as: 'count' },
          },
        },
      }),
      server: { type: 'domain-name', value: { field: 'host', as: ['hostOnly', 'domain'] } },
    },
  },
  files: {
    objects: {
      file: FILE,
      // Zeek before 6 names the hosts a file went between; Zeek 6 logs the connection instead.
      sender: { type: 'ip-addr', value: { field: 'tx_hosts', as: ['first', 'ip'] } },
      receiver: { type: 'ip-addr', value: { field: 'rx_hosts', as: ['first', 'ip'] } },
      ...connection({ field: 'source', as: 'protocols' }),
    },
    host: { fields: ['id.orig_h', 'is_orig', 'tx_hosts', 'rx_hosts'], as: 'zeekFileOriginator' },
  },
  pe: { objects: { file: FILE } },
  ssl: {
    objects: {
      server: { type: 'domain-name', value: { field: 'server_name', as: 'domain' } },
      certificate: {
        type: 'x509-certificate',
        hashes: {
          'SHA-1': { field: 'resp_certificate_sha1', as: 'sha1' },
          'SHA-256': { field: 'cert_chain_fps', as: ['first', 'sha256'] },
        },
        subject: 'subject',
        issuer: 'issuer',
      },
      ...connection([{ value: 'tcp' }, { value: 'tls' }]),
    },
  },
  x509: {
    objects: {
      certificate: {
        type: 'x509-certificate',
        version: 'certificate.version',
        serial_number: { field: 'certificate.serial', as: 'x509Serial' },
        signature_algorithm: 'certificate.sig_alg',
        issuer: 'certificate.issuer',
        validity_not_before: { field: 'certificate.not_valid_before', as: 'epoch' },
        validity_not_after: { field: 'certificate.not_valid_after', as: 'epoch' },
        subject: 'certificate.subject',
        subject_public_key_algorithm: 'certificate.key_alg',
        subject_public_key_exponent: { field: 'certificate.exponent', as: 'integer' },
        hashes: { 'SHA-256': { field: 'fingerprint', as: 'sha256' } },
        x509_v3_extensions: {
          basic_constraints: { field: 'basic_constraints.ca', as: 'basicConstraints' },
          subject_alternative_name: {
            fields: ['san.dns', 'san.uri', 'san.email', 'san.ip'],
            as: 'subjectAltNames',
          },
        },
      },
    },
  },
  notice: {
    objects: {
      ...connection(PROTO),
      // A notice without a connection (a scan, say) names its hosts src and dst.
      originator: { type: 'ip-addr', value: { field: ['id.orig_h', 'src'], as: 'ip' } },
      responder: { type: 'ip-addr', value: { field: ['id.resp_h', 'dst'], as: 'ip' } },
    },
    host: { field: ['id.orig_h', 'src'], as: 'ip' },
  },
  smb_files: {
    objects: {
      file: {
        type: 'file',
        name: { fields: ['path', 'name'], as: ['windowsJoin', 'basename'] },
        size: { field: 'size', as: 'count' },
        ctime: { field: 'times.created', as: 'epoch' },
        mtime: { field: 'times.modified', as: 'epoch' },
        atime: { field: 'times.accessed', as: 'epoch' },
        parent_directory_ref: { ref: 'folder' },
      },
      folder: { type: 'directory', path: { fields: ['path', 'name'], as: ['windowsJoin', 'dirname'] } },
      ...connection([{ value: 'tcp' }, { value: 'smb' }]),
    },
  },
  smtp: {
    objects: {
      sender: { type: 'email-addr', value: { field: 'mailfrom', as: 'emailAddress' } },
      recipients: { type: 'email-addr', each: { field: 'rcptto', as: 'emailList' }, value: '$item' },
      ...connection([{ value: 'tcp' }, { value: 'smtp' }]),
    },
  },
  kerberos: {
    objects: {
      client: {
        type: 'user-account',
        user_id: 'client',
        account_login: { field: 'client', as: 'kerberosUser' },
      },
      ...connection([PROTO, { value: 'kerberos' }]),
    },
  },
  '*': { objects: connection(PROTO) },
};

export const ZEEK_TABLE: MappingTable = {
  name: 'zeek',
  time: { field: 'ts', as: 'epoch' },
  host: { field: 'id.orig_h', as: 'ip' },
  // Zeek's own JSON names the node "_system_name"; OTRF's shipper named it "@system".
  sensor: { field: ['_system_name', '@system'] },
  events: EVENTS,
};

/**
 * Fields only one log has, for JSON records that do not name their log (Zeek writes one file per log
 * and no "_path" unless told to): the first log with one of its fields present is the record's.
 */
export const LOG_SIGNATURES: readonly (readonly [string, readonly string[]])[] = [
  ['conn', ['conn_state', 'history']],
  ['dns', ['qtype_name', 'trans_id', 'rcode_name']],
  // http by method and status_code: smtp.log has trans_depth and user_agent too.
  ['smtp', ['mailfrom', 'rcptto']],
  ['http', ['method', 'status_code']],
  ['files', ['analyzers', 'seen_bytes']],
  ['ssl', ['cipher', 'ssl_history', 'cert_chain_fuids', 'cert_chain_fps']],
  ['x509', ['certificate.serial']],
  ['pe', ['compile_ts', 'section_names']],
  ['notice', ['note']],
  ['smb_files', ['times.modified']],
  ['kerberos', ['request_type', 'till']],
];
