// Behavioural indicators: patterns for how DreamJob intrusions unfold rather than for one known
// value, so they still fire when the hashes, file names and servers change. Each is written in
// standard STIX properties (process:image_ref, file:parent_directory_ref.path, network-traffic...)
// that the telemetry adapters fill, and each rests on something the sources show.
//
// STIX patterns cannot compare two observed values with each other, so "a DLL from the same folder
// as the program" is approximated by "a DLL from the same kind of folder, soon after".

import { OPERATION_DREAM_JOB, type Tactic } from './attack.js';
import type { MalwareKey } from './malware.js';
import { literal } from './pattern-text.js';
import { PUBLICATIONS, type PublicationKey } from './sources.js';

export interface Behaviour {
  /** What the indicator's id is derived from. */
  key: string;
  name: string;
  description: string;
  pattern: string;
  indicatorTypes: readonly string[];
  tactics: readonly Tactic[];
  validFrom: string;
  /** The ESET publications the behaviour is drawn from; it also cites the ATT&CK techniques. */
  publications: readonly PublicationKey[];
  /** ATT&CK technique ids the pattern detects; the indicator `indicates` their attack-patterns. */
  techniques: readonly string[];
  families: readonly MalwareKey[];
}

// Regular expressions, in the text the engine receives (a backslash in a path is written \\).

/**
 * Folders a person starts a freshly received program from: their Downloads folder (and below),
 * the folder 7-Zip extracts a file into when it is opened straight from an archive (where ESET
 * found the trojanized coding challenges), and the root of a drive D: to Z:, which is where Windows
 * mounts an ISO or VHD image that is double-clicked.
 */
const USER_LAUNCH_FOLDER =
  '(?i)^(?:[a-z]:\\\\users\\\\[^\\\\]+\\\\(?:downloads(?:\\\\.*)?|appdata\\\\local\\\\temp\\\\7zo[0-9a-f]{8})|[d-z]:\\\\?)$';

/** The folders Windows keeps its own programs and libraries in. */
const WINDOWS_SYSTEM_FOLDER = '(?i)^[a-z]:\\\\windows\\\\(?:system32|syswow64|winsxs)(?:\\\\.*)?$';

/** Legitimate Windows programs DreamJob copies out of System32 to side-load a DLL placed beside them. */
const SIDE_LOADING_HOSTS = '(?i)^(?:colorcpl|fixmapi|presentationhost|tabcal|wsmprovhost|dfrgui)\\.exe$';

/** The DLL names those programs load and ESET found replaced: colorui, mapistub, mscoree, HID. */
const SIDE_LOADED_DLLS = '(?i)^(?:colorui|mapistub|mscoree|hid)\\.dll$';

/** PHP scripts under WordPress's own folders, where DreamJob's compromised C&C sites answer. */
const WORDPRESS_SCRIPT_PATH = '/wp-(?:content|includes)/[^?#]*\\.php';

/** Root-level folders named after vendors, where In(ter)ception and the 2023 chains installed malware. */
const VENDOR_ROOT_FOLDER = '[a-z]:\\\\(?:intel|nvidia|dell|programlogs|programshared|onedrive)\\\\';

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export const BEHAVIOURS: readonly Behaviour[] = [
  {
    key: 'behaviour:user-launched-program-loads-dll-beside-it',
    name: 'Program started from Downloads, a mounted image or an opened archive loads a DLL from such a folder',
    description:
      'DreamJob lures are legitimate programs (PDF readers, coding-challenge tools) shipped together with a malicious DLL of a name the program loads. The victim starts the program where it arrived (the Downloads folder, a mounted ISO image, or straight out of an archive, as with the 2023 Quiz1.exe and Quiz2.exe), and the program side-loads the DLL next to it. Matches a process started from such a folder followed within two minutes by a DLL loaded from such a folder. Programs that legitimately run from Downloads with their own DLLs will also match: treat a hit as a lead.',
    pattern:
      `([process:image_ref.parent_directory_ref.path MATCHES ${literal(USER_LAUNCH_FOLDER)}]` +
      ` FOLLOWEDBY [file:name MATCHES ${literal('(?i)\\.dll$')} AND file:parent_directory_ref.path MATCHES ${literal(USER_LAUNCH_FOLDER)}])` +
      ' WITHIN 120 SECONDS',
    indicatorTypes: ['anomalous-activity'],
    tactics: ['execution', 'defense-evasion'],
    validFrom: PUBLICATIONS['spanish-aerospace-2023'].published,
    publications: ['spanish-aerospace-2023'],
    techniques: ['T1204.002', 'T1574.001'],
    families: [],
  },
  {
    key: 'behaviour:wordpress-script-contact-then-upload',
    name: 'Request to a script under a WordPress folder, then more than 1 MB sent out within ten minutes',
    description:
      'DreamJob malware takes commands from scripts planted on compromised WordPress sites (under /wp-content/ and /wp-includes/, as ESET listed in 2022 and 2023) and sends stolen data back over the same channel. Matches a request for a PHP script under those folders followed within ten minutes by a connection to a public address that sent more than 1,000,000 bytes. Browsing WordPress sites while uploading a large file also matches: treat a hit as a lead.',
    pattern:
      `([url:value MATCHES ${literal(`(?i)^https?://[^/]+${WORDPRESS_SCRIPT_PATH}`)}` +
      ` OR network-traffic:extensions.'http-request-ext'.request_value MATCHES ${literal(`(?i)^${WORDPRESS_SCRIPT_PATH}`)}]` +
      ' FOLLOWEDBY [network-traffic:src_byte_count > 1000000' +
      PRIVATE_RANGES.map((range) => ` AND network-traffic:dst_ref.value NOT ISSUBSET ${literal(range)}`).join(
        '',
      ) +
      ']) WITHIN 600 SECONDS',
    indicatorTypes: ['anomalous-activity'],
    tactics: ['command-and-control', 'exfiltration'],
    validFrom: PUBLICATIONS['amazon-nl-be-2022'].published,
    publications: ['amazon-nl-be-2022', 'spanish-aerospace-2023'],
    techniques: ['T1071.001', 'T1041'],
    families: [],
  },
  {
    key: 'behaviour:relocated-side-loading-host',
    name: 'Windows program known for DreamJob DLL side-loading running outside the system folders',
    description:
      'In the 2023 chains ESET describes, the legitimate colorcpl.exe, fixmapi.exe, PresentationHost.exe and tabcal.exe side-load a malicious colorui.dll, mapistub.dll, mscoree.dll or HID.dll kept in folders such as C:\\ProgramData\\Adobe, C:\\ProgramData\\Oracle\\Java and C:\\ProgramShared. The genuine libraries sit in System32, so for the planted one to win the program must run from the planted folder. ATT&CK adds wsmprovhost.exe and dfrgui.exe for Lazarus. None of these programs has a reason to run from outside the Windows system folders.',
    pattern:
      `[process:image_ref.name MATCHES ${literal(SIDE_LOADING_HOSTS)}` +
      ` AND process:image_ref.parent_directory_ref.path NOT MATCHES ${literal(WINDOWS_SYSTEM_FOLDER)}]`,
    indicatorTypes: ['malicious-activity'],
    tactics: ['persistence', 'privilege-escalation', 'defense-evasion'],
    validFrom: PUBLICATIONS['spanish-aerospace-2023'].published,
    publications: ['spanish-aerospace-2023'],
    techniques: ['T1574.001', 'T1036.005'],
    families: ['lightlesscan', 'miniblindingcan', 'nickelloader'],
  },
  {
    key: 'behaviour:side-loaded-dll-outside-system-folders',
    name: 'colorui.dll, mapistub.dll, mscoree.dll or HID.dll outside the Windows system folders',
    description:
      'The DLL half of the same side-loading: a file with the name of one of the Windows libraries DreamJob replaces, written or loaded anywhere but the Windows system folders.',
    pattern:
      `[file:name MATCHES ${literal(SIDE_LOADED_DLLS)}` +
      ` AND file:parent_directory_ref.path NOT MATCHES ${literal(WINDOWS_SYSTEM_FOLDER)}]`,
    indicatorTypes: ['anomalous-activity'],
    tactics: ['persistence', 'privilege-escalation', 'defense-evasion'],
    validFrom: PUBLICATIONS['spanish-aerospace-2023'].published,
    publications: ['spanish-aerospace-2023'],
    techniques: ['T1574.001'],
    families: ['lightlesscan', 'miniblindingcan', 'nickelloader'],
  },
  {
    key: 'behaviour:wmic-remote-xsl',
    name: 'WMIC runs a stylesheet fetched from the web',
    description:
      'Operation In(ter)ception served XSL files from compromised websites and ATT&CK lists XSL script processing through WMIC for Operation Dream Job: `wmic ... /format:"https://host/file.xsl"` downloads and runs script code under a signed Windows program.',
    pattern: `[process:command_line MATCHES ${literal('(?i)\\bwmic(?:\\.exe)?"?\\s.*/format:\\s*"?https?://')}]`,
    indicatorTypes: ['malicious-activity'],
    tactics: ['execution', 'defense-evasion'],
    validFrom: PUBLICATIONS['interception-2020'].published,
    publications: ['interception-2020', 'threat-report-2020-q2', 'threat-report-2020-q4'],
    techniques: ['T1220', 'T1047'],
    families: [],
  },
  {
    key: 'behaviour:program-named-like-a-document',
    name: 'Program whose file name ends like a document',
    description:
      'DreamJob lures pose as job offers: the 2023 Linux lure was an executable named "HSBC job offer.pdf", and Windows lures hide a program behind a document extension. Matches a process whose image is named like a PDF or Office document, with or without a trailing .exe, .scr or .com.',
    pattern: `[process:image_ref.name MATCHES ${literal('(?i)\\.(?:pdf|docx?|xlsx?|pptx?|rtf)(?:\\.(?:exe|scr|com))?$')}]`,
    indicatorTypes: ['malicious-activity'],
    tactics: ['execution', 'defense-evasion'],
    validFrom: PUBLICATIONS['linux-3cx-2023'].published,
    publications: ['linux-3cx-2023'],
    techniques: ['T1036.008', 'T1204.002'],
    families: [],
  },
  {
    key: 'behaviour:persistence-into-vendor-root-folder',
    name: 'Run key or scheduled task starting a program from a vendor-named folder at the drive root',
    description:
      'ESET found DreamJob malware installed in folders such as C:\\Intel, C:\\NVIDIA, C:\\Dell, C:\\ProgramLogs, C:\\ProgramShared and C:\\OneDrive and kept running by scheduled tasks. Vendors do keep logs and driver files in some of those folders, but do not start programs from them at logon. Matches a Run key value or a schtasks command line that points into one of them.',
    pattern:
      `[windows-registry-key:key MATCHES ${literal('(?i)\\\\software\\\\(?:wow6432node\\\\)?microsoft\\\\windows\\\\currentversion\\\\run(?:once)?$')}` +
      ` AND windows-registry-key:values[*].data MATCHES ${literal(`(?i)^"?${VENDOR_ROOT_FOLDER}`)}]` +
      ` OR [process:command_line MATCHES ${literal(`(?i)\\bschtasks(?:\\.exe)?"?\\s.*/tr\\s+(?:\\\\?"|')?${VENDOR_ROOT_FOLDER}`)}]`,
    indicatorTypes: ['malicious-activity'],
    tactics: ['persistence'],
    validFrom: PUBLICATIONS['interception-2020'].published,
    publications: ['interception-2020', 'threat-report-2020-q4', 'spanish-aerospace-2023'],
    techniques: ['T1053.005', 'T1547.001', 'T1036.005'],
    families: [],
  },
  {
    key: 'behaviour:rar-archive-then-dropbox',
    name: 'RAR archive created, then Dropbox upload API contacted within thirty minutes',
    description:
      'ATT&CK records that Operation Dream Job packed collected files with RAR and sent them to Dropbox with a customised dbxcli client. Matches a rar or WinRAR command that adds to an archive followed within thirty minutes by contact with content.dropboxapi.com, the host Dropbox clients upload files to.',
    pattern:
      `([process:command_line MATCHES ${literal('(?i)\\b(?:win)?rar(?:\\.exe)?"?\\s+a\\s')}]` +
      ` FOLLOWEDBY [domain-name:value = 'content.dropboxapi.com' OR url:value LIKE 'https://content.dropboxapi.com/%'])` +
      ' WITHIN 1800 SECONDS',
    indicatorTypes: ['anomalous-activity'],
    tactics: ['collection', 'exfiltration'],
    validFrom: OPERATION_DREAM_JOB.firstSeen,
    publications: [],
    techniques: ['T1560.001', 'T1567.002'],
    families: [],
  },
];
