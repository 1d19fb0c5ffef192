import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRANSFORMS } from './index.js';

function run(name: string, input: unknown): unknown {
  const transform = TRANSFORMS[name];
  assert.ok(transform !== undefined, name);
  return transform.arity === 'one' ? transform.run(input) : transform.run(input as unknown[]);
}

// [transform, input, expected output]
const CASES: [string, unknown, unknown][] = [
  ['string', 42, '42'],
  ['string', { a: 1 }, undefined],
  ['integer', '0x2b90', 11152],
  ['integer', '4696', 4696],
  ['integer', 22.5, undefined],
  ['integer', '12abc', undefined],
  ['boolean', 'T', true],
  ['boolean', 'false', false],
  ['boolean', 'yes', undefined],
  ['hex', 'A3:30:ED', 'a330ed'],
  ['hex', '00000000000000000000000000000000', undefined],
  ['hex', 'ABCDEF09', 'abcdef09'],
  ['hex', 'abcdef09', 'abcdef09'],
  ['hex', 'abc', undefined],
  ['hex', 'ag', undefined],
  ['hex', '', undefined],
  ['hex', 'G0', undefined],
  [
    'sha1',
    '0f:2d:a8:fc:da:27:74:db:0c:ee:d3:9b:75:83:d4:5d:30:d0:4c:ec',
    '0f2da8fcda2774db0ceed39b7583d45d30d04cec',
  ],
  ['sha256', 'a330ede32dfa03ae6808ee7fb6916d8deb8f5dde', undefined],
  ['timestamp', '2020-10-22 02:58:04.123', '2020-10-22T02:58:04.123Z'],
  ['timestamp', '2022-05-13T08:54:05.1230000Z', '2022-05-13T08:54:05.1230000Z'],
  ['timestamp', '2023-02-28T11:34:02.133169+0000', '2023-02-28T11:34:02.133169Z'],
  ['timestamp', '2023-02-28T01:34:02.5-05:30', '2023-02-28T07:04:02.5Z'],
  ['timestamp', '2023-02-16T00:00:00', '2023-02-16T00:00:00Z'],
  ['timestamp', '2023-02-30 00:00:00', undefined],
  ['timestamp', 'Feb 28 11:34:02', undefined],
  ['epoch', 1588205199.82437, '2020-04-30T00:06:39.82437Z'],
  ['epoch', '1692161622.036086', '2023-08-16T04:53:42.036086Z'],
  ['epoch', 1536071929.0, '2018-09-04T14:38:49Z'],
  ['epoch', '2023-08-16T04:53:42.036086Z', '2023-08-16T04:53:42.036086Z'],
  ['epochSeconds', '1271282813.000000', '2010-04-14T22:06:53Z'],
  ['epochMillis', 1698998400123, '2023-11-03T08:00:00.123Z'],
  ['zeekEnd', ['1588205198.89971', '0.0015780925750732422'], '2020-04-30T00:06:38.901288Z'],
  ['basename', 'C:\\Windows\\System32\\cmd.exe', 'cmd.exe'],
  ['basename', '/usr/bin/curl', 'curl'],
  ['basename', 'C:\\Windows\\', undefined],
  ['dirname', 'C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\System32'],
  ['dirname', 'C:\\cmd.exe', 'C:\\'],
  ['dirname', '/curl', '/'],
  ['dirname', 'System', undefined],
  [
    'windowsJoin',
    ['\\\\NEWYORK\\sysvol\\', '\\dmevals.local\\gpt.ini'],
    '\\\\NEWYORK\\sysvol\\dmevals.local\\gpt.ini',
  ],
  ['fileWithoutStream', 'C:\\Users\\a\\Downloads\\x.docm:Zone.Identifier', 'C:\\Users\\a\\Downloads\\x.docm'],
  ['fileWithoutStream', 'C:file.txt', 'C:file.txt'],
  ['streamName', 'C:\\x\\a.exe:Zone.Identifier:$DATA', 'Zone.Identifier'],
  ['streamName', 'C:\\x\\a.exe', undefined],
  ['pipeName', '\\lsass', 'lsass'],
  ['pipeName', '\\\\.\\pipe\\srvsvc', 'srvsvc'],
  ['pipeDirectory', '\\lsass', '\\\\.\\pipe'],
  ['peType', 'C:\\x\\driver.SYS', 'sys'],
  ['ip', '::ffff:192.168.2.5', '192.168.2.5'],
  ['ip', 'FE80::1%12', 'fe80::1'],
  ['ip', '[2001:db8::1]', '2001:db8::1'],
  ['ip', '010.0.0.1', undefined],
  ['ip', 'WORKSTATION6', undefined],
  ['domain', 'WPAD.dmevals.local.', 'wpad.dmevals.local'],
  ['domain', '_ldap._tcp.dc._msdcs.pandalab.com', '_ldap._tcp.dc._msdcs.pandalab.com'],
  ['domain', '10.0.0.4', undefined],
  ['domain', 'TXT 12 v=spf1 -all', undefined],
  ['hostOnly', 'example.com:8080', 'example.com'],
  ['hostOnly', '[::1]:80', '::1'],
  ['hostOnly', 'fe80::1', 'fe80::1'],
  ['httpUrl', ['example.com', '/a b?c=<d>'], 'http://example.com/a%20b?c=%3Cd%3E'],
  ['httpUrl', [undefined, 'http://proxy.example/x', '10.0.0.1'], 'http://proxy.example/x'],
  ['httpUrl', [undefined, '/x', '2001:db8::1', 8080], 'http://[2001:db8::1]:8080/x'],
  ['httpUrl', ['example.com:8080', '/x', undefined, 8080], 'http://example.com:8080/x'],
  ['httpVersion', '1.1', 'http/1.1'],
  ['httpVersion', 'HTTP/2', 'http/2'],
  ['protocols', 'TCP', ['tcp']],
  ['protocols', '17', ['udp']],
  ['protocols', 'krb,smb,gssapi', ['krb', 'smb', 'gssapi']],
  ['protocols', 'ssl', ['tls']],
  ['protocols', 'failed', undefined],
  ['port', '65536', undefined],
  ['zeekPort', [134, 'icmp'], undefined],
  ['hexByte', 8, '08'],
  ['emailAddress', '"Jane Doe" <jane@example.com>', 'jane@example.com'],
  ['emailAddress', 'not an address', undefined],
  [
    'sysmonHashes',
    'SHA1=282DA9EE622F01CC63352E53FDC3D4A75CEEB6FD,MD5=A23A7A6B6F8E1A5D913EA119F5F2ED1A,IMPHASH=B0A3CFF8CFDE112945189719F82F9EA9',
    { 'SHA-1': '282da9ee622f01cc63352e53fdc3d4a75ceeb6fd', MD5: 'a23a7a6b6f8e1a5d913ea119f5f2ed1a' },
  ],
  [
    'sysmonHashes',
    { md5: 'a23a7a6b6f8e1a5d913ea119f5f2ed1a', sha512: 'ab' },
    { MD5: 'a23a7a6b6f8e1a5d913ea119f5f2ed1a' },
  ],
  ['sysmonHashes', 'MD5=nothex', undefined],
  [
    'sysmonImphash',
    'MD5=A23A7A6B6F8E1A5D913EA119F5F2ED1A,IMPHASH=B0A3CFF8CFDE112945189719F82F9EA9',
    'b0a3cff8cfde112945189719f82f9ea9',
  ],
  ['sysmonImphash', 'IMPHASH=00000000000000000000000000000000', undefined],
  ['registryKey', ['HKU\\S-1-5-18\\Software\\x', 'SetValue'], 'HKEY_USERS\\S-1-5-18\\Software'],
  ['registryKey', ['HKLM\\SYSTEM', 'CreateKey'], 'HKEY_LOCAL_MACHINE\\SYSTEM'],
  [
    'registryKey',
    ['\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001'],
    'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001',
  ],
  ['registryKey', ['HKLMX\\y'], 'HKLMX\\y'],
  ['registryParentKey', 'HKCU\\Software\\Run\\x', 'HKEY_CURRENT_USER\\Software\\Run'],
  ['registryValueName', ['HKLM\\a\\b', 'DeleteValue'], 'b'],
  ['registryValueName', ['HKLM\\a\\b', 'DeleteKey'], undefined],
  ['registryData', 'DWORD (0x00000089)', '0x00000089'],
  ['registryData', 'QWORD (0x00000001-0x00000089)', '0x0000000100000089'],
  ['registryData', 'Binary Data', undefined],
  ['registryDataType', 'QWORD (0x00000001-0x00000089)', 'REG_QWORD'],
  ['registryDataType', 'C:\\x.exe', undefined],
  ['windowsUserAccountType', ['WORKSTATION5\\wardog', 'WORKSTATION5.theshire.local'], 'windows-local'],
  ['windowsUserAccountType', ['THESHIRE\\pgustavo', 'WORKSTATION5.theshire.local'], 'windows-domain'],
  ['windowsUserAccountType', ['wardog', 'WORKSTATION5'], undefined],
  ['windowsDomainAccountType', ['NT AUTHORITY', 'x'], 'windows-local'],
  ['windowsAccountLogin', 'THESHIRE\\pgustavo', 'pgustavo'],
  ['integrityLevel', 'S-1-16-12288', 'high'],
  ['integrityLevel', 'Medium', 'medium'],
  ['wfpInitiator', ['%%14592', 'local', 'remote'], 'remote'],
  ['wfpInitiator', ['Outbound', 'local', 'remote'], 'local'],
  ['wfpResponder', ['%%14592', 'local', 'remote'], 'local'],
  [
    'taskCommand',
    '<Exec><Command>"C:\\Program Files\\a&amp;b.exe"</Command></Exec>',
    'C:\\Program Files\\a&b.exe',
  ],
  [
    'scheduledTaskKey',
    '\\Microsoft\\Task',
    'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree\\Microsoft\\Task',
  ],
  ['sysmonDnsAddresses', '::1;::ffff:127.0.0.1;type:  5 cdn.example;', ['::1', '127.0.0.1']],
  ['sysmonDnsAddresses', ['10.0.0.1'], ['10.0.0.1']],
  ['sysmonDnsNames', 'type:  5 CDN.example;::ffff:1.2.3.4;type:  12 ptr.example;', ['cdn.example']],
  [
    'suricataDnsAddresses',
    {
      answers: [
        { rrtype: 'A', rdata: '192.0.2.1' },
        { rrtype: 'CNAME', rdata: 'x.example' },
      ],
    },
    ['192.0.2.1'],
  ],
  ['suricataDnsNames', { grouped: { CNAME: ['x.example', 'x.example'] } }, ['x.example']],
  ['zeekFileOriginator', [undefined, false, ['10.0.0.4'], ['10.0.1.6']], '10.0.1.6'],
  ['zeekFileOriginator', [undefined, 'T', ['10.0.0.4'], ['10.0.1.6']], '10.0.0.4'],
  ['sshSoftwareName', 'OpenSSH_8.2p1 Ubuntu-4ubuntu0.5', 'OpenSSH'],
  ['sshSoftwareVersion', 'OpenSSH_8.2p1 Ubuntu-4ubuntu0.5', '8.2p1'],
  ['sshSoftwareVersion', 'Go', undefined],
  ['kerberosUser', 'stevie.marie/PANDALAB.COM', 'stevie.marie'],
  ['zeekPeType', 'F', 'dll'],
  ['peMachineHex', 'AMD64', '8664'],
  ['x509Serial', '6743FC495E54B7B', '06:74:3f:c4:95:e5:4b:7b'],
  ['x509Serial', '78:15:5B:44', '78:15:5b:44'],
  ['basicConstraints', true, 'CA:TRUE'],
  [
    'subjectAltNames',
    [['a.example', 'b.example'], undefined, ['x@y.example']],
    'DNS:a.example, DNS:b.example, email:x@y.example',
  ],
];

describe('transforms', () => {
  for (const [name, input, expected] of CASES) {
    it(`${name}(${JSON.stringify(input)})`, () => {
      assert.deepEqual(run(name, input), expected);
    });
  }

  it('never throw, whatever they are given', () => {
    const inputs: unknown[] = [
      undefined,
      null,
      0,
      -1,
      1e300,
      Number.NaN,
      '',
      ' ',
      '\u0000',
      {},
      [],
      [[]],
      { a: {} },
      true,
    ];
    for (const [name, transform] of Object.entries(TRANSFORMS)) {
      for (const input of inputs) {
        assert.doesNotThrow(
          () =>
            transform.arity === 'one' ? transform.run(input) : transform.run([input, input, input, input]),
          `${name}(${String(input)})`,
        );
      }
    }
  });
});
