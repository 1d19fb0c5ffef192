// The IoC indicators match the things they describe as a sensor would report them: a file in the
// folder the source names (with its variables filled in as on a real machine), a sample known by
// any one of its hashes, the traces of a scheduled task.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile } from '../../pattern/compile/compiled-set.js';
import type { Observation } from '../../pattern/observation.js';
import type { StixObject } from '../../stix/object.js';
import { buildDreamjobPack } from './build.js';
import { iocIndicators } from './indicators.js';
import { IOC_TABLES } from './iocs/index.js';
import { fileObjects, matches, pattern, processStart, timeline } from './sample-observations.js';

const indicators = buildDreamjobPack().filter((object) => object.type === 'indicator');

function named(name: string): StixObject {
  const found = indicators.find((indicator) => indicator.name === name);
  assert.ok(found !== undefined, `no indicator named ${name}`);
  return found;
}

/** A path as it appears on a real machine, in the case Windows happens to report. */
function onMachine(path: string): string {
  return path
    .replace('%TEMP%', 'C:\\Users\\alice\\AppData\\Local\\Temp')
    .replace('%APPDATA%', 'C:\\Users\\alice\\AppData\\Roaming')
    .replace('%ALLUSERSPROFILE%', 'C:\\ProgramData')
    .replace('%WINDIR%\\system32', 'C:\\WINDOWS\\System32')
    .replace('C:\\Documents and Settings\\All Users', 'C:\\ProgramData')
    .replace('<USER>', 'alice')
    .replace(/7zO[0-9A-F]{8}/, '7zO0F1E2D3C');
}

const PATHS = IOC_TABLES.flatMap((table) =>
  table.iocs.flatMap((ioc) => (ioc.kind === 'path' || (ioc.kind === 'sample' && ioc.path) ? [ioc.path] : [])),
).filter((path): path is string => path !== undefined);

describe('IoC indicators of the DreamJob pack', () => {
  it('match each listed file where the source found it, and not elsewhere', () => {
    for (const path of PATHS) {
      const pattern = String(named(`File ${path}`).pattern);
      const here = path.includes('\\') ? onMachine(path) : `C:\\Users\\alice\\Downloads\\${path}`;
      assert.ok(matches(pattern, timeline([[0, fileObjects(here)]])), `${path} as ${here}`);
      if (path.includes('\\')) {
        const name = here.slice(here.lastIndexOf('\\') + 1);
        assert.ok(
          !matches(pattern, timeline([[0, fileObjects(`D:\\Backup\\${name}`)]])),
          `${path} elsewhere`,
        );
      }
    }
  });

  it('match a sample by whichever hash a sensor reports', () => {
    const pattern = String(named('SHA-1 c273b244ea7dff20b1d6b1c7fd97f343201984b3 (Quiz1.exe)').pattern);
    for (const hashes of [
      { 'SHA-256': '85c77c2f9cafb498adb8bec670af417d297af9fef49d852cd24099f15d227e35' },
      { MD5: '70fb5d78448f8391bd11989f784c5e46' },
      { 'SHA-1': 'c273b244ea7dff20b1d6b1c7fd97f343201984b3' },
    ]) {
      assert.ok(matches(pattern, timeline([[0, fileObjects('C:\\x\\a.exe', 0, { hashes })]])));
    }
    assert.ok(
      !matches(pattern, timeline([[0, fileObjects('C:\\x\\a.exe', 0, { hashes: { MD5: '0'.repeat(32) } })]])),
    );
  });

  it('match a scheduled task by its registry key, its task file or the command that made it', () => {
    const pattern = String(named('Scheduled task ProgramLogsSrv').pattern);
    const key = {
      '0': {
        type: 'windows-registry-key',
        key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree\\ProgramLogsSrv',
      },
    };
    assert.ok(matches(pattern, timeline([[0, key]])));
    assert.ok(matches(pattern, timeline([[0, fileObjects('C:\\Windows\\System32\\Tasks\\ProgramLogsSrv')]])));
    const create = 'schtasks /create /tn "ProgramLogsSrv" /tr C:\\ProgramLogs\\AdvancedLog.exe /sc onstart';
    assert.ok(matches(pattern, timeline([[0, processStart('C:\\Windows\\System32\\schtasks.exe', create)]])));
    const other = create.replace('"ProgramLogsSrv"', 'ProgramLogsSrvSys');
    assert.ok(!matches(pattern, timeline([[0, processStart('C:\\Windows\\System32\\schtasks.exe', other)]])));
  });

  it('match a mutex with or without its namespace, a certificate by thumbprint, a bare URL with its slash', () => {
    const mutex = String(named('Mutex Global\\AppCompatCacheObject-1387282152').pattern);
    assert.ok(
      matches(mutex, timeline([[0, { '0': { type: 'mutex', name: 'AppCompatCacheObject-1387282152' } }]])),
    );
    const certificate = String(named('Code-signing certificate of 2 TOY GUYS LLC').pattern);
    const thumbprint = { 'SHA-1': 'c93082334ef8c2d6a0a1823cdf632c0d75d56377' };
    assert.ok(
      matches(certificate, timeline([[0, { '0': { type: 'x509-certificate', hashes: thumbprint } }]])),
    );
    const bare = String(named('URL https://w3.casacam.net').pattern);
    assert.ok(matches(bare, timeline([[0, { '0': { type: 'url', value: 'https://w3.casacam.net/' } }]])));
  });

  it('merges a value listed by two publications into one indicator citing both', () => {
    const merged = iocIndicators(IOC_TABLES).find(
      (indicator) => indicator.key === 'sha1:9757d92dcb5fc253783e8a1d2702bf0f1196d4ab',
    );
    assert.deepEqual(merged?.publications, ['threat-report-2020-q2', 'threat-report-2021-t1']);
    const object = named('SHA-1 9757d92dcb5fc253783e8a1d2702bf0f1196d4ab');
    assert.equal(object.valid_from, '2020-07-01T00:00:00.000Z');
  });

  it('compile into one matcher that finds them in single observations', () => {
    const set = compile(
      indicators.map((indicator) => ({ id: indicator.id, pattern: pattern(String(indicator.pattern)) })),
    );
    assert.equal(set.size, indicators.length);
    const [dropped] = timeline([
      [
        0,
        fileObjects('C:\\ProgramShared\\mscoree.dll', 0, {
          hashes: { 'SHA-256': 'b2539c21a84879776151688a1ad6797d36f3554d382a5e13d20a114055e128d0' },
        }),
      ],
    ]);
    const found = set.match(dropped as Observation).map((match) => match.indicatorId);
    assert.deepEqual(
      found.sort(),
      [
        named('SHA-1 c136dd71f45eaef3206bf5c03412195227d15f38 (mscoree.dll)').id,
        named('File C:\\ProgramShared\\mscoree.dll').id,
        named('colorui.dll, mapistub.dll, mscoree.dll or HID.dll outside the Windows system folders').id,
      ].sort(),
    );
  });
});
