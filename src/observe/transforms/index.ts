// The transforms a mapping names in `as`: the only code between a log field and a STIX property.
// A transform of one value reads a `field`; a transform of several reads `fields`, in order. Each
// returns undefined for what it cannot read, and the property is then left out: transforms never
// throw, so no field value can stop a stream.

import * as network from './network.js';
import * as paths from './paths.js';
import * as sensors from './sensors.js';
import * as time from './time.js';
import * as values from './values.js';
import * as windows from './windows.js';

export type Transform =
  | { arity: 'one'; run: (value: unknown) => unknown }
  | { arity: 'many'; run: (values: readonly unknown[]) => unknown };

function one(run: (value: unknown) => unknown): Transform {
  return { arity: 'one', run };
}

function many(run: (values: readonly unknown[]) => unknown): Transform {
  return { arity: 'many', run };
}

export const TRANSFORMS: Readonly<Record<string, Transform>> = {
  // plain values
  string: one(values.string),
  integer: one(values.integer),
  count: one(values.count),
  boolean: one(values.boolean),
  lowercase: one(values.lowercase),
  first: one(values.first),
  list: one(values.list),
  hex: one(values.hex),
  md5: one(values.md5),
  sha1: one(values.sha1),
  sha256: one(values.sha256),
  // times
  timestamp: one(time.timestamp),
  epoch: one(time.epoch),
  epochSeconds: one(time.epochSeconds),
  epochMillis: one(time.epochMillis),
  zeekEnd: many(time.zeekEnd),
  // paths
  basename: one(paths.basename),
  dirname: one(paths.dirname),
  windowsJoin: many(paths.windowsJoin),
  fileWithoutStream: one(paths.fileWithoutStream),
  streamName: one(paths.streamName),
  pipeName: one(paths.pipeName),
  pipeDirectory: one(paths.pipeDirectory),
  peType: one(paths.peType),
  // network
  ip: one(network.ip),
  ipList: one(network.ipList),
  domain: one(network.domain),
  domainList: one(network.domainList),
  hostOnly: one(network.hostOnly),
  httpUrl: many(network.httpUrl),
  httpVersion: one(network.httpVersion),
  protocols: one(network.protocols),
  port: one(network.port),
  zeekPort: many(network.zeekPort),
  hexByte: one(network.hexByte),
  emailAddress: one(network.emailAddress),
  emailList: one(network.emailList),
  // Windows
  sysmonHashes: one(windows.sysmonHashes),
  sysmonImphash: one(windows.sysmonImphash),
  registryKey: many(windows.registryKey),
  registryParentKey: one(windows.registryParentKey),
  registryValueName: many(windows.registryValueName),
  registryData: one(windows.registryData),
  registryDataType: one(windows.registryDataType),
  windowsUserAccountType: many(windows.windowsUserAccountType),
  windowsDomainAccountType: many(windows.windowsDomainAccountType),
  windowsAccountLogin: one(windows.windowsAccountLogin),
  integrityLevel: one(windows.integrityLevel),
  wfpInitiator: many(windows.wfpInitiator),
  wfpResponder: many(windows.wfpResponder),
  scheduledTaskKey: one(windows.scheduledTaskKey),
  taskCommand: one(windows.taskCommand),
  // one sensor's own forms
  sysmonDnsAddresses: one(sensors.sysmonDnsAddresses),
  sysmonDnsNames: one(sensors.sysmonDnsNames),
  suricataDnsAddresses: one(sensors.suricataDnsAddresses),
  suricataDnsNames: one(sensors.suricataDnsNames),
  zeekFileOriginator: many(sensors.zeekFileOriginator),
  sshSoftwareName: one(sensors.sshSoftwareName),
  sshSoftwareVersion: one(sensors.sshSoftwareVersion),
  kerberosUser: one(sensors.kerberosUser),
  zeekPeType: one(sensors.zeekPeType),
  peMachineHex: one(sensors.peMachineHex),
  x509Serial: one(sensors.x509Serial),
  basicConstraints: one(sensors.basicConstraints),
  subjectAltNames: many(sensors.subjectAltNames),
};
