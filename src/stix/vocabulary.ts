// The vocabularies of STIX 2.1 section 10. Open vocabularies ("-ov") suggest values: a value
// outside them is allowed but worth a warning. Enumerations ("-enum") are closed: a value outside
// them is an error (section 2.4: "Terms defined in an enum ... MUST NOT be expanded").

export interface Vocabulary {
  /** The spec's name for it, e.g. 'malware-type-ov'. */
  readonly name: string;
  /** True for an enumeration, whose values are the only valid ones. */
  readonly closed: boolean;
  readonly values: ReadonlySet<string>;
}

function openVocabulary(name: string, values: readonly string[]): Vocabulary {
  return { name, closed: false, values: new Set(values) };
}

function enumeration(name: string, values: readonly string[]): Vocabulary {
  return { name, closed: true, values: new Set(values) };
}

// 10.1
export const accountType = openVocabulary('account-type-ov', [
  'facebook',
  'ldap',
  'nis',
  'openid',
  'radius',
  'skype',
  'tacacs',
  'twitter',
  'unix',
  'windows-local',
  'windows-domain',
]);

// 10.2
export const attackMotivation = openVocabulary('attack-motivation-ov', [
  'accidental',
  'coercion',
  'dominance',
  'ideology',
  'notoriety',
  'organizational-gain',
  'personal-gain',
  'personal-satisfaction',
  'revenge',
  'unpredictable',
]);

// 10.3
export const attackResourceLevel = openVocabulary('attack-resource-level-ov', [
  'individual',
  'club',
  'contest',
  'team',
  'organization',
  'government',
]);

// 10.4
export const encryptionAlgorithm = enumeration('encryption-algorithm-enum', [
  'AES-256-GCM',
  'ChaCha20-Poly1305',
  'mime-type-indicated',
]);

// 10.5
export const extensionType = enumeration('extension-type-enum', [
  'new-sdo',
  'new-sco',
  'new-sro',
  'property-extension',
  'toplevel-property-extension',
]);

// 10.6
export const groupingContext = openVocabulary('grouping-context-ov', [
  'suspicious-activity',
  'malware-analysis',
  'unspecified',
]);

// 10.7
export const hashAlgorithm = openVocabulary('hash-algorithm-ov', [
  'MD5',
  'SHA-1',
  'SHA-256',
  'SHA-512',
  'SHA3-256',
  'SHA3-512',
  'SSDEEP',
  'TLSH',
]);

// 10.8
export const identityClass = openVocabulary('identity-class-ov', [
  'individual',
  'group',
  'system',
  'organization',
  'class',
  'unknown',
]);

// 10.9
export const implementationLanguage = openVocabulary('implementation-language-ov', [
  'applescript',
  'bash',
  'c',
  'c++',
  'c#',
  'go',
  'java',
  'javascript',
  'lua',
  'objective-c',
  'perl',
  'php',
  'powershell',
  'python',
  'ruby',
  'scala',
  'swift',
  'typescript',
  'visual-basic',
  'x86-32',
  'x86-64',
]);

// 10.10
export const indicatorType = openVocabulary('indicator-type-ov', [
  'anomalous-activity',
  'anonymization',
  'benign',
  'compromised',
  'malicious-activity',
  'attribution',
  'unknown',
]);

// 10.11
export const industrySector = openVocabulary('industry-sector-ov', [
  'agriculture',
  'aerospace',
  'automotive',
  'chemical',
  'commercial',
  'communications',
  'construction',
  'defense',
  'education',
  'energy',
  'entertainment',
  'financial-services',
  'government',
  'emergency-services',
  'government-local',
  'government-national',
  'government-public-services',
  'government-regional',
  'healthcare',
  'hospitality-leisure',
  'infrastructure',
  'dams',
  'nuclear',
  'water',
  'insurance',
  'legal',
  'manufacturing',
  'mining',
  'non-profit',
  'pharmaceuticals',
  'retail',
  'technology',
  'telecommunications',
  'transportation',
  'utilities',
]);

// 10.12
export const infrastructureType = openVocabulary('infrastructure-type-ov', [
  'amplification',
  'anonymization',
  'botnet',
  'command-and-control',
  'control-system',
  'exfiltration',
  'firewall',
  'hosting-malware',
  'hosting-target-lists',
  'phishing',
  'reconnaissance',
  'routers-switches',
  'staging',
  'workstation',
  'unknown',
]);

// 10.13
export const malwareCapabilities = openVocabulary('malware-capabilities-ov', [
  'accesses-remote-machines',
  'anti-debugging',
  'anti-disassembly',
  'anti-emulation',
  'anti-memory-forensics',
  'anti-sandbox',
  'anti-vm',
  'captures-input-peripherals',
  'captures-output-peripherals',
  'captures-system-state-data',
  'cleans-traces-of-infection',
  'commits-fraud',
  'communicates-with-c2',
  'compromises-data-availability',
  'compromises-data-integrity',
  'compromises-system-availability',
  'controls-local-machine',
  'degrades-security-software',
  'degrades-system-updates',
  'determines-c2-server',
  'emails-spam',
  'escalates-privileges',
  'evades-av',
  'exfiltrates-data',
  'fingerprints-host',
  'hides-artifacts',
  'hides-executing-code',
  'infects-files',
  'infects-remote-machines',
  'installs-other-components',
  'persists-after-system-reboot',
  'prevents-artifact-access',
  'prevents-artifact-deletion',
  'probes-network-environment',
  'self-modifies',
  'steals-authentication-credentials',
  'violates-system-operational-integrity',
]);

// 10.14
export const malwareResult = openVocabulary('malware-result-ov', [
  'malicious',
  'suspicious',
  'benign',
  'unknown',
]);

// 10.15
export const malwareType = openVocabulary('malware-type-ov', [
  'adware',
  'backdoor',
  'bot',
  'bootkit',
  'ddos',
  'downloader',
  'dropper',
  'exploit-kit',
  'keylogger',
  'ransomware',
  'remote-access-trojan',
  'resource-exploitation',
  'rogue-security-software',
  'rootkit',
  'screen-capture',
  'spyware',
  'trojan',
  'unknown',
  'virus',
  'webshell',
  'wiper',
  'worm',
]);

// 10.16
export const networkSocketAddressFamily = enumeration('network-socket-address-family-enum', [
  'AF_UNSPEC',
  'AF_INET',
  'AF_IPX',
  'AF_APPLETALK',
  'AF_NETBIOS',
  'AF_INET6',
  'AF_IRDA',
  'AF_BTH',
]);

// 10.17
export const networkSocketType = enumeration('network-socket-type-enum', [
  'SOCK_STREAM',
  'SOCK_DGRAM',
  'SOCK_RAW',
  'SOCK_RDM',
  'SOCK_SEQPACKET',
]);

// 10.18
export const opinion = enumeration('opinion-enum', [
  'strongly-disagree',
  'disagree',
  'neutral',
  'agree',
  'strongly-agree',
]);

// 10.19
export const patternType = openVocabulary('pattern-type-ov', [
  'stix',
  'pcre',
  'sigma',
  'snort',
  'suricata',
  'yara',
]);

// 10.20
export const processorArchitecture = openVocabulary('processor-architecture-ov', [
  'alpha',
  'arm',
  'ia-64',
  'mips',
  'powerpc',
  'sparc',
  'x86',
  'x86-64',
]);

// 10.21
export const region = openVocabulary('region-ov', [
  'africa',
  'eastern-africa',
  'middle-africa',
  'northern-africa',
  'southern-africa',
  'western-africa',
  'americas',
  'caribbean',
  'central-america',
  'latin-america-caribbean',
  'northern-america',
  'south-america',
  'asia',
  'central-asia',
  'eastern-asia',
  'southern-asia',
  'south-eastern-asia',
  'western-asia',
  'europe',
  'eastern-europe',
  'northern-europe',
  'southern-europe',
  'western-europe',
  'oceania',
  'antarctica',
  'australia-new-zealand',
  'melanesia',
  'micronesia',
  'polynesia',
]);

// 10.22
export const reportType = openVocabulary('report-type-ov', [
  'attack-pattern',
  'campaign',
  'identity',
  'indicator',
  'intrusion-set',
  'malware',
  'observed-data',
  'threat-actor',
  'threat-report',
  'tool',
  'vulnerability',
]);

// 10.23
export const threatActorType = openVocabulary('threat-actor-type-ov', [
  'activist',
  'competitor',
  'crime-syndicate',
  'criminal',
  'hacker',
  'insider-accidental',
  'insider-disgruntled',
  'nation-state',
  'sensationalist',
  'spy',
  'terrorist',
  'unknown',
]);

// 10.24
export const threatActorRole = openVocabulary('threat-actor-role-ov', [
  'agent',
  'director',
  'independent',
  'infrastructure-architect',
  'sponsor',
]);

// 10.25
export const threatActorSophistication = openVocabulary('threat-actor-sophistication-ov', [
  'none',
  'minimal',
  'intermediate',
  'advanced',
  'expert',
  'innovator',
  'strategic',
]);

// 10.26
export const toolType = openVocabulary('tool-type-ov', [
  'denial-of-service',
  'exploitation',
  'information-gathering',
  'network-capture',
  'credential-exploitation',
  'remote-access',
  'vulnerability-scanning',
  'unknown',
]);

// 10.27
export const windowsIntegrityLevel = enumeration('windows-integrity-level-enum', [
  'low',
  'medium',
  'high',
  'system',
]);

// 10.28
export const windowsPebinaryType = openVocabulary('windows-pebinary-type-ov', ['dll', 'exe', 'sys']);

// 10.29
export const windowsRegistryDatatype = enumeration('windows-registry-datatype-enum', [
  'REG_NONE',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_BINARY',
  'REG_DWORD',
  'REG_DWORD_BIG_ENDIAN',
  'REG_DWORD_LITTLE_ENDIAN',
  'REG_LINK',
  'REG_MULTI_SZ',
  'REG_RESOURCE_LIST',
  'REG_FULL_RESOURCE_DESCRIPTION',
  'REG_RESOURCE_REQUIREMENTS_LIST',
  'REG_QWORD',
  'REG_INVALID_TYPE',
]);

// 10.30
export const windowsServiceStartType = enumeration('windows-service-start-type-enum', [
  'SERVICE_AUTO_START',
  'SERVICE_BOOT_START',
  'SERVICE_DEMAND_START',
  'SERVICE_DISABLED',
  'SERVICE_SYSTEM_ALERT',
]);

// 10.31
export const windowsServiceType = enumeration('windows-service-type-enum', [
  'SERVICE_KERNEL_DRIVER',
  'SERVICE_FILE_SYSTEM_DRIVER',
  'SERVICE_WIN32_OWN_PROCESS',
  'SERVICE_WIN32_SHARE_PROCESS',
]);

// 10.32
export const windowsServiceStatus = enumeration('windows-service-status-enum', [
  'SERVICE_CONTINUE_PENDING',
  'SERVICE_PAUSE_PENDING',
  'SERVICE_PAUSED',
  'SERVICE_RUNNING',
  'SERVICE_START_PENDING',
  'SERVICE_STOP_PENDING',
  'SERVICE_STOPPED',
]);

/**
 * Relationship types the spec defines (3.7 common relationships and the relationship tables of
 * sections 4 and 6). 5.1 says these SHOULD be used, so a relationship_type outside them is a
 * warning, never an error.
 */
export const relationshipType = openVocabulary('relationship-type', [
  'derived-from',
  'duplicate-of',
  'related-to',
  'attributed-to',
  'authored-by',
  'av-analysis-of',
  'based-on',
  'beacons-to',
  'belongs-to',
  'characterizes',
  'communicates-with',
  'compromises',
  'consists-of',
  'controls',
  'delivers',
  'downloads',
  'drops',
  'dynamic-analysis-of',
  'exfiltrates-to',
  'exploits',
  'has',
  'hosts',
  'impersonates',
  'indicates',
  'investigates',
  'located-at',
  'mitigates',
  'originates-from',
  'owns',
  'remediates',
  'resolves-to',
  'static-analysis-of',
  'targets',
  'uses',
  'variant-of',
]);

/** 7.2.1: definition_type SHOULD be one of the marking types defined there. */
export const markingDefinitionType = openVocabulary('marking-definition-type', ['statement', 'tlp']);
