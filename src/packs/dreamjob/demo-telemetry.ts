// A short synthetic DreamJob intrusion on one engineering workstation, written as Sysmon events in
// the flattened layout NXLog and HELK write (EventID, Channel, Image, Hashes, ...). It follows the
// chain ESET described for the 2023 Spanish aerospace case: a "coding challenge" run straight out of
// a 7-Zip archive, a DLL loaded from beside it, colorcpl.exe and colorui.dll dropped into
// ProgramData, the DLL side-loaded, then the implant calling a compromised web server. The hashes,
// the domain and the address are that report's IoCs (in the pack); everything else is invented.

const HOST = 'WS-ENG-07';
const USER = 'ACME\\jdoe';
const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const TEMP = 'C:\\Users\\jdoe\\AppData\\Local\\Temp\\7zOC35416EE';
const DROP = 'C:\\ProgramData\\Adobe';

/** Quiz1.exe, the NickelLoader lure, and colorui.dll, the miniBlindingCan dropper (ESET, Sep 2023). */
const QUIZ_HASHES =
  'SHA1=C273B244EA7DFF20B1D6B1C7FD97F343201984B3,MD5=70FB5D78448F8391BD11989F784C5E46,SHA256=85C77C2F9CAFB498ADB8BEC670AF417D297AF9FEF49D852CD24099F15D227E35';
const COLORUI_HASHES =
  'SHA1=C830B895FB934291507E490280164CC4234929F0,MD5=1691C917A568E542FE05FB78603074B3,SHA256=F5F68AC7BE1E869D21D326D2C810F0A61DD5636443ACE2167334DA42FE9D6696';
const COLORCPL_HASHES =
  'SHA1=4C7A5A2F0C3B4C2D3E1F00112233445566778899,MD5=0F1E2D3C4B5A69788796A5B4C3D2E1F0,SHA256=1111111111111111111111111111111111111111111111111111111111111111';

interface Step {
  /** Seconds after the start of the story. */
  at: number;
  fields: Record<string, string | number>;
}

const STEPS: readonly Step[] = [
  {
    at: 0,
    fields: {
      EventID: 11,
      Image: 'C:\\Program Files\\7-Zip\\7zFM.exe',
      TargetFilename: `${TEMP}\\Quiz1.exe`,
      ProcessId: 4120,
    },
  },
  {
    at: 5,
    fields: {
      EventID: 1,
      Image: `${TEMP}\\Quiz1.exe`,
      CommandLine: `"${TEMP}\\Quiz1.exe"`,
      CurrentDirectory: `${TEMP}\\`,
      Hashes: QUIZ_HASHES,
      ProcessId: 6312,
      ParentImage: 'C:\\Program Files\\7-Zip\\7zFM.exe',
      ParentProcessId: 4120,
      ParentCommandLine:
        '"C:\\Program Files\\7-Zip\\7zFM.exe" "C:\\Users\\jdoe\\Downloads\\Coding_Challenge.7z"',
      User: USER,
    },
  },
  {
    at: 6,
    fields: {
      EventID: 7,
      Image: `${TEMP}\\Quiz1.exe`,
      ImageLoaded: `${TEMP}\\mscoree.dll`,
      Signed: 'false',
      SignatureStatus: 'Unavailable',
      ProcessId: 6312,
    },
  },
  {
    at: 60,
    fields: {
      EventID: 11,
      Image: `${TEMP}\\Quiz1.exe`,
      TargetFilename: `${DROP}\\colorcpl.exe`,
      ProcessId: 6312,
    },
  },
  {
    at: 61,
    fields: {
      EventID: 11,
      Image: `${TEMP}\\Quiz1.exe`,
      TargetFilename: `${DROP}\\colorui.dll`,
      ProcessId: 6312,
    },
  },
  {
    at: 70,
    fields: {
      EventID: 1,
      Image: `${DROP}\\colorcpl.exe`,
      CommandLine: `"${DROP}\\colorcpl.exe" 0CE1241A44557AAD`,
      CurrentDirectory: `${DROP}\\`,
      Hashes: COLORCPL_HASHES,
      ProcessId: 7024,
      ParentImage: `${TEMP}\\Quiz1.exe`,
      ParentProcessId: 6312,
      User: USER,
    },
  },
  {
    at: 71,
    fields: {
      EventID: 7,
      Image: `${DROP}\\colorcpl.exe`,
      ImageLoaded: `${DROP}\\colorui.dll`,
      Hashes: COLORUI_HASHES,
      Signed: 'false',
      SignatureStatus: 'Unavailable',
      ProcessId: 7024,
    },
  },
  {
    at: 90,
    fields: {
      EventID: 22,
      Image: `${DROP}\\colorcpl.exe`,
      QueryName: 'turnscor.com',
      QueryStatus: '0',
      QueryResults: '::ffff:67.225.140.4;',
      ProcessId: 7024,
    },
  },
  {
    at: 91,
    fields: {
      EventID: 3,
      Image: `${DROP}\\colorcpl.exe`,
      Protocol: 'tcp',
      Initiated: 'true',
      SourceIp: '10.20.7.107',
      SourcePort: 50212,
      DestinationIp: '67.225.140.4',
      DestinationHostname: 'turnscor.com',
      DestinationPort: 443,
      ProcessId: 7024,
      User: USER,
    },
  },
  {
    at: 391,
    fields: {
      EventID: 3,
      Image: `${DROP}\\colorcpl.exe`,
      Protocol: 'tcp',
      Initiated: 'true',
      SourceIp: '10.20.7.107',
      SourcePort: 50388,
      DestinationIp: '67.225.140.4',
      DestinationHostname: 'turnscor.com',
      DestinationPort: 443,
      ProcessId: 7024,
      User: USER,
    },
  },
];

/** Sysmon's UtcTime: "YYYY-MM-DD hh:mm:ss.sss". */
function utcTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** The story as JSON lines, starting at `start` (the demo uses the current time, so indicators are valid). */
export function demoTelemetry(start: Date): string[] {
  return STEPS.map((step) => {
    const time = new Date(start.getTime() + step.at * 1000);
    return JSON.stringify({
      '@timestamp': time.toISOString(),
      Hostname: HOST,
      Channel: SYSMON,
      SourceName: 'Microsoft-Windows-Sysmon',
      UtcTime: utcTime(time),
      ...step.fields,
    });
  });
}

export const DEMO_HOST = HOST;
