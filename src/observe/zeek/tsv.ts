// Zeek's native ASCII logs: "#" header lines declare the separator, the set separator, how unset and
// empty fields are written, the log's path and its fields with their types; each other line is one
// record. A record becomes an object keyed by the field names as Zeek writes them ("id.orig_h"), with
// unset fields left out, containers (set[...], vector[...]) as lists and everything else as text:
// the mapping's transforms turn text into numbers and times.

export interface TsvHeader {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
  path: string | undefined;
  fields: string[] | undefined;
  /** Per field: whether its type is a container. */
  containers: boolean[];
}

export function newHeader(): TsvHeader {
  return {
    separator: '\t',
    setSeparator: ',',
    emptyField: '(empty)',
    unsetField: '-',
    path: undefined,
    fields: undefined,
    containers: [],
  };
}

/** Zeek writes bytes outside printable ASCII and separators inside values as \xNN. */
function decodeEscapes(value: string): string {
  return value.includes('\\x')
    ? value.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : value;
}

/**
 * Applies one "#" line to the header; returns an error message for a malformed one. A new #fields
 * starts a new log (logs are often concatenated), so it drops the old types.
 */
export function readHeaderLine(header: TsvHeader, line: string): string | undefined {
  if (line.startsWith('#separator')) {
    const value = decodeEscapes(line.slice('#separator'.length).trim());
    if (value === '') return '#separator names no separator';
    header.separator = value;
    return undefined;
  }
  const cut = line.indexOf(header.separator);
  const keyword = cut < 0 ? line : line.slice(0, cut);
  const rest = cut < 0 ? [] : line.slice(cut + header.separator.length).split(header.separator);
  const first = rest[0] === undefined ? undefined : decodeEscapes(rest[0]);
  switch (keyword) {
    case '#set_separator':
      if (first === undefined) return '#set_separator names no separator';
      header.setSeparator = first;
      return undefined;
    case '#empty_field':
      if (first !== undefined) header.emptyField = first;
      return undefined;
    case '#unset_field':
      if (first !== undefined) header.unsetField = first;
      return undefined;
    case '#path':
      header.path = first;
      return undefined;
    case '#fields':
      if (rest.length === 0) return '#fields names no fields';
      header.fields = rest;
      header.containers = [];
      return undefined;
    case '#types':
      header.containers = rest.map((type) => type.startsWith('set[') || type.startsWith('vector['));
      return undefined;
    default:
      // #open, #close and comments of other tools carry nothing a record needs.
      return undefined;
  }
}

/** One record line as an object, or an error message when it does not fit the header. */
export function readRecord(header: TsvHeader, line: string): Record<string, unknown> | string {
  const { fields } = header;
  if (fields === undefined) return 'a TSV record before any #fields header';
  const values = line.split(header.separator);
  if (values.length !== fields.length) {
    return `${values.length} fields where #fields declares ${fields.length}`;
  }
  const record: Record<string, unknown> = {};
  for (let index = 0; index < fields.length; index++) {
    const value = values[index] as string;
    if (value === header.unsetField) continue;
    const name = fields[index] as string;
    if (header.containers[index] === true) {
      record[name] = value === header.emptyField ? [] : value.split(header.setSeparator).map(decodeEscapes);
    } else {
      record[name] = value === header.emptyField ? '' : decodeEscapes(value);
    }
  }
  return record;
}
