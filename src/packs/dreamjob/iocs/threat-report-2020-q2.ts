// ESET Threat Report Q2 2020, section "Operation In(ter)ception Update": new lures named after
// aerospace and defence employers, the programs they installed, and the servers that served the
// next stages (XSL scripts, remote Word templates, files posing as PDFs and images).

import { type IocTable, networkRows, pathRows, type SampleIoc } from './ioc.js';

function sample(sha1: string, md5: string, sha256: string): SampleIoc {
  return {
    kind: 'sample',
    role: 'sample',
    sha1,
    md5,
    sha256,
    about: 'Sample from the Operation In(ter)ception update of mid-2020.',
  };
}

export const THREAT_REPORT_2020_Q2: IocTable = {
  publication: 'threat-report-2020-q2',
  iocs: [
    sample(
      '617c42943dcd973235e2227d3ae88f330a2944d0',
      'f2a0e9034d67f8200993c4fa8e4f5d15',
      'cabb45c99ffd8dd189e4e3ed5158fac1d0de4e2782dd704b2b595db5f63e2610',
    ),
    sample(
      'd69ba2099a9483fc2691d500fcfff2e1fc382c2d',
      'e5aaa283bb46b6e194d2e6d173af09c9',
      'e2c3913d7e1dee8eae919b8852baf20cf8572852a033fc33eeed2c075a84edd0',
    ),
    sample(
      '9757d92dcb5fc253783e8a1d2702bf0f1196d4ab',
      'ccb38b5c11c8b4bb3dfc8117f93bb720',
      '86879bf918164a4bf292714a53522f13bf102bab3caadf813b69150e571471ed',
    ),
    ...pathRows(
      [
        'Aerojet RocketDyne Job and Salary Information- Human Resource Manger_PC_Version.7z',
        'лист НДІХП.doc',
        'Northrop Grumman.doc',
      ],
      {
        role: 'lure',
        about:
          'Job-offer lure of Operation In(ter)ception, named after a real employer or recruitment letter.',
      },
    ),
    ...pathRows(
      ['javacpld.exe', 'C:\\Intel\\GfxCPL.exe', 'C:\\Intel\\hidasvc.exe', 'C:\\OneDrive\\OneDriveSync.exe'],
      {
        role: 'sample',
        about:
          'Program of Operation In(ter)ception, named or placed to pass for Java, Intel graphics or OneDrive software.',
      },
    ),
    ...networkRows(
      'url',
      [
        'https://www.advantims.com/Sync.xsl',
        'https://www.c-section.com/ng.docx',
        'https://www.c-section.com/GfxCPL.xsl',
        'https://www.apl-tec.com/ExportImport/Export/All.pdf',
        'https://www.apl-tec.com/WebAPL/img/contact.jpg',
        'https://qfclindia.com/img/panel.png',
        'https://qfclindia.com/login/about-us.docx',
      ],
      {
        role: 'payload-host',
        about:
          'Download location of the Operation In(ter)ception update: an XSL script, a remote Word template, or a payload named like a PDF or an image.',
      },
    ),
  ],
};
