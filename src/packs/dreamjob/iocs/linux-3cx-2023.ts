// ESET, April 2023: a DreamJob lure for Linux, a fake HSBC job offer, whose downloader fetched the
// SimplexTea backdoor from OpenDrive; ESET tied its infrastructure to the 3CX supply-chain attack
// and reported BADCALL for Linux beside it. Only the Linux part is taken here: the section's YARA
// rule is about the 3CX payloads themselves, not DreamJob. The MISP event in the same folder gives
// the URL schemes (https) that the README leaves out.

import type { IocTable } from './ioc.js';

export const LINUX_3CX_2023: IocTable = {
  publication: 'linux-3cx-2023',
  iocs: [
    {
      kind: 'sample',
      role: 'backdoor',
      sha1: 'f6760fb1f8b019af2304ea6410001b63a1809f1d',
      md5: 'aac5a52b939f3fe792726a13ff7a1747',
      sha256: 'cc307cfb401d1ae616445e78b610ab72e1c7fb49b298ea003dd26ea80372089a',
      detection: 'Linux/NukeSped.G',
      path: 'sysnetd',
      family: 'badcall-linux',
      about: 'sysnetd, BADCALL for Linux.',
    },
    {
      kind: 'sample',
      role: 'lure',
      sha1: '9d8bade2030c93d0a010aa57b90915eb7d99ec82',
      md5: 'fc41cb8425b6432af8403959bb59430d',
      sha256: 'f638e5a20114019ad066dd0e856f97fd865798d8fbed1766662d970beff652ca',
      detection: 'Linux/NukeSped.E',
      path: 'HSBC job offer.pdf.zip',
      family: 'simplextea',
      about: 'ZIP archive posing as an HSBC job offer; it holds the downloader of SimplexTea.',
    },
    {
      kind: 'sample',
      role: 'downloader',
      sha1: '3a63477a078ce10e53dfb5639e35d74f93cefa81',
      md5: '3cf7232e5185109321921046d039cf10',
      sha256: '492a643bd1efdaca4ca125ade1b606e7bbf00e995ac9115ac84d1c4c59cb66dd',
      detection: 'Linux/NukeSped.E',
      path: 'HSBC job offer.pdf',
      family: 'simplextea',
      about: 'A 64-bit Linux ELF downloader written in Go and named like a PDF document.',
    },
    {
      kind: 'sample',
      role: 'backdoor',
      sha1: '0ca1723afe261cd85b05c9ef424fc50290dce7df',
      md5: 'cedb9cdbad254f60cfb215b9bff84fb9',
      sha256: 'eebb01932de0b5605dd460cc82844d8693c00ea8ab5ffdf8dbede6528c1c18fd',
      detection: 'Linux/NukeSped.E',
      path: 'guiconfigd',
      family: 'simplextea',
      about: 'guiconfigd, SimplexTea for Linux.',
    },
    {
      kind: 'ipv4',
      role: 'c2',
      value: '23.254.211.230',
      family: 'badcall-linux',
      about: 'Command-and-control server of BADCALL for Linux.',
    },
    {
      kind: 'ipv4',
      role: 'payload-host',
      value: '38.108.185.79',
      host: 'legitimate-service',
      family: 'simplextea',
      about: 'Address of the OpenDrive cloud storage service, where SimplexTea was hosted.',
    },
    {
      kind: 'ipv4',
      role: 'payload-host',
      value: '38.108.185.115',
      host: 'legitimate-service',
      family: 'simplextea',
      about: 'Address of the OpenDrive cloud storage service, where SimplexTea was hosted.',
    },
    {
      kind: 'domain',
      role: 'payload-host',
      value: 'od.lk',
      host: 'legitimate-service',
      family: 'simplextea',
      about: 'OpenDrive, a cloud storage service; the attackers stored SimplexTea there.',
    },
    {
      kind: 'url',
      role: 'payload-host',
      value: 'https://od.lk/d/NTJfMzg4MDE1NzJf/vxmedia',
      family: 'simplextea',
      about: 'The OpenDrive file the downloader fetched SimplexTea from.',
    },
    {
      kind: 'ipv4',
      role: 'c2',
      value: '172.93.201.88',
      family: 'simplextea',
      about: 'Address of journalide.org, the command-and-control server of SimplexTea.',
    },
    {
      kind: 'domain',
      role: 'c2',
      value: 'journalide.org',
      family: 'simplextea',
      about: 'Command-and-control domain of SimplexTea.',
    },
    {
      kind: 'url',
      role: 'c2',
      value: 'https://journalide.org/djour.php',
      family: 'simplextea',
      about: 'The script SimplexTea contacts for commands.',
    },
  ],
};
