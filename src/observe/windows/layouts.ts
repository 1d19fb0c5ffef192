// The layouts collectors write Windows events in, read to one shape: which event it is, the fields the
// tables read, its time and host.
// - flat (NXLog, HELK, OTRF's datasets): the event's fields beside EventID, Channel, Hostname at the
//   top level;
// - EventData (Azure Sentinel's WindowsEvent and SecurityEvent, Winlogbeat 6): the event's fields in
//   EventData/event_data, an object or its text as JSON or as the XML <Data Name=...> elements;
// - ECS (Winlogbeat 7+): winlog.event_id, winlog.channel, winlog.event_data.*, ECS fields (ecs.ts);
// - Windows Event Forwarding XML rendered to JSON (xmltodict, Splunk's XmlWinEventLog and the like):
//   Event.System.{EventID, Channel, Computer, TimeCreated.@SystemTime} and EventData.Data as a list
//   of {"@Name", "#text"}.
// The event time is Sysmon's UtcTime when there is one: collectors stamp their own times, some in the
// wrong zone (OTRF's NXLog TimeCreated is local time marked Z), while UtcTime is what Sysmon saw.

import { isPlainObject } from '../../stix/object.js';
import { timestamp } from '../transforms/time.js';
import { decodeXmlText } from '../transforms/windows.js';

type Rec = Record<string, unknown>;

export interface WindowsEvent {
  /** "sysmon:1", "security:4688", else the channel's name and the id ("system:7040"). */
  eventType: string;
  /** The record the tables read fields from. */
  data: Rec;
  /** An ECS document: fields are looked up as ecs.ts says. */
  ecs: boolean;
  time: string | undefined;
  /** The first of the time fields that has a value, read or not, for the error when none reads. */
  rawTime: unknown;
  host: string | undefined;
  /** The collector that relayed the event (a WEC server, a beat), when the layout names it. */
  sensor: string | undefined;
}

function get(record: unknown, ...steps: string[]): unknown {
  let current = record;
  for (const step of steps) {
    if (!isPlainObject(current)) return undefined;
    current = current[step];
  }
  return current;
}

/** A text value: a string, a number, or XML-as-JSON's {"#text": ...}. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  if (isPlainObject(value)) return text(value['#text'] ?? value._ ?? value.text);
  return undefined;
}

/** An XML attribute as converters render it: "@Name", "Name", or xml2js's {"$": {"Name": ...}}. */
function attribute(element: unknown, name: string): string | undefined {
  if (!isPlainObject(element)) return undefined;
  return text(element[`@${name}`] ?? element[name] ?? get(element, '$', name));
}

/** The first of the candidate times that is a time, and the first candidate there is. */
function timeOf(...candidates: unknown[]): { time: string | undefined; rawTime: unknown } {
  return firstTime(candidates.length, (index) => candidates[index]);
}

/** timeOf over fields of the record, read only until one is a time (the first, in Sysmon's events). */
function timeAt(record: Rec, names: readonly string[]): { time: string | undefined; rawTime: unknown } {
  return firstTime(names.length, (index) => record[names[index] as string]);
}

/** The first of `count` candidates that is a time, and the first candidate there is; one pass. */
function firstTime(
  count: number,
  candidate: (index: number) => unknown,
): { time: string | undefined; rawTime: unknown } {
  let rawTime: unknown;
  for (let index = 0; index < count; index++) {
    const value = candidate(index);
    const time = timestamp(value);
    if (time !== undefined) return { time, rawTime: value };
    if (rawTime === undefined) rawTime = value;
  }
  return { time: undefined, rawTime };
}

function eventType(
  id: string | undefined,
  channel: string | undefined,
  provider: string | undefined,
): string | undefined {
  if (id === undefined || !/^\d+$/.test(id)) return undefined;
  // Forwarded events keep their provider; the channel may be the collector's ForwardedEvents.
  if (provider === 'Microsoft-Windows-Sysmon') return `sysmon:${id}`;
  if (provider === 'Microsoft-Windows-Security-Auditing') return `security:${id}`;
  const name = channel?.toLowerCase();
  if (name === 'microsoft-windows-sysmon/operational') return `sysmon:${id}`;
  if (name === undefined) return undefined;
  return `${name}:${id}`;
}

const XML_DATA = /<Data Name=(?:"([^"]*)"|'([^']*)')\s*(?:\/>|>([^<]*)<\/Data>)/g;

/** Name-value pairs of EventData as XML text, or as XML rendered to JSON. */
function eventData(value: unknown): Rec | undefined {
  if (typeof value === 'string') {
    const data: Rec = {};
    for (const match of value.matchAll(XML_DATA)) {
      const name = match[1] ?? match[2];
      if (name !== undefined && match[3] !== undefined) data[name] = decodeXmlText(match[3]);
    }
    return data;
  }
  if (!isPlainObject(value)) return undefined;
  const entries = value.Data ?? value.data;
  if (entries === undefined) return value;
  const data: Rec = {};
  for (const entry of Array.isArray(entries) ? entries : [entries]) {
    const name = attribute(entry, 'Name');
    const content = isPlainObject(entry)
      ? text(entry['#text'] ?? entry._ ?? entry.text ?? entry.Value)
      : undefined;
    if (name !== undefined && content !== undefined) data[name] = content;
  }
  return data;
}

function ecsEvent(record: Rec, winlog: Rec): WindowsEvent | string {
  const type = eventType(
    text(winlog.event_id ?? get(record, 'event', 'code')),
    text(winlog.channel),
    text(winlog.provider_name),
  );
  if (type === undefined) return 'no winlog.event_id and winlog.channel';
  return {
    eventType: type,
    data: record,
    ecs: true,
    ...timeOf(get(winlog, 'event_data', 'UtcTime'), record['@timestamp'], get(record, 'event', 'created')),
    host:
      text(winlog.computer_name) ??
      text(get(record, 'host', 'name')) ??
      text(get(record, 'host', 'hostname')),
    sensor: text(get(record, 'agent', 'hostname')) ?? text(get(record, 'agent', 'name')),
  };
}

function forwardedEvent(root: Rec, system: Rec): WindowsEvent | string {
  const type = eventType(text(system.EventID), text(system.Channel), attribute(system.Provider, 'Name'));
  if (type === undefined) return 'no System.EventID and System.Channel';
  const data = eventData(root.EventData) ?? {};
  return {
    eventType: type,
    data,
    ecs: false,
    ...timeOf(data.UtcTime, attribute(system.TimeCreated, 'SystemTime')),
    host: text(system.Computer),
    sensor: undefined,
  };
}

function eventDataEvent(record: Rec, container: unknown): WindowsEvent | string {
  let data: Rec | undefined;
  if (typeof container === 'string' && container.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(container);
      data = isPlainObject(parsed) ? parsed : undefined;
    } catch (error) {
      return `EventData is not JSON: ${(error as Error).message}`;
    }
  } else {
    data = eventData(container);
  }
  if (data === undefined) return 'EventData holds no fields';
  const type = eventType(
    text(record.EventID ?? record.event_id),
    text(record.Channel ?? record.log_name),
    text(record.Provider ?? record.SourceName ?? record.source_name),
  );
  if (type === undefined) return 'no EventID and Channel';
  return {
    eventType: type,
    data,
    ecs: false,
    ...timeOf(data.UtcTime, record.TimeCreated, record.TimeGenerated, record['@timestamp']),
    host: text(record.Computer ?? record.Hostname ?? record.computer_name),
    sensor: undefined,
  };
}

// @timestamp before EventTime: NXLog's EventTime is the host's local time, without a zone.
const FLAT_TIMES = ['UtcTime', 'TimeCreated', '@timestamp', 'TimeGenerated', 'EventTime'];

function flatEvent(record: Rec): WindowsEvent | string {
  const type = eventType(
    text(record.EventID ?? record.EventId ?? record.event_id),
    text(record.Channel ?? record.channel ?? record.log_name),
    text(record.SourceName ?? record.Provider ?? record.ProviderName ?? record.source_name),
  );
  if (type === undefined) return 'no EventID and Channel: not a Windows event';
  const { time, rawTime } = timeAt(record, FLAT_TIMES);
  return {
    eventType: type,
    data: record,
    ecs: false,
    time,
    rawTime,
    host: text(record.Hostname ?? record.Computer ?? record.computer_name ?? record.host_name),
    // A string "host" beside Hostname is the collector (Logstash's input host, a WEC server).
    sensor: typeof record.host === 'string' ? record.host : undefined,
  };
}

/** Reads a Windows event in any of the layouts; a string says why the record is none. */
export function readWindowsEvent(record: Rec): WindowsEvent | string {
  if (isPlainObject(record.winlog)) return ecsEvent(record, record.winlog);
  const root = isPlainObject(record.Event) ? record.Event : record;
  if (isPlainObject(root.System)) return forwardedEvent(root, root.System);
  const container = record.EventData ?? record.event_data;
  if (container !== undefined && container !== null) return eventDataEvent(record, container);
  return flatEvent(record);
}

/** Whether a parsed line looks like a Windows event in one of the layouts. */
export function looksLikeWindowsEvent(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  if (isPlainObject(value.winlog)) return value.winlog.event_id !== undefined;
  const root = isPlainObject(value.Event) ? value.Event : value;
  if (isPlainObject(root.System)) return root.System.EventID !== undefined;
  const id = value.EventID ?? value.EventId ?? value.event_id;
  return (
    (typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id))) &&
    (value.Channel ?? value.channel ?? value.log_name ?? value.Provider ?? value.SourceName) !== undefined
  );
}
