// What the pack takes from MITRE ATT&CK Enterprise v18.1 (../shared/intel/attack): the group G0032,
// the campaign C0022 and the techniques C0022, Torisma (S0678) and DRATzarus (S0694) use, as ids,
// names and tactics. attack.test.ts checks every entry against the ATT&CK data, so a table that
// drifts from it fails rather than misleads.

/** ATT&CK Enterprise tactics by their kill-chain phase names, in kill-chain order. */
export const TACTICS = [
  'reconnaissance',
  'resource-development',
  'initial-access',
  'execution',
  'persistence',
  'privilege-escalation',
  'defense-evasion',
  'credential-access',
  'discovery',
  'lateral-movement',
  'collection',
  'command-and-control',
  'exfiltration',
  'impact',
] as const;

export type Tactic = (typeof TACTICS)[number];

export interface Technique {
  /** ATT&CK id, e.g. 'T1574.001'. */
  id: string;
  /** As ATT&CK shows it: a sub-technique is prefixed with its parent's name. */
  name: string;
  tactics: readonly Tactic[];
}

function technique(id: string, name: string, tactics: Tactic[]): Technique {
  return { id, name, tactics };
}

/** Every technique the pack has an attack-pattern for, by id. */
export const TECHNIQUES: readonly Technique[] = [
  technique('T1005', 'Data from Local System', ['collection']),
  technique('T1014', 'Rootkit', ['defense-evasion']),
  technique('T1016', 'System Network Configuration Discovery', ['discovery']),
  technique('T1018', 'Remote System Discovery', ['discovery']),
  technique('T1027', 'Obfuscated Files or Information', ['defense-evasion']),
  technique('T1027.002', 'Obfuscated Files or Information: Software Packing', ['defense-evasion']),
  technique('T1027.013', 'Obfuscated Files or Information: Encrypted/Encoded File', ['defense-evasion']),
  technique('T1033', 'System Owner/User Discovery', ['discovery']),
  technique('T1036.005', 'Masquerading: Match Legitimate Resource Name or Location', ['defense-evasion']),
  technique('T1036.008', 'Masquerading: Masquerade File Type', ['defense-evasion']),
  technique('T1041', 'Exfiltration Over C2 Channel', ['exfiltration']),
  technique('T1047', 'Windows Management Instrumentation', ['execution']),
  technique('T1049', 'System Network Connections Discovery', ['discovery']),
  technique('T1053.005', 'Scheduled Task/Job: Scheduled Task', [
    'execution',
    'persistence',
    'privilege-escalation',
  ]),
  technique('T1057', 'Process Discovery', ['discovery']),
  technique('T1059.001', 'Command and Scripting Interpreter: PowerShell', ['execution']),
  technique('T1059.003', 'Command and Scripting Interpreter: Windows Command Shell', ['execution']),
  technique('T1059.005', 'Command and Scripting Interpreter: Visual Basic', ['execution']),
  technique('T1070.004', 'Indicator Removal: File Deletion', ['defense-evasion']),
  technique('T1071.001', 'Application Layer Protocol: Web Protocols', ['command-and-control']),
  technique('T1083', 'File and Directory Discovery', ['discovery']),
  technique('T1087.002', 'Account Discovery: Domain Account', ['discovery']),
  technique('T1105', 'Ingress Tool Transfer', ['command-and-control']),
  technique('T1106', 'Native API', ['execution']),
  technique('T1110', 'Brute Force', ['credential-access']),
  technique('T1124', 'System Time Discovery', ['discovery']),
  technique('T1132.001', 'Data Encoding: Standard Encoding', ['command-and-control']),
  technique('T1140', 'Deobfuscate/Decode Files or Information', ['defense-evasion']),
  technique('T1204.001', 'User Execution: Malicious Link', ['execution']),
  technique('T1204.002', 'User Execution: Malicious File', ['execution']),
  technique('T1218.010', 'System Binary Proxy Execution: Regsvr32', ['defense-evasion']),
  technique('T1218.011', 'System Binary Proxy Execution: Rundll32', ['defense-evasion']),
  technique('T1220', 'XSL Script Processing', ['defense-evasion']),
  technique('T1221', 'Template Injection', ['defense-evasion']),
  technique('T1480', 'Execution Guardrails', ['defense-evasion']),
  technique('T1497.001', 'Virtualization/Sandbox Evasion: System Checks', ['defense-evasion', 'discovery']),
  technique('T1497.003', 'Virtualization/Sandbox Evasion: Time Based Checks', [
    'defense-evasion',
    'discovery',
  ]),
  technique('T1505.004', 'Server Software Component: IIS Components', ['persistence']),
  technique('T1534', 'Internal Spearphishing', ['lateral-movement']),
  technique('T1547.001', 'Boot or Logon Autostart Execution: Registry Run Keys / Startup Folder', [
    'persistence',
    'privilege-escalation',
  ]),
  technique('T1553.002', 'Subvert Trust Controls: Code Signing', ['defense-evasion']),
  technique('T1560.001', 'Archive Collected Data: Archive via Utility', ['collection']),
  technique('T1566.001', 'Phishing: Spearphishing Attachment', ['initial-access']),
  technique('T1566.002', 'Phishing: Spearphishing Link', ['initial-access']),
  technique('T1566.003', 'Phishing: Spearphishing via Service', ['initial-access']),
  technique('T1567.002', 'Exfiltration Over Web Service: Exfiltration to Cloud Storage', ['exfiltration']),
  technique('T1573.001', 'Encrypted Channel: Symmetric Cryptography', ['command-and-control']),
  technique('T1574.001', 'Hijack Execution Flow: DLL', [
    'persistence',
    'privilege-escalation',
    'defense-evasion',
  ]),
  technique('T1583.001', 'Acquire Infrastructure: Domains', ['resource-development']),
  technique('T1583.004', 'Acquire Infrastructure: Server', ['resource-development']),
  technique('T1583.006', 'Acquire Infrastructure: Web Services', ['resource-development']),
  technique('T1584.001', 'Compromise Infrastructure: Domains', ['resource-development']),
  technique('T1584.004', 'Compromise Infrastructure: Server', ['resource-development']),
  technique('T1585.001', 'Establish Accounts: Social Media Accounts', ['resource-development']),
  technique('T1585.002', 'Establish Accounts: Email Accounts', ['resource-development']),
  technique('T1587.001', 'Develop Capabilities: Malware', ['resource-development']),
  technique('T1587.002', 'Develop Capabilities: Code Signing Certificates', ['resource-development']),
  technique('T1588.002', 'Obtain Capabilities: Tool', ['resource-development']),
  technique('T1588.003', 'Obtain Capabilities: Code Signing Certificates', ['resource-development']),
  technique('T1589', 'Gather Victim Identity Information', ['reconnaissance']),
  technique('T1591', 'Gather Victim Org Information', ['reconnaissance']),
  technique('T1591.004', 'Gather Victim Org Information: Identify Roles', ['reconnaissance']),
  technique('T1593.001', 'Search Open Websites/Domains: Social Media', ['reconnaissance']),
  technique('T1608.001', 'Stage Capabilities: Upload Malware', ['resource-development']),
  technique('T1608.002', 'Stage Capabilities: Upload Tool', ['resource-development']),
  technique('T1614.001', 'System Location Discovery: System Language Discovery', ['discovery']),
  technique('T1622', 'Debugger Evasion', ['defense-evasion', 'discovery']),
  technique('T1656', 'Impersonation', ['defense-evasion']),
  technique('T1680', 'Local Storage Discovery', ['discovery']),
];

/** The techniques ATT&CK's `uses` relationships give C0022 (Operation Dream Job). */
export const CAMPAIGN_TECHNIQUES: readonly string[] = [
  'T1005',
  'T1027.002',
  'T1027.013',
  'T1036.008',
  'T1041',
  'T1047',
  'T1053.005',
  'T1059.001',
  'T1059.003',
  'T1059.005',
  'T1070.004',
  'T1071.001',
  'T1083',
  'T1087.002',
  'T1105',
  'T1106',
  'T1110',
  'T1204.001',
  'T1204.002',
  'T1218.010',
  'T1218.011',
  'T1220',
  'T1221',
  'T1497.001',
  'T1497.003',
  'T1505.004',
  'T1534',
  'T1547.001',
  'T1553.002',
  'T1560.001',
  'T1566.001',
  'T1566.002',
  'T1566.003',
  'T1567.002',
  'T1573.001',
  'T1583.001',
  'T1583.004',
  'T1583.006',
  'T1584.001',
  'T1584.004',
  'T1585.001',
  'T1585.002',
  'T1587.001',
  'T1587.002',
  'T1588.002',
  'T1588.003',
  'T1589',
  'T1591',
  'T1591.004',
  'T1593.001',
  'T1608.001',
  'T1608.002',
  'T1614.001',
  'T1622',
  'T1656',
];

/**
 * Techniques ATT&CK gives G0032 but not C0022 that ESET's DreamJob files show in action: every
 * Windows chain starts with a legitimate program side-loading a DLL placed beside it, and the
 * malware sits in folders and names borrowed from Intel, NVIDIA, Dell, Adobe, Oracle or OneDrive.
 */
export const GROUP_TECHNIQUES_SEEN_IN_DREAMJOB: readonly string[] = ['T1036.005', 'T1574.001'];

/** The techniques ATT&CK's `uses` relationships give each DreamJob family it describes. */
export const SOFTWARE_TECHNIQUES: Readonly<Record<'S0678' | 'S0694', readonly string[]>> = {
  // Torisma
  S0678: [
    'T1016',
    'T1027.002',
    'T1027.013',
    'T1041',
    'T1049',
    'T1071.001',
    'T1106',
    'T1124',
    'T1132.001',
    'T1140',
    'T1480',
    'T1573.001',
    'T1680',
  ],
  // DRATzarus
  S0694: [
    'T1005',
    'T1018',
    'T1027',
    'T1027.002',
    'T1033',
    'T1036.005',
    'T1057',
    'T1071.001',
    'T1105',
    'T1106',
    'T1124',
    'T1497.003',
    'T1622',
  ],
};

/** G0032: facts only (aliases and ids); the description is the pack's own. */
export const LAZARUS_GROUP = {
  attackId: 'G0032',
  name: 'Lazarus Group',
  aliases: [
    'Labyrinth Chollima',
    'HIDDEN COBRA',
    'Guardians of Peace',
    'ZINC',
    'NICKEL ACADEMY',
    'Diamond Sleet',
  ],
} as const;

/** C0022: its aliases and first sighting; its last_seen (2020-08) is left out, see build.ts. */
export const OPERATION_DREAM_JOB = {
  attackId: 'C0022',
  aliases: ['Operation Dream Job', 'Operation North Star', 'Operation Interception'],
  firstSeen: '2019-09-01T04:00:00.000Z',
} as const;

/** Responder (S0174), the one tool ATT&CK lists for C0022. */
export const RESPONDER = { attackId: 'S0174', name: 'Responder' } as const;
