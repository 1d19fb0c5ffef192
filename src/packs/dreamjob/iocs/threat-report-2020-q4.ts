// ESET Threat Report Q4 2020, section "Operation In(ter)ception": downloaders, an exfiltration tool
// and a Word downloader, installed under vendor-like folders, started by scheduled tasks, and signed
// with certificates issued to two shell companies.

import { type IocTable, networkRows, pathRows } from './ioc.js';

const SCHEDULED_TASK = {
  kind: 'scheduled-task',
  role: 'persistence',
  about: 'Scheduled task Operation In(ter)ception creates to keep its malware running.',
} as const;

export const THREAT_REPORT_2020_Q4: IocTable = {
  publication: 'threat-report-2020-q4',
  iocs: [
    {
      kind: 'sample',
      role: 'downloader',
      sha1: 'b2f20799adf2c5e13617924e454bc31fbaaf71f2',
      md5: '3425bb2c1641b6cf7b87552488e1e934',
      sha256: '7a2d20b75450bea0502182758ff8415ba920884ddeea9c9fe0c79b3d017100aa',
      detection: 'Win32/Interception.A',
      about: 'A 32-bit downloader of Operation In(ter)ception.',
    },
    {
      kind: 'sample',
      role: 'exfiltration-tool',
      sha1: 'dc9753c0c5b3761c0a2d3bd917b009ba09ae50f6',
      md5: 'd7d687a9f4a86244f7db568f41400606',
      sha256: 'ee0f6906c13a500f04aa56dd3f43f00f17d7cff5add9327e42ae34dc9c3ba238',
      detection: 'Win32/Interception.D',
      about: 'The tool Operation In(ter)ception uses to send collected data out.',
    },
    {
      kind: 'sample',
      role: 'downloader',
      sha1: 'a0bf7f6d5310decd6b0f4a5a2bf8d1f963b2eb79',
      md5: '44adf97185e2ca3a27f8a90c1727d9d4',
      sha256: '67479198bbc5fa535807f173f1381b1fb6e4b1a5098e88ba7b4a690dc8266a5a',
      detection: 'Win64/Interception.E',
      about: 'A 64-bit downloader of Operation In(ter)ception.',
    },
    {
      kind: 'sample',
      role: 'lure',
      sha1: 'f675c0aa46a18a6026f0d541fce6a75688a018aa',
      md5: 'e87b575b2ddfb9d4d692e3b8627e3921',
      sha256: 'f188eec1268fd49bdc7375fc5b77ded657c150875fede1a4d797f818d2514e88',
      detection: 'VBA/TrojanDownloader.Agent.VJC',
      about: 'Word document whose macro downloads the next stage.',
    },
    ...pathRows(['NG-Opportunity.doc'], {
      role: 'lure',
      about: 'Job-offer lure of Operation In(ter)ception, named after Northrop Grumman.',
    }),
    ...pathRows(
      [
        'C:\\Dell\\DellConfig.exe',
        'C:\\Documents and Settings\\All Users\\Adobe\\armsvc.exe',
        'C:\\Intel\\Thunderbolt\\iprodifx.exe',
        'C:\\ProgramData\\OneDrive\\OneDriveService.exe',
        'C:\\ProgramLogs\\AdvancedLog.exe',
        'C:\\ProgramLogs\\PerformLogs.vbs',
      ],
      {
        role: 'sample',
        about:
          'Program of Operation In(ter)ception, placed in a folder named after Dell, Adobe, Intel, OneDrive or system logs.',
      },
    ),
    ...pathRows(['%APPDATA%\\Microsoft\\Windows\\Templates\\Report20230111-8982.diagsession'], {
      role: 'artifact',
      about: 'File Operation In(ter)ception malware keeps among the Office templates.',
    }),
    {
      kind: 'certificate',
      role: 'code-signing',
      subject: '726 Lucile Development LLC',
      serial: '00ce68dea7bc5ba178e530b6292e78725b',
      thumbprint: '0a78f87d737abb69e05656df5b0249478ae144ba',
      about: 'Code-signing certificate issued to 726 Lucile Development LLC that signed Lazarus malware.',
    },
    {
      kind: 'certificate',
      role: 'code-signing',
      subject: 'BRAIN TECHNOLOGY, INC',
      serial: '00fc07ddbd6721ebc11cc7ce6435a617f6',
      thumbprint: 'df1fb4f4685a1a994a7f7376b1049786f74f89b6',
      about: 'Code-signing certificate issued to BRAIN TECHNOLOGY, INC that signed Lazarus malware.',
    },
    { ...SCHEDULED_TASK, name: 'ProgramLogsSrv' },
    { ...SCHEDULED_TASK, name: 'ProgramLogsSrvSys' },
    { ...SCHEDULED_TASK, name: 'OneDriveUpdate' },
    { ...SCHEDULED_TASK, name: 'OneDriveService' },
    ...networkRows(
      'url',
      [
        'https://www.c-section.com/PaulhpGfx.xsl',
        'https://www.sfaonweb.com/marketplace.pdf',
        'https://domofon.flex.ru/statData.jpg',
        'http://crmute.com/custom.css',
        'https://crmute.com/ngca_detailed.docx',
        'https://www.apl-tec.com/ExportImport/Export/Exp.pdf',
        'https://www.apl-tec.com/WebAPL/img/address.jpg',
        'https://qfclindia.com/img/local.png',
        'https://qfclindia.com/login/about-en.docx',
      ],
      {
        role: 'payload-host',
        about:
          'Download location of Operation In(ter)ception late in 2020: an XSL script, a remote Word template, or a payload named like a PDF, an image or a stylesheet.',
      },
    ),
  ],
};
