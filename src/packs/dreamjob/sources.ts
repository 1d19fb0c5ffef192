// The publications this pack rests on, and how its objects cite them. IoCs come from ESET's
// github.com/eset/malware-ioc at the commit ../shared/intel/eset was copied from, so a reader can
// check every value against the exact file; groups, campaigns and techniques come from MITRE
// ATT&CK Enterprise v18.1. Both ask for their notice to travel with what is taken from them; it
// rides in the description of the reference that cites them, rather than in a statement marking,
// which STIX 2.1 deprecates.

import type { ExternalReference } from '../../stix/types.js';

/** The eset/malware-ioc commit ../shared/intel/eset is a byte-for-byte copy of. */
export const ESET_IOC_COMMIT = 'f9c1102417f469167bcb40f24e14badeeaf9dc70';
const ESET_IOC_REPOSITORY = 'https://github.com/eset/malware-ioc';
const ESET_NOTICE = 'Copyright (c) 2014-2018 ESET spol. s r.o., BSD 2-Clause License.';
const MITRE_NOTICE =
  '© 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.';

export type PublicationKey =
  | 'interception-2020'
  | 'threat-report-2020-q2'
  | 'threat-report-2020-q4'
  | 'threat-report-2021-t1'
  | 'amazon-nl-be-2022'
  | 'linux-3cx-2023'
  | 'spanish-aerospace-2023';

export interface EsetPublication {
  key: PublicationKey;
  title: string;
  /**
   * When ESET published it. For the quarterly threat reports the IoC files give only the month
   * (the PDF's upload folder), so the first day of that month stands in for the date.
   */
  published: string;
  url: string;
  /** The IoC file in eset/malware-ioc, relative to the repository root. */
  iocFile: string;
  /** The section of that file this pack reads; absent when the whole file is about DreamJob. */
  section?: string;
  /** A MISP event ESET published beside the section, holding the same IoCs with more detail. */
  mispFile?: string;
}

export const PUBLICATIONS: Readonly<Record<PublicationKey, EsetPublication>> = {
  'interception-2020': {
    key: 'interception-2020',
    title: 'Operation In(ter)ception: Targeted attacks against European aerospace and military companies',
    published: '2020-06-17T00:00:00.000Z',
    url: 'https://www.welivesecurity.com/2020/06/17/operation-interception-aerospace-military-companies-cyberspies/',
    iocFile: 'interception/README.adoc',
  },
  'threat-report-2020-q2': {
    key: 'threat-report-2020-q2',
    title: 'ESET Threat Report Q2 2020',
    published: '2020-07-01T00:00:00.000Z',
    url: 'https://www.welivesecurity.com/wp-content/uploads/2020/07/ESET_Threat_Report_Q22020.pdf',
    iocFile: 'quarterly_reports/2020_Q2/README.adoc',
    section: 'Operation In(ter)ception Update',
  },
  'threat-report-2020-q4': {
    key: 'threat-report-2020-q4',
    title: 'ESET Threat Report Q4 2020',
    published: '2021-02-01T00:00:00.000Z',
    url: 'https://www.welivesecurity.com/wp-content/uploads/2021/02/ESET_Threat_Report_Q42020.pdf',
    iocFile: 'quarterly_reports/2020_Q4/README.adoc',
    section: 'Operation In(ter)ception',
  },
  'threat-report-2021-t1': {
    key: 'threat-report-2021-t1',
    title: 'ESET Threat Report T1 2021',
    published: '2021-05-01T00:00:00.000Z',
    url: 'https://www.welivesecurity.com/wp-content/uploads/2021/05/eset_threat_report_t12021.pdf',
    iocFile: 'quarterly_reports/2021_T1/README.adoc',
    section: 'Lazarus: 2 TOY GUYS campaign',
  },
  'amazon-nl-be-2022': {
    key: 'amazon-nl-be-2022',
    title: 'Amazon-themed campaigns of Lazarus in the Netherlands and Belgium',
    published: '2022-09-30T00:00:00.000Z',
    url: 'https://www.welivesecurity.com/2022/09/30/amazon-themed-campaigns-lazarus-netherlands-belgium',
    iocFile: 'nukesped_lazarus/README.adoc',
    section: 'Amazon-themed campaigns of Lazarus in the Netherlands and Belgium',
  },
  'linux-3cx-2023': {
    key: 'linux-3cx-2023',
    title: 'Linux malware strengthens links between Lazarus and the 3CX supply-chain attack',
    published: '2023-04-20T00:00:00.000Z',
    url: 'https://www.welivesecurity.com/2023/04/20/linux-malware-strengthens-links-lazarus-3cx-supply-chain-attack',
    iocFile: 'nukesped_lazarus/README.adoc',
    section: '3CX supply-chain compromise',
    // It pairs each sample's three hashes and gives the URL schemes the README leaves out.
    mispFile: 'nukesped_lazarus/lazarus_3cx.json',
  },
  'spanish-aerospace-2023': {
    key: 'spanish-aerospace-2023',
    title:
      'Lazarus luring employees with trojanized coding challenges: The case of a Spanish aerospace company',
    // The IoC section was committed on 2023-09-29, the day the blog post appeared.
    published: '2023-09-29T00:00:00.000Z',
    url: 'https://www.welivesecurity.com/en/eset-research/lazarus-luring-employees-trojanized-coding-challenges-case-spanish-aerospace-company',
    iocFile: 'nukesped_lazarus/README.adoc',
    section:
      'Lazarus luring employees with trojanized coding challenges: The case of a Spanish aerospace company',
  },
};

/** The order publications are listed in wherever the pack enumerates them: oldest first. */
export const PUBLICATION_ORDER: readonly PublicationKey[] = [
  'interception-2020',
  'threat-report-2020-q2',
  'threat-report-2020-q4',
  'threat-report-2021-t1',
  'amazon-nl-be-2022',
  'linux-3cx-2023',
  'spanish-aerospace-2023',
];

/** The report and the exact IoC files (at the pinned commit) an object drawn from it cites. */
export function publicationReferences(key: PublicationKey): ExternalReference[] {
  const publication = PUBLICATIONS[key];
  const section = publication.section === undefined ? '' : `, section "${publication.section}"`;
  const references: ExternalReference[] = [
    {
      source_name: 'ESET',
      description: `${publication.title} (WeLiveSecurity, ${publication.published.slice(0, 10)})`,
      url: publication.url,
    },
    {
      source_name: 'ESET',
      description: `Indicators of compromise: eset/malware-ioc ${publication.iocFile}${section}. ${ESET_NOTICE}`,
      url: `${ESET_IOC_REPOSITORY}/blob/${ESET_IOC_COMMIT}/${publication.iocFile}`,
    },
  ];
  if (publication.mispFile !== undefined) {
    references.push({
      source_name: 'ESET',
      description: `MISP event: eset/malware-ioc ${publication.mispFile}. ${ESET_NOTICE}`,
      url: `${ESET_IOC_REPOSITORY}/blob/${ESET_IOC_COMMIT}/${publication.mispFile}`,
    });
  }
  return references;
}

/**
 * ESET's October 2025 report on the UAV-sector campaign. Its IoCs were added to eset/malware-ioc
 * after the commit this pack reads, so the reference points at the current folder, not a file.
 */
export const GOTTA_FLY_REFERENCE: ExternalReference = {
  source_name: 'ESET',
  description:
    'Gotta fly: Lazarus targets the UAV sector (WeLiveSecurity, 2025-10-23); IoCs in eset/malware-ioc nukesped_lazarus/README.adoc, section "Gotta fly: Lazarus targets the UAV sector"',
  url: `${ESET_IOC_REPOSITORY}/tree/master/nukesped_lazarus`,
};

/** The ATT&CK page of a group (G…), campaign (C…), software (S…) or technique (T…). */
export function attackReference(externalId: string): ExternalReference {
  const kind = { G: 'groups', C: 'campaigns', S: 'software', T: 'techniques' }[externalId.charAt(0)];
  if (kind === undefined) throw new Error(`${externalId} is not an ATT&CK id`);
  return {
    source_name: 'mitre-attack',
    description: `MITRE ATT&CK Enterprise v18.1. ${MITRE_NOTICE}`,
    external_id: externalId,
    url: `https://attack.mitre.org/${kind}/${externalId.replace('.', '/')}`,
  };
}
