// ESET, June 2020: Operation In(ter)ception, LinkedIn job offers to staff of European aerospace and
// military companies, followed by custom malware installed under folders named after Intel, NVIDIA,
// Dell, Skype, Mozilla or OneDrive, and downloads disguised as images, stylesheets and XSL files.
// The file lists every sample, path and URL without per-item notes.

import { type IocTable, networkRows, pathRows, type SampleIoc } from './ioc.js';

function sample(sha1: string, md5: string, sha256: string): SampleIoc {
  return {
    kind: 'sample',
    role: 'sample',
    sha1,
    md5,
    sha256,
    detection: 'Win32/Interception.A',
    about: 'Sample of the custom malware of Operation In(ter)ception.',
  };
}

export const INTERCEPTION_2020: IocTable = {
  publication: 'interception-2020',
  iocs: [
    sample(
      'b1199ee7afb1f348d42bef1caed7e405a7631b1b',
      '5619f2a5b06c945f7a31cfe741517e1e',
      'c418472505deb7f754af1c8b835b9febbdfb3794459bf8fd03851cb8b6d96e21',
    ),
    sample(
      '286c01eab255da32b7f36ce9814da3999e17f40d',
      '74a8f57a9b8df4cbf1dc79f6ae1fbe05',
      'd0cbdc854a29058b9004dd94d8f797fe789787b6c485c0901bfda2a1ef8e7960',
    ),
    sample(
      '0c63f318edeaedc7d7af28304a61a0df71699f89',
      'f9f60d2758a061f2897813723a6b892e',
      'a0c470007222480de7c462e5894f45ecb298f2dc17b8ac5f04c09e3831e38911',
    ),
    sample(
      '373ec71b31f803298f06b7eded059bc1e7c6d70b',
      '851a4f13928a5edb3859a21a8041908e',
      '33d2b141b17e6e04da11b2a75ca2dab74de19c1fb7be5065e839f540d267bdca',
    ),
    sample(
      'ae130a678d76c44171799c0750fefd5db43a9de4',
      '922acc98cff5377fb58c7babdcb9b1af',
      '149066503652dc0f01a9418e39c187a3bd42b92db0baaee45fc00d5780e522e8',
    ),
    sample(
      'fb38c71dd02c3926f9a1c146a13a66579d3f88d2',
      '5ea378474295858c6b01ee342fc99228',
      '5c7bb5dec82060a71e3a032e5841ee04d0629516ce423752e97a1ccfa684d8a5',
    ),
    sample(
      '8690930299d83fe65a9c3c5cd1d7f509a79d8e71',
      'f5a295c37ddf9664239f0e30003d31c0',
      'd307d51d62674856c216f4de99e5d6d5efc0e31a10dbbf111e8310f6dae1dc43',
    ),
    sample(
      'd07b19373293369c55cc6e7e0d4cf6cfe32542df',
      '21c6e9478beca6f413213f080ab7c091',
      '65c739d78ce0ac2a2de0065d62e5a9a07183c47c7f0dab9bc07a255cd4711f4d',
    ),
    ...pathRows(
      [
        'C:\\Intel\\crtutl.exe',
        'C:\\NVIDIA\\nvc.exe',
        'C:\\NVIDIA\\nve.exe',
        'C:\\NVIDIA\\nvd.exe',
        'C:\\NVIDIA\\ctutl.exe',
        'C:\\NVIDIA\\ctrutl.exe',
        'C:\\NVidia\\NvDaemon.exe',
        'C:\\ProgramData\\Skype\\Skype.exe',
        'C:\\ProgramData\\DellTPad\\ApMsgApp.exe',
        'C:\\ProgramData\\DellTPad\\DellTPadRepair.exe',
        'C:\\ProgramData\\DellTPad\\DellTPadMobile.exe',
        'C:\\ProgramData\\DVDStudio\\DVDTools.exe',
        'C:\\ProgramData\\DVDStudio\\DVDStudioSync.exe',
        'C:\\Users\\<USER>\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe',
        'C:\\Users\\<USER>\\AppData\\Local\\Microsoft\\oneDrive\\oneDriveSync.exe',
      ],
      {
        role: 'sample',
        about:
          'Program of Operation In(ter)ception, installed under a folder named after a well-known vendor so that it looks legitimate.',
      },
    ),
    ...pathRows(
      [
        'C:\\Intel\\IntelR.lor',
        'C:\\Intel\\IntelV.cgi',
        'C:\\NVIDIA\\nve.cgr',
        'C:\\NVIDIA\\nve.lom',
        'C:\\NVIDIA\\nve.cgt',
        'C:\\NVIDIA\\nve.loe',
        'C:\\NVIDIA\\nve.cgy',
        'C:\\NVIDIA\\nve.lop',
        'C:\\NVIDIA\\nve.cgb',
        'C:\\ProgramData\\Mozilla\\fx.rmb',
        'C:\\Users\\<USER>\\AppData\\Local\\Temp\\~pwshld3.dat',
        'C:\\Users\\<USER>\\AppData\\Local\\IconCache.db7',
        'C:\\Users\\<USER>\\AppData\\Local\\NTUSER45F7.POL',
      ],
      {
        role: 'artifact',
        about:
          'Data file Operation In(ter)ception malware keeps on disk, in a folder or under a name that imitates legitimate software.',
      },
    ),
    ...networkRows(
      'url',
      [
        'https://cwjamaica.biz/images/logo.png',
        'https://sbsserv.camdvr.org/top.swf',
        'https://km.wu.ac.th/image/office.jpg',
        'https://safebrowsing.gleeze.com/welcome1.png',
        'http://safebrowsing.gleeze.com/header.png',
        'https://safebrowsing.gleeze.com/header.png',
        'http://205.210.162.36/start.html',
        'http://205.210.162.36/www2default/css1/style.xsl',
        'https://www2.markham.ca/css1/Mar.xsl',
        'https://www2.markham.ca/css1/style.swf',
        'https://www2.markham.ca/css1/style.jpg',
        'https://www2.markham.ca/css1/style.xsl',
        'https://www2.markham.ca/css1/style.css',
        'https://www2.markham.ca/css/first.css',
        'https://www2.markham.ca/first.jpeg',
        'https://chuta.jp/jtool/dic.css',
        'https://chuta.jp/jtool/dic.png',
        'https://comnet.aev.com/wik.xsl',
      ],
      {
        role: 'payload-host',
        about:
          'Download location of Operation In(ter)ception, named like an image, stylesheet, Flash or XSL file to blend into web traffic.',
      },
    ),
    ...networkRows(
      'url',
      [
        'https://www2.markham.ca/view_center.asp',
        'https://www2.markham.ca/politicia.asp',
        'https://www2.markham.ca/taxing-churc.asp',
        'https://www2.markham.ca/exports-to-Turkey.asp',
        'https://www2.markham.ca/Climate.asp',
        'https://www2.markham.ca/discoveries.asp',
        'https://www2.markham.ca/pay-talks-fai.asp',
        'https://www2.markham.ca/Nouvelles.asp',
        'https://www2.markham.ca/News.asp',
        'https://www2.markham.ca/Noticias.asp',
        'https://www2.markham.ca/EU-nominee.asp',
        'https://www2.markham.ca/Business.asp',
        'https://www2.markham.ca/Culture.asp',
        'https://www2.markham.ca/Life-Work.asp',
        'https://www2.markham.ca/Comercio.asp',
        'https://www2.markham.ca/Links.asp',
        'https://www2.markham.ca/churc.asp',
        'https://www2.markham.ca/products.asp',
        'https://www2.markham.ca/exports.asp',
        'https://online.verzatec.com/banner.asp',
        'https://nic.mywire.org/view.asp',
        'https://chuta.jp/jtool/politicia.asp',
        'https://chuta.jp/jtool/taxing-churc.asp',
        'https://chuta.jp/jtool/exports-to-Turkey.asp',
        'https://chuta.jp/jtool/Climate.asp',
        'https://chuta.jp/jtool/discoveries.asp',
        'https://chuta.jp/jtool/pay-talks-fai.asp',
        'https://chuta.jp/jtool/Nouvelles.asp',
        'https://chuta.jp/jtool/News.asp',
        'https://chuta.jp/jtool/Noticias.asp',
        'https://chuta.jp/jtool/EU-nominee.asp',
        'https://chuta.jp/jtool/Business.asp',
        'https://chuta.jp/jtool/Culture.asp',
        'https://chuta.jp/jtool/Life-Work.asp',
        'https://chuta.jp/jtool/Comercio.asp',
        'https://chuta.jp/jtool/Links.asp',
        'https://chuta.jp/jtool/churc.asp',
        'https://chuta.jp/jtool/products.asp',
        'https://chuta.jp/jtool/exports.asp',
        'http://servicediscovery.kozow.com',
        'https://w3.casacam.net',
      ],
      {
        role: 'c2',
        about: 'Command-and-control address of Operation In(ter)ception.',
      },
    ),
  ],
};
