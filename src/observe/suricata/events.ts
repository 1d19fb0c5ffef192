// What Suricata's EVE records become. Every record of a flow carries the flow's endpoints; the
// app-layer parts (http, tls, dns, fileinfo, ssh, smtp) sit in objects of their own name, in the
// record of that event type and, when Suricata is configured to add them, in alerts. So each event
// type reads its own parts and alerts read them all. Records without endpoints (stats) yield
// nothing.
//
// The host and entity is src_ip: the client of the flow as Suricata tracks it (for an alert, the
// source of the packet that raised it).

import type { EventMapping, MappingTable, ObjectSpec, PropertySpec } from '../mapping.js';

const HTTP_REQUEST: PropertySpec = {
  request_method: 'http.http_method',
  request_value: 'http.url',
  request_version: { field: 'http.protocol', as: 'httpVersion' },
  request_header: {
    Host: ['http.hostname'],
    'User-Agent': ['http.http_user_agent'],
    Referer: ['http.http_refer'],
  },
};

/** The flow, with the protocols an event type implies, and its HTTP request when it may have one. */
function connection(protocols: readonly string[], http: boolean): ObjectSpec {
  return {
    type: 'network-traffic',
    src_ref: { ref: 'source' },
    dst_ref: { ref: 'destination' },
    src_port: { field: 'src_port', as: 'port' },
    dst_port: { field: 'dest_port', as: 'port' },
    protocols: [
      { field: 'proto', as: 'protocols' },
      { field: 'app_proto', as: 'protocols' },
      ...protocols.map((value): PropertySpec => ({ value })),
    ],
    start: { field: 'flow.start', as: 'timestamp' },
    end: { field: 'flow.end', as: 'timestamp' },
    src_byte_count: { field: 'flow.bytes_toserver', as: 'count' },
    dst_byte_count: { field: 'flow.bytes_toclient', as: 'count' },
    src_packets: { field: 'flow.pkts_toserver', as: 'count' },
    dst_packets: { field: 'flow.pkts_toclient', as: 'count' },
    extensions: {
      ...(http ? { 'http-request-ext': HTTP_REQUEST } : {}),
      'icmp-ext': {
        icmp_type_hex: { field: 'icmp_type', as: 'hexByte' },
        icmp_code_hex: { field: 'icmp_code', as: 'hexByte' },
      },
    },
  };
}

type Objects = Readonly<Record<string, ObjectSpec>>;

const ENDPOINTS: Objects = {
  source: { type: 'ip-addr', value: { field: 'src_ip', as: 'ip' } },
  destination: { type: 'ip-addr', value: { field: 'dest_ip', as: 'ip' } },
};

const HTTP: Objects = {
  url: {
    type: 'url',
    value: { fields: ['http.hostname', 'http.url', 'dest_ip', 'http.http_port'], as: 'httpUrl' },
  },
  httpHost: { type: 'domain-name', value: { field: 'http.hostname', as: ['hostOnly', 'domain'] } },
};

const TLS: Objects = {
  certificate: {
    type: 'x509-certificate',
    hashes: { 'SHA-1': { field: 'tls.fingerprint', as: 'sha1' } },
    serial_number: { field: 'tls.serial', as: 'x509Serial' },
    issuer: 'tls.issuerdn',
    validity_not_before: { field: 'tls.notbefore', as: 'timestamp' },
    validity_not_after: { field: 'tls.notafter', as: 'timestamp' },
    subject: 'tls.subject',
  },
  sni: { type: 'domain-name', value: { field: 'tls.sni', as: 'domain' } },
};

const DNS: Objects = {
  // EVE 2 names the query dns.rrname, EVE 3 (Suricata 7) lists dns.queries.
  query: {
    type: 'domain-name',
    value: { field: ['dns.rrname', 'dns.queries.0.rrname'], as: 'domain' },
    resolves_to_refs: { ref: ['answerAddresses', 'answerNames'] },
  },
  answerAddresses: { type: 'ip-addr', each: { field: 'dns', as: 'suricataDnsAddresses' }, value: '$item' },
  answerNames: { type: 'domain-name', each: { field: 'dns', as: 'suricataDnsNames' }, value: '$item' },
};

const FILE: Objects = {
  file: {
    type: 'file',
    name: { field: 'fileinfo.filename', as: 'basename' },
    hashes: {
      MD5: { field: 'fileinfo.md5', as: 'md5' },
      'SHA-1': { field: 'fileinfo.sha1', as: 'sha1' },
      'SHA-256': { field: 'fileinfo.sha256', as: 'sha256' },
    },
    size: { field: 'fileinfo.size', as: 'count' },
  },
};

const SSH: Objects = {
  sshClient: {
    type: 'software',
    name: { field: 'ssh.client.software_version', as: 'sshSoftwareName' },
    version: { field: 'ssh.client.software_version', as: 'sshSoftwareVersion' },
  },
  sshServer: {
    type: 'software',
    name: { field: 'ssh.server.software_version', as: 'sshSoftwareName' },
    version: { field: 'ssh.server.software_version', as: 'sshSoftwareVersion' },
  },
};

const SMTP: Objects = {
  mailFrom: { type: 'email-addr', value: { field: 'smtp.mail_from', as: 'emailAddress' } },
  mailTo: { type: 'email-addr', each: { field: 'smtp.rcpt_to', as: 'emailList' }, value: '$item' },
};

/** An event type's mapping: the flow with the protocols the type implies, its endpoints, its parts. */
function event(protocols: readonly string[], ...parts: Objects[]): EventMapping {
  const http = parts.includes(HTTP);
  return {
    objects: { connection: connection(protocols, http), ...ENDPOINTS, ...Object.assign({}, ...parts) },
  };
}

export const SURICATA_TABLE: MappingTable = {
  name: 'suricata',
  eventType: 'event_type',
  time: { field: 'timestamp', as: 'timestamp' },
  host: { field: 'src_ip', as: 'ip' },
  // Suricata's sensor-name setting.
  sensor: 'host',
  events: {
    alert: event([], HTTP, TLS, DNS, FILE, SSH, SMTP),
    flow: event([]),
    fileinfo: event([], HTTP, FILE),
    http: event(['http'], HTTP),
    tls: event(['tls'], TLS),
    dns: event(['dns'], DNS),
    ssh: event(['ssh'], SSH),
    smtp: event(['smtp'], SMTP),
    '*': event([]),
  },
};
