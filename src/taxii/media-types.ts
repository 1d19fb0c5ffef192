// TAXII 2.1 media types and the Accept negotiation of sections 1.6.8 and 3.1.

/** What every TAXII response of this server carries as its Content-Type (section 3.1). */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
/** The one object media type the collections hold: the store keeps STIX 2.1 (imports upgrade 2.0). */
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

const TAXII_TYPE = 'application/taxii+json';
const SERVED_VERSION = '2.1';

interface MediaRange {
  type: string;
  parameters: Map<string, string>;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1).replace(/\\(.)/g, '$1')
    : value;
}

/** The media ranges of an Accept header (RFC 7231 section 5.3.2), names lower-cased, values unquoted. */
function mediaRanges(accept: string): MediaRange[] {
  return accept.split(',').map((range) => {
    const [type = '', ...parameters] = range.split(';');
    return {
      type: type.trim().toLowerCase(),
      parameters: new Map(
        parameters.map((parameter) => {
          const equals = parameter.indexOf('=');
          const name = equals === -1 ? parameter : parameter.slice(0, equals);
          const value = equals === -1 ? '' : parameter.slice(equals + 1);
          return [name.trim().toLowerCase(), unquote(value.trim())];
        }),
      ),
    };
  });
}

/**
 * Whether a request's Accept header lets this server answer in TAXII 2.1. Section 3.1 requires every
 * request to name at least one TAXII media range, and section 1.6.8.2 defines two: with
 * version=2.1, and without a version, meaning the latest the server supports (2.1 here). Wildcards
 * such as *\/* are not TAXII media ranges, which section 3.1 lets a server refuse with 406, as the
 * reference server does; a range with q=0 is one the client refuses (RFC 7231 section 5.3.1).
 */
export function acceptsTaxii21(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  return mediaRanges(accept).some((range) => {
    if (range.type !== TAXII_TYPE) return false;
    const quality = range.parameters.get('q');
    if (quality !== undefined && !(Number(quality) > 0)) return false;
    const version = range.parameters.get('version');
    return version === undefined || version === SERVED_VERSION;
  });
}

/**
 * Whether a request body's Content-Type is TAXII 2.1 (section 3.1): application/taxii+json with
 * version=2.1, or without a version, which section 1.6.8.2 defines as the latest (2.1 here).
 */
export function isTaxii21ContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [range] = mediaRanges(contentType);
  if (range === undefined || range.type !== TAXII_TYPE) return false;
  const version = range.parameters.get('version');
  return version === undefined || version === SERVED_VERSION;
}
