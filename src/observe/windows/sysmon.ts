// What each Sysmon event becomes, by event id, in Sysmon's own field names (the layouts in
// layouts.ts and the ECS names in ecs.ts lead back to them). Events that name nothing a STIX
// pattern could match (service and configuration state, WMI filter bindings) are not listed and
// read as skips.

import type { EventMapping, ObjectSpec } from '../mapping.js';
import { fileAt, hashes, integer, peBinary, processOf, SYSMON_USER } from './pieces.js';

/** The process an event is about: Sysmon's ProcessId and Image. */
const ACTOR = processOf('process', 'ProcessId', 'Image');

const FILE_WITH_HASHES = { ...fileAt('file', 'TargetFilename', { hashes: hashes('Hashes') }) };

/** Registry events 12 to 14: the key, and the value when the path names one. */
const REGISTRY_KEY: ObjectSpec = {
  type: 'windows-registry-key',
  key: { fields: ['TargetObject', 'EventType'], as: 'registryKey' },
  values: [{ name: { fields: ['TargetObject', 'EventType'], as: 'registryValueName' } }],
};

/** Events 8 and 10: one process acting on another. */
const PROCESS_ON_PROCESS: EventMapping = {
  objects: {
    ...processOf('source', 'SourceProcessId', 'SourceImage'),
    ...processOf('target', 'TargetProcessId', 'TargetImage'),
  },
};

const PIPE: EventMapping = {
  objects: {
    ...ACTOR,
    pipe: {
      type: 'file',
      name: { field: 'PipeName', as: 'pipeName' },
      parent_directory_ref: { ref: 'pipeFolder' },
    },
    pipeFolder: { type: 'directory', path: { field: 'PipeName', as: 'pipeDirectory' } },
    user: SYSMON_USER,
  },
};

const FILE_DELETE: EventMapping = { objects: { ...ACTOR, ...FILE_WITH_HASHES, user: SYSMON_USER } };

export const SYSMON_EVENTS: Readonly<Record<string, EventMapping>> = {
  // Process creation
  'sysmon:1': {
    objects: {
      process: {
        type: 'process',
        pid: integer('ProcessId'),
        command_line: 'CommandLine',
        cwd: 'CurrentDirectory',
        created_time: '$time',
        image_ref: { ref: 'image' },
        parent_ref: { ref: 'parent' },
        creator_user_ref: { ref: 'user' },
        extensions: {
          'windows-process-ext': { integrity_level: { field: 'IntegrityLevel', as: 'integrityLevel' } },
        },
      },
      ...fileAt('image', 'Image', {
        hashes: hashes('Hashes'),
        extensions: peBinary({ value: 'exe' }, 'Hashes'),
      }),
      parent: {
        type: 'process',
        pid: integer('ParentProcessId'),
        command_line: 'ParentCommandLine',
        image_ref: { ref: 'parentImage' },
      },
      ...fileAt('parentImage', 'ParentImage'),
      user: SYSMON_USER,
    },
  },
  // A file's creation time changed
  'sysmon:2': {
    objects: {
      ...ACTOR,
      ...fileAt('file', 'TargetFilename', { ctime: { field: 'CreationUtcTime', as: 'timestamp' } }),
      user: SYSMON_USER,
    },
  },
  // Network connection
  'sysmon:3': {
    objects: {
      ...processOf('process', 'ProcessId', 'Image', {
        opened_connection_refs: { ref: 'connection' },
        creator_user_ref: { ref: 'user' },
      }),
      connection: {
        type: 'network-traffic',
        src_ref: { ref: 'source' },
        dst_ref: { ref: 'destination' },
        src_port: { field: 'SourcePort', as: 'port' },
        dst_port: { field: 'DestinationPort', as: 'port' },
        protocols: { field: 'Protocol', as: 'protocols' },
      },
      source: { type: 'ip-addr', value: { field: 'SourceIp', as: 'ip' } },
      destination: { type: 'ip-addr', value: { field: 'DestinationIp', as: 'ip' } },
      sourceName: {
        type: 'domain-name',
        value: { field: 'SourceHostname', as: 'domain' },
        resolves_to_refs: { ref: 'source' },
      },
      destinationName: {
        type: 'domain-name',
        value: { field: 'DestinationHostname', as: 'domain' },
        resolves_to_refs: { ref: 'destination' },
      },
      user: SYSMON_USER,
    },
  },
  // Process terminated
  'sysmon:5': { objects: { ...ACTOR, user: SYSMON_USER } },
  // Driver loaded
  'sysmon:6': {
    objects: fileAt('driver', 'ImageLoaded', {
      hashes: hashes('Hashes'),
      extensions: peBinary({ value: 'sys' }, 'Hashes'),
    }),
  },
  // Image (DLL) loaded
  'sysmon:7': {
    objects: {
      ...ACTOR,
      ...fileAt('module', 'ImageLoaded', {
        hashes: hashes('Hashes'),
        extensions: peBinary({ field: 'ImageLoaded', as: 'peType' }, 'Hashes'),
      }),
      user: SYSMON_USER,
    },
  },
  // CreateRemoteThread
  'sysmon:8': PROCESS_ON_PROCESS,
  // Raw disk access
  'sysmon:9': { objects: { ...ACTOR, user: SYSMON_USER } },
  // Process accessed (handle opened)
  'sysmon:10': PROCESS_ON_PROCESS,
  // File created
  'sysmon:11': {
    objects: {
      ...ACTOR,
      ...fileAt('file', 'TargetFilename', { ctime: { field: 'CreationUtcTime', as: 'timestamp' } }),
      user: SYSMON_USER,
    },
  },
  // Registry key or value created or deleted
  'sysmon:12': { objects: { ...ACTOR, key: REGISTRY_KEY, user: SYSMON_USER } },
  // Registry value set: TargetObject is the key and the value's name, Details the data
  'sysmon:13': {
    objects: {
      ...ACTOR,
      key: {
        type: 'windows-registry-key',
        key: { field: 'TargetObject', as: 'registryParentKey' },
        values: [
          {
            name: { field: 'TargetObject', as: 'basename' },
            data: { field: 'Details', as: 'registryData' },
            data_type: { field: 'Details', as: 'registryDataType' },
          },
        ],
      },
      user: SYSMON_USER,
    },
  },
  // Registry key or value renamed
  'sysmon:14': {
    objects: {
      ...ACTOR,
      key: REGISTRY_KEY,
      renamed: { type: 'windows-registry-key', key: { fields: ['NewName', 'EventType'], as: 'registryKey' } },
      user: SYSMON_USER,
    },
  },
  // Alternate data stream created: the hash is of the file's content, the stream is named
  'sysmon:15': {
    objects: {
      ...ACTOR,
      ...fileAt(
        'file',
        'TargetFilename',
        {
          hashes: hashes(['Hash', 'Hashes']),
          extensions: {
            'ntfs-ext': { alternate_data_streams: [{ name: { field: 'TargetFilename', as: 'streamName' } }] },
          },
        },
        ['fileWithoutStream'],
      ),
      user: SYSMON_USER,
    },
  },
  // Named pipe created, connected
  'sysmon:17': PIPE,
  'sysmon:18': PIPE,
  // DNS query, with the addresses and aliases of the answer
  'sysmon:22': {
    objects: {
      ...ACTOR,
      domain: {
        type: 'domain-name',
        value: { field: 'QueryName', as: 'domain' },
        resolves_to_refs: { ref: ['addresses', 'aliases'] },
      },
      addresses: {
        type: 'ip-addr',
        each: { field: 'QueryResults', as: 'sysmonDnsAddresses' },
        value: '$item',
      },
      aliases: { type: 'domain-name', each: { field: 'QueryResults', as: 'sysmonDnsNames' }, value: '$item' },
      user: SYSMON_USER,
    },
  },
  // File deleted (and archived), file deletion detected, clipboard, process tampering, blocked and
  // detected executables: a process and, where the event names one, a file with its hashes
  'sysmon:23': FILE_DELETE,
  'sysmon:24': { objects: { ...ACTOR, user: SYSMON_USER } },
  'sysmon:25': { objects: { ...ACTOR, user: SYSMON_USER } },
  'sysmon:26': FILE_DELETE,
  'sysmon:27': FILE_DELETE,
  'sysmon:28': FILE_DELETE,
  'sysmon:29': FILE_DELETE,
};
