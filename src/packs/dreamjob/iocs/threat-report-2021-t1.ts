// ESET Threat Report T1 2021, section "Lazarus: 2 TOY GUYS campaign": samples carrying names from
// Greek mythology and samples signed with certificates issued to US companies, one of them
// 2 TOY GUYS LLC. One signed sample is also in the Q2 2020 In(ter)ception update, which ties the
// two together.

import type { CertificateIoc, IocTable, SampleIoc } from './ioc.js';

function sample(about: string, sha1: string, md5: string, sha256: string): SampleIoc {
  return { kind: 'sample', role: 'sample', about, sha1, md5, sha256 };
}

const MYTHOLOGY = 'Sample of the 2 TOY GUYS campaign with artifacts named after Greek mythology.';
const SIGNED = 'Sample of the 2 TOY GUYS campaign signed with one of its code-signing certificates.';

function certificate(subject: string, serial: string, thumbprint: string): CertificateIoc {
  return {
    kind: 'certificate',
    role: 'code-signing',
    subject,
    serial,
    thumbprint,
    about: `Code-signing certificate issued to ${subject} that signed Lazarus malware.`,
  };
}

export const THREAT_REPORT_2021_T1: IocTable = {
  publication: 'threat-report-2021-t1',
  iocs: [
    sample(
      MYTHOLOGY,
      '8ce0b32135acd6e80f600688d4716b70780397bd',
      '9efa86b43b4367bcdc1591aee59bda25',
      'c4489ba762ce7e207c3c2e5be4f5ecf1868a97b43febb46d333c60c0c0679397',
    ),
    sample(
      MYTHOLOGY,
      'd154645fa6409b947235a6a7ba5a82c3ded25a08',
      '18e4a570be3fe301776f81e39df6974b',
      '61baca89f6309bdd527635a64ef77544a30af9b867ed23ec81b1a828f0fa5696',
    ),
    sample(
      SIGNED,
      'a9b253479a1723875711ea68059d890154119459',
      'b8df94ce84201b17684e0d368ed38024',
      '0c69fd9be0cc9fadacff2c0bacf59dab6d935b02b5b8d2c9cb049e9545bb55ce',
    ),
    sample(
      SIGNED,
      '3abfec6fc3445759730789d4322b0be73dc695c7',
      '4a4662e73ab3a2c37e10dbe41e195041',
      'fc8e3b582708394cf0d781a8ec50349a518245129c7e2606abc047402bad66f6',
    ),
    sample(
      SIGNED,
      '3d311117d09f4a6ad300e471c2fb2b3c63344b1d',
      '20183332c370b9d35d368083ecb74d22',
      '91f6fdf97a9aab278ec63156a8deeca616abb968c81a14dc5713d9918f7eeb75',
    ),
    sample(
      SIGNED,
      '9a8b7f11104156f0df4f07827ec12e5c2300c4ee',
      '2cbe0bea035db9240ceb338cf9ea7fe6',
      '40b6cbcc594d3696952e90fa15ccd733ebc2777554092e8c15694334274e5b90',
    ),
    sample(
      SIGNED,
      '9757d92dcb5fc253783e8a1d2702bf0f1196d4ab',
      'ccb38b5c11c8b4bb3dfc8117f93bb720',
      '86879bf918164a4bf292714a53522f13bf102bab3caadf813b69150e571471ed',
    ),
    sample(
      SIGNED,
      '57b6c0cbac424c8c966cb7f56e74668920462826',
      '3ae4b6122025ee99c3c8f3ed5142f441',
      '07eeaeffe79ed8c8dd6ad0360be786e3b75beec4cf9b4c943dffc0c02350a6f0',
    ),
    sample(
      SIGNED,
      'f150325df166c93b24770f8e6e38ec1da5a99cbf',
      '3d7ba759ff56e6c763e711f9d68736f0',
      'e4250d7e1352f1bb0301e2dd4c752bd9807ba84c53ddb07e2865a954de72b512',
    ),
    certificate(
      '2 TOY GUYS LLC',
      '00818631110b5d14331dac7e6ad998b902',
      'c93082334ef8c2d6a0a1823cdf632c0d75d56377',
    ),
    certificate(
      '"A" MEDICAL OFFICE, PLLC',
      '1127ca3abddf4a05c6d574b2baece68f',
      '3a22dc4054a34aecbacbcadabdcc2489b1271404',
    ),
    certificate(
      'BRAIN TECHNOLOGY, INC',
      '00fc07ddbd6721ebc11cc7ce6435a617f6',
      'df1fb4f4685a1a994a7f7376b1049786f74f89b6',
    ),
    certificate(
      '726 Lucile Development LLC',
      '00ce68dea7bc5ba178e530b6292e78725b',
      '0a78f87d737abb69e05656df5b0249478ae144ba',
    ),
    certificate(
      'ALEXIS SECURITY GROUP, LLC',
      '00b7f19b13de9bee8a52ff365ced6f67fa',
      '61708a3a2bae5343ff764de782d7f344151f2b74',
    ),
    certificate(
      'DREAM SECURITY USA INC',
      '4c8def294478b7d59ee95c61fae3d965',
      'a16548fa05aef5e1b265c79a369007ffcd962061',
    ),
  ],
};
