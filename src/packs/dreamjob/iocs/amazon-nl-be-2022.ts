// ESET, September 2022: Amazon-themed job lures sent to targets in the Netherlands and Belgium. The
// section lists its samples without saying which stage each is, apart from the FudModule rootkit.

import { type IocTable, networkRows, type SampleIoc } from './ioc.js';

const SAMPLE = {
  kind: 'sample',
  role: 'sample',
  about: 'Sample from the Amazon-themed Lazarus intrusions in the Netherlands and Belgium.',
} as const;

function sample(sha1: string, md5: string, sha256: string): SampleIoc {
  return { ...SAMPLE, sha1, md5, sha256 };
}

export const AMAZON_NL_BE_2022: IocTable = {
  publication: 'amazon-nl-be-2022',
  iocs: [
    sample(
      '001386cbbc258c3fcc64145c74212a024eaa6657',
      'e9438185442e035df7e64b51972a38b0',
      'f6672f2f25c9f8a123695e30e5676a105a613a9508254e76a218d6b2b4fe7e97',
    ),
    sample(
      '085f3a694a1eecde76a69335cd1ea7f345d61456',
      '643bfe5f89ec341db10388a41025d32f',
      '83a0a4f734334c039124408767d08e40747a3de9e22190ba06a923c76d352afe',
    ),
    sample(
      '4aa48160b0db2f10c7920349e3dcce01cce23fe3',
      'ff65c72877d3db4e774692fc26ce4744',
      '60fd58086355d6307cc720b9cf18e604b0568d881d0723a4dde592dc3f3ce622',
    ),
    sample(
      '55cab89cb8dabcaa944d0bca5cbbbeb86a11ea12',
      'af3c3881dacc4e74d8a2b1fd286689ac',
      '9835bb49893f4bb6038faffee26d05229fe26fc9361e02528f4ae0688d89d483',
    ),
    sample(
      '569234edfb631b4f99656529ec21067a4c933969',
      'c06d6e7eae2eb4498c03ef22045cd2cc',
      '559ff1eb301891fa966346b56abb8d4c8560728e63ffb9247e73169f27ecac7c',
    ),
    sample(
      '735b7e9dfa7af03b751075fd6d3de45fbf0330a2',
      '2772427f85bbc8ea2e69b61b3c4857d5',
      '9c7019a57dc93e9963d994278c5ad6947c60fbc2226d9bddc8978f9bfe1f2a36',
    ),
    sample(
      '806668ecc4bfb271e645acb42f22f750bff8ee96',
      '4a14d2249b1c1b1191989b5fcbca099f',
      '3af7c59604fef1ecca9508145e01a9f8cc26e8a1f748445b865493e9a6e67037',
    ),
    sample(
      '83cf7d8ef1a241001c599b9bcc8940e089b613fb',
      '4498a5e55044e24c7b5530f6d9bbb950',
      'd21c5ad2a254eb6c7b0c656a317997d1c7fa7448927347acb4687b69e70b8b5a',
    ),
    sample(
      '97daab7b422210ab256824d9759c0dba319ca468',
      '94c4b016d9aa9b750f071a75886c77eb',
      '28351dbc0f3ab1125705b25957c9e4b2bab2911325cdf4d37b98bd10827d17de',
    ),
    sample(
      'bd5dcb90c5b5fa7f5350ea2b9ace56e62385ca65',
      'a3f8ee0af665b4d215856053bb34baac',
      '6c51890da7cd47857904434bd18da68d53b1e328683d3a74d296819b42869b0f',
    ),
    sample(
      'c71c19dbb5f40dbb9a721dc05d4f9860590a5762',
      '75988e8017b4398c9f7c524af4129d0d',
      '108f30bd36902aba9b205a67cce79db0a096d8a51150c68d391c06b61a158004',
    ),
    sample(
      'fd6d0080d27929c803a91f268b719f725396fe79',
      '6bf3abaf2735c9e0e4fd99f38832284f',
      '53c287bf058efdf9dbb1a38ab2db0652b960c9a66593c2f0adaf7144187c0f4f',
    ),
    {
      kind: 'sample',
      role: 'rootkit',
      sha1: '296d882cb926070f6e43c99b9e1683497b6f17c4',
      md5: '71aafff125dabd380336f149b510977f',
      sha256: '97c78020eedfcd5611872ad7c57f812b069529e96107b9a33b4da7bc967bf38f',
      detection: 'Win64/Rootkit.NukeSped.A',
      path: 'FudModule.dll',
      family: 'fudmodule',
      about: 'FudModule.dll, the rootkit of the Netherlands and Belgium intrusions.',
    },
    ...networkRows(
      'url',
      [
        'https://turnscor.com/wp-includes/feedback.php',
        'https://aquaprographix.com/patterns/Map/maps.php',
        'http://www.stracarrara.org/images/img.asp',
      ],
      { role: 'c2', about: 'Command-and-control script of the Netherlands and Belgium intrusions.' },
    ),
    {
      kind: 'mutex',
      role: 'artifact',
      name: 'Global\\AppCompatCacheObject-1387282152',
      about: 'Mutex the malware of the Netherlands and Belgium intrusions creates.',
    },
  ],
};
