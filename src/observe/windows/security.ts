// What the Security log's events become, by event id, in the event's own field names: logons,
// process creation and exit, scheduled tasks, connections the Windows Filtering Platform allowed.

import type { EventMapping } from '../mapping.js';
import { fileAt, integer, processOf, securityUser } from './pieces.js';

const LOGON: EventMapping = {
  objects: {
    user: securityUser('Target'),
    source: { type: 'ip-addr', value: { field: 'IpAddress', as: 'ip' } },
    ...processOf('process', 'ProcessId', 'ProcessName'),
  },
};

export const SECURITY_EVENTS: Readonly<Record<string, EventMapping>> = {
  // An account logged on, failed to
  'security:4624': LOGON,
  'security:4625': LOGON,
  // A process was created
  'security:4688': {
    objects: {
      process: {
        type: 'process',
        pid: integer('NewProcessId'),
        command_line: 'CommandLine',
        created_time: '$time',
        image_ref: { ref: 'image' },
        parent_ref: { ref: 'parent' },
        creator_user_ref: { ref: 'user' },
        extensions: {
          'windows-process-ext': { integrity_level: { field: 'MandatoryLabel', as: 'integrityLevel' } },
        },
      },
      ...fileAt('image', 'NewProcessName'),
      ...processOf('parent', 'ProcessId', 'ParentProcessName'),
      user: securityUser('Subject'),
    },
  },
  // A process has exited
  'security:4689': {
    objects: { ...processOf('process', 'ProcessId', 'ProcessName'), user: securityUser('Subject') },
  },
  // A scheduled task was created: Windows keeps it under the TaskCache\Tree registry key, and it runs
  // the command of its XML definition
  'security:4698': {
    objects: {
      task: { type: 'windows-registry-key', key: { field: 'TaskName', as: 'scheduledTaskKey' } },
      ...fileAt('command', 'TaskContent', {}, ['taskCommand']),
      user: securityUser('Subject'),
    },
  },
  // The Windows Filtering Platform permitted a connection
  'security:5156': {
    objects: {
      ...processOf('process', ['ProcessID', 'ProcessId'], 'Application', {
        opened_connection_refs: { ref: 'connection' },
      }),
      connection: {
        type: 'network-traffic',
        src_ref: { ref: 'source' },
        dst_ref: { ref: 'destination' },
        src_port: { fields: ['Direction', 'SourcePort', 'DestPort'], as: ['wfpInitiator', 'port'] },
        dst_port: { fields: ['Direction', 'SourcePort', 'DestPort'], as: ['wfpResponder', 'port'] },
        protocols: { field: 'Protocol', as: 'protocols' },
      },
      source: {
        type: 'ip-addr',
        value: { fields: ['Direction', 'SourceAddress', 'DestAddress'], as: ['wfpInitiator', 'ip'] },
      },
      destination: {
        type: 'ip-addr',
        value: { fields: ['Direction', 'SourceAddress', 'DestAddress'], as: ['wfpResponder', 'ip'] },
      },
    },
  },
};
