import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isScoType, newId, parseId, SCO_ID_NAMESPACE, scoId, uuidv4, uuidv5 } from './id.js';

const zeros = (size: number) => new Uint8Array(size);
const ones = (size: number) => new Uint8Array(size).fill(0xff);

describe('uuidv4 and uuidv5', () => {
  it('stamps version 4 and the RFC 4122 variant onto the random bytes', () => {
    assert.equal(uuidv4(zeros), '00000000-0000-4000-8000-000000000000');
    assert.equal(uuidv4(ones), 'ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('refuses a random source that returns too few bytes', () => {
    assert.throws(() => uuidv4(() => new Uint8Array(15)), /needs 16 random bytes, got 15/);
  });

  it('matches the UUIDv5 Python documents for ("python.org" in the DNS namespace)', () => {
    assert.equal(
      uuidv5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org'),
      '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    );
  });

  it('refuses a namespace that is not a UUID', () => {
    assert.throws(() => uuidv5('not-a-uuid', 'x'), /is not a UUID/);
  });
});

describe('newId', () => {
  it('prefixes a UUIDv4 with the type', () => {
    assert.equal(newId('indicator', zeros), 'indicator--00000000-0000-4000-8000-000000000000');
  });

  it('draws fresh randomness by default', () => {
    const first = newId('x-mitre-tactic');
    assert.equal(parseId(first)?.version, 4);
    assert.notEqual(first, newId('x-mitre-tactic'));
  });

  it('refuses names that are not STIX type names (section 3.1)', () => {
    for (const type of ['Indicator', 'ab', 'x--y', '-abc', 'abc-', 'a_b', `a${'b'.repeat(250)}`]) {
      assert.throws(() => newId(type, zeros), /is not a STIX type name/, type);
    }
  });
});

describe('parseId', () => {
  it('splits an id into type, UUID and UUID version', () => {
    assert.deepEqual(parseId('indicator--e2e1a340-4415-4ba8-9671-f7343fbf0836'), {
      type: 'indicator',
      uuid: 'e2e1a340-4415-4ba8-9671-f7343fbf0836',
      version: 4,
    });
    assert.deepEqual(parseId('ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4'), {
      type: 'ipv4-addr',
      uuid: '28bb3599-77cd-5a82-a950-b5bc3caf07c4',
      version: 5,
    });
  });

  it('accepts uppercase hex digits, as RFC 4122 reads UUIDs case-insensitively', () => {
    assert.equal(parseId('x-mitre-matrix--EAFC1B4C-5E56-4965-BD4E-66A6A89C88CC')?.type, 'x-mitre-matrix');
  });

  it('rejects what is not "type--UUID" with an RFC 4122 UUID', () => {
    for (const id of [
      'indicator',
      'indicator-e2e1a340-4415-4ba8-9671-f7343fbf0836',
      'indicator--e2e1a340-4415-0ba8-9671-f7343fbf0836', // version 0
      'indicator--e2e1a340-4415-6ba8-9671-f7343fbf0836', // version 6 is not in RFC 4122
      'indicator--e2e1a340-4415-4ba8-c671-f7343fbf0836', // variant 110x is Microsoft's, not RFC 4122
      'indicator--e2e1a340-4415-4ba8-9671-f7343fbf083', // one digit short
      'indicator--e2e1a340-4415-4ba8-9671-f7343fbf0836 ',
      'Indicator--e2e1a340-4415-4ba8-9671-f7343fbf0836',
      'x--indicator--e2e1a340-4415-4ba8-9671-f7343fbf0836',
      '--e2e1a340-4415-4ba8-9671-f7343fbf0836',
    ]) {
      assert.equal(parseId(id), undefined, id);
    }
  });
});

describe('isScoType', () => {
  it('knows the eighteen SCO types of section 6 and nothing else', () => {
    assert.equal(isScoType('process'), true);
    assert.equal(isScoType('x509-certificate'), true);
    assert.equal(isScoType('indicator'), false);
    assert.equal(isScoType('toString'), false);
  });
});

describe('scoId: the example ids published in the STIX 2.1 specification (errata 01)', () => {
  // Section 3.4 of the errata says these were computed with the section 2.9 algorithm. Examples
  // whose references point at objects the examples do not carry are left out: per section 3.4 their
  // ids could not be computed accurately.
  const examples: [string, { type: string; [property: string]: unknown }][] = [
    ['ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4', { type: 'ipv4-addr', value: '198.51.100.3' }],
    ['ipv4-addr--1ea47840-aa39-5aa8-b4a2-cd203eb6662a', { type: 'ipv4-addr', value: '198.51.100.0/24' }],
    [
      'ipv6-addr--85a85a8c-ee99-5722-946d-3c3a3270fc6f',
      { type: 'ipv6-addr', value: '2001:0db8:85a3:0000:0000:8a2e:0370:7334' },
    ],
    ['ipv6-addr--084d3b4c-7785-568a-a569-0c61c95754ab', { type: 'ipv6-addr', value: '2001:0db8::/96' }],
    ['mac-addr--757b1725-9903-54f5-a855-1240691d7659', { type: 'mac-addr', value: 'd2:fb:49:24:37:18' }],
    ['mutex--f93fe911-e545-5239-b9b0-597840d0c871', { type: 'mutex', name: '__CLEANSWEEP__' }],
    [
      'email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934',
      { type: 'email-addr', value: 'john@example.com', display_name: 'John Doe' },
    ],
    ['domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7', { type: 'domain-name', value: 'example.com' }],
    [
      'autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff',
      { type: 'autonomous-system', number: 15139, name: 'Slime Industries', rir: 'ARIN' },
    ],
    ['directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622', { type: 'directory', path: 'C:\\Windows\\System32' }],
    [
      'url--47c3cf9a-5027-5bf0-997a-017c7edc7c55',
      { type: 'url', value: 'https://example.com/research/index.html' },
    ],
    [
      'file--949eb97a-da1e-5292-8959-03c4249dc9f3',
      {
        type: 'file',
        hashes: { 'SHA-256': 'fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db' },
        size: 25536,
        name: 'foo.dll',
      },
    ],
    [
      'file--7d1e3a18-89e7-5bc5-be36-9879f5b7f5c8',
      {
        type: 'file',
        hashes: { 'SHA-256': '841a8921140aba50671ebb0770fecc4ee308c4952cfeff8de154ab14eeef4649' },
        name: 'qu\u00eary.dll',
        name_enc: 'windows-1252',
      },
    ],
    [
      'software--710b0b41-d4d0-5d6c-a400-fc9254554ffc',
      {
        type: 'software',
        name: 'Word',
        cpe: 'cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*',
        version: '2002',
        vendor: 'Microsoft',
      },
    ],
    [
      'user-account--f94d689e-707d-58c3-b803-c720bb6ed096',
      {
        type: 'user-account',
        user_id: '1001',
        account_login: 'jdoe',
        account_type: 'unix',
        display_name: 'John Doe',
        is_privileged: false,
      },
    ],
    [
      'windows-registry-key--1884b770-b679-522a-a9c7-45fadaaec7bb',
      { type: 'windows-registry-key', key: 'HKEY_LOCAL_MACHINE\\System\\Foo\\Bar' },
    ],
    [
      'windows-registry-key--f6a11ddf-fa2b-54c8-97ab-e7f28413095a',
      {
        type: 'windows-registry-key',
        key: 'hkey_local_machine\\system\\bar\\foo',
        values: [
          { name: 'Foo', data: 'qwerty', data_type: 'REG_SZ' },
          { name: 'Bar', data: '42', data_type: 'REG_DWORD' },
        ],
      },
    ],
    [
      'artifact--a785c567-cc53-52a1-abeb-026bb7ddf8ba',
      { type: 'artifact', mime_type: 'image/jpeg', payload_bin: 'VBORw0KGgoAAAANSUhEUgAAADI== ...' },
    ],
  ];
  for (const [id, object] of examples) {
    it(`gives ${id}`, () => {
      assert.equal(scoId({ spec_version: '2.1', id, ...object }), id);
    });
  }
});

describe('scoId: the section 2.9 rules, computed by hand', () => {
  const expect = (type: string, canonicalName: string) =>
    `${type}--${uuidv5(SCO_ID_NAMESPACE, canonicalName)}`;
  const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
  const sha1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
  const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

  it('uses only MD5 when the hashes include it, whatever else is there', () => {
    const file = { type: 'file', name: 'a.exe', hashes: { 'SHA-256': sha256, 'SHA-1': sha1, MD5: md5 } };
    assert.equal(scoId(file), expect('file', `{"hashes":{"MD5":"${md5}"},"name":"a.exe"}`));
  });

  it('prefers SHA-1 over SHA-256 for an x509-certificate, with its serial number', () => {
    const certificate = {
      type: 'x509-certificate',
      serial_number: '36:f7:d4:32',
      issuer: 'CN=x',
      hashes: { 'SHA-256': sha256, 'SHA-1': sha1 },
    };
    assert.equal(
      scoId(certificate),
      expect('x509-certificate', `{"hashes":{"SHA-1":"${sha1}"},"serial_number":"36:f7:d4:32"}`),
    );
  });

  it('takes the first algorithm by name when none of MD5, SHA-1, SHA-256, SHA-512 is present', () => {
    const artifact = {
      type: 'artifact',
      url: 'https://x.test/a',
      hashes: { TLSH: 't1', SSDEEP: 's1', 'SHA3-256': 'h1' },
    };
    assert.equal(scoId(artifact), expect('artifact', '{"hashes":{"SHA3-256":"h1"}}'));
  });

  it('hashes network-traffic over all eight of its properties, extensions whole, and nothing else', () => {
    const traffic = {
      type: 'network-traffic',
      src_ref: 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4',
      dst_ref: 'ipv4-addr--1ea47840-aa39-5aa8-b4a2-cd203eb6662a',
      src_port: 50000,
      dst_port: 443,
      protocols: ['ipv4', 'tcp'],
      start: '2024-01-01T00:00:00Z',
      end: '2024-01-01T00:00:05.5Z',
      is_active: false,
      src_byte_count: 1200,
      extensions: { 'tcp-ext': { src_flags_hex: '00000002' } },
    };
    assert.equal(
      scoId(traffic),
      expect(
        'network-traffic',
        '{"dst_port":443,"dst_ref":"ipv4-addr--1ea47840-aa39-5aa8-b4a2-cd203eb6662a","end":"2024-01-01T00:00:05.5Z",' +
          '"extensions":{"tcp-ext":{"src_flags_hex":"00000002"}},"protocols":["ipv4","tcp"],"src_port":50000,' +
          '"src_ref":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","start":"2024-01-01T00:00:00Z"}',
      ),
    );
  });

  it('hashes an email-message over from_ref, subject and body only', () => {
    const message = {
      type: 'email-message',
      is_multipart: false,
      from_ref: 'email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934',
      to_refs: ['email-addr--2aeeb98c-9db4-525e-874d-221fdfe9f76e'],
      subject: 'Invoice',
      body: 'See attached.\n',
    };
    assert.equal(
      scoId(message),
      expect(
        'email-message',
        '{"body":"See attached.\\n","from_ref":"email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934","subject":"Invoice"}',
      ),
    );
  });

  it('hashes a file with a parent directory and a name that needs UTF-8', () => {
    const file = {
      type: 'file',
      name: 'r\u00e9sum\u00e9.pdf',
      parent_directory_ref: 'directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622',
    };
    assert.equal(
      scoId(file),
      expect(
        'file',
        '{"name":"r\u00e9sum\u00e9.pdf","parent_directory_ref":"directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622"}',
      ),
    );
  });

  it('does not depend on the order the properties were written in', () => {
    const a = scoId({ type: 'user-account', account_type: 'unix', user_id: '0', account_login: 'root' });
    const b = scoId({ account_login: 'root', user_id: '0', type: 'user-account', account_type: 'unix' });
    assert.equal(a, b);
    assert.equal(a, expect('user-account', '{"account_login":"root","account_type":"unix","user_id":"0"}'));
  });

  it('falls back to a UUIDv4 for process, which has no contributing properties', () => {
    assert.equal(scoId({ type: 'process', pid: 4 }, zeros), 'process--00000000-0000-4000-8000-000000000000');
  });

  it('falls back to a UUIDv4 when none of the contributing properties is present', () => {
    assert.equal(
      scoId({ type: 'user-account', display_name: 'Nobody' }, ones),
      'user-account--ffffffff-ffff-4fff-bfff-ffffffffffff',
    );
  });

  it('refuses a type whose contributing properties section 6 does not define', () => {
    assert.throws(() => scoId({ type: 'x-acme-widget', value: 'w' }), /not a STIX 2.1 cyber-observable type/);
    assert.throws(() => scoId({ type: 'indicator', name: 'n' }), /not a STIX 2.1 cyber-observable type/);
    assert.throws(() => scoId({ type: 'constructor' }), /not a STIX 2.1 cyber-observable type/);
  });
});
