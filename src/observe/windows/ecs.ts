// Winlogbeat writes the event's own fields under winlog.event_data, except that its Sysmon module
// moves some of them to Elastic Common Schema fields (x-pack/winlogbeat/module/sysmon: Image to
// process.executable, Hashes to process.hash.* or file.hash.*, QueryName to dns.question.name...).
// The Windows tables name Sysmon's fields; on an ECS document each name is looked up under
// winlog.event_data first, then at the ECS fields below. The Security module keeps event_data.

const ECS_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Image: ['process.executable'],
  ProcessId: ['process.pid'],
  ProcessGuid: ['process.entity_id'],
  CommandLine: ['process.command_line'],
  CurrentDirectory: ['process.working_directory'],
  ParentImage: ['process.parent.executable'],
  ParentProcessId: ['process.parent.pid'],
  ParentProcessGuid: ['process.parent.entity_id'],
  ParentCommandLine: ['process.parent.command_line'],
  // Events 8 and 10 call the acting process the source.
  SourceImage: ['process.executable'],
  SourceProcessId: ['process.pid'],
  SourceProcessGUID: ['process.entity_id'],
  Hashes: ['process.hash', 'file.hash'],
  Hash: ['file.hash'],
  TargetFilename: ['file.path'],
  ImageLoaded: ['file.path'],
  PipeName: ['file.name'],
  QueryName: ['dns.question.name'],
  QueryResults: ['dns.resolved_ip'],
  SourceIp: ['source.ip'],
  SourcePort: ['source.port'],
  SourceHostname: ['source.domain'],
  DestinationIp: ['destination.ip'],
  DestinationPort: ['destination.port'],
  DestinationHostname: ['destination.domain'],
  Protocol: ['network.transport'],
  // The module splits "DOMAIN\user" and keeps only the name here; the domain is in user.domain.
  User: ['user.name'],
};

/** Where a Windows field may be in an ECS document, in the order to look. */
export function ecsNames(path: string): readonly string[] {
  return [`winlog.event_data.${path}`, ...(ECS_FIELDS[path] ?? [])];
}
