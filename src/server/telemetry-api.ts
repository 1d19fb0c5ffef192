// POST /api/v1/telemetry: a member streams its telemetry (NDJSON: Sysmon, Zeek, Suricata, STIX, or
// generic JSON with ?format=generic and a mapping) and gets back what it set off. Each
// organisation hunts with the indicators it may see; its one hunter is kept between requests, so
// temporal patterns span requests, and picks up new intelligence in the background. The TLP of a
// request (?tlp=) marks the sightings it creates, not the hunter. The body is read as a stream,
// line by line, so a slow detector slows the sender (TCP back-pressure) instead of filling memory;
// its detections are recorded in batches, one store commit each.

import type { FastifyPluginAsync } from 'fastify';
import type { Directory, Organisation } from '../access/directory.js';
import { RequestDenied } from '../access/errors.js';
import type { Alert } from '../detect/alert.js';
import { DetectionBatcher } from '../hunt/batch.js';
import { Hunter, type HuntWorkers } from '../hunt/hunter.js';
import type { AlertOutput } from '../hunt/outputs.js';
import { MappingError } from '../observe/mapping.js';
import { materialize } from '../observe/materialize.js';
import { UnknownFormatError } from '../observe/read-events.js';
import { TLP2_MARKINGS, type TlpLevel } from '../stix/tlp.js';
import type { Store } from '../store/store.js';
import { HttpError } from './errors.js';

const NDJSON_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'text/plain'];
const REFRESH_MS = 10_000;
const MAX_REPORTED = 100;
const SIGHTING_WINDOW_MS = 3_600_000;

interface TelemetryQuery {
  format?: string;
  source?: string;
  tlp?: string;
}

interface OrgHunter {
  hunter: Promise<Hunter>;
  lastRefresh: number;
  refreshing: boolean;
}

export interface TelemetryOptions {
  store: Store;
  directory: Directory;
  /** Where an alert for each new sighting goes (serve --alert-*). */
  outputs?: AlertOutput[];
  /** Worker threads of each organisation's hunter (serve --hunt-workers); see HuntOptions.workers. */
  workers?: HuntWorkers;
}

export const telemetryApi: FastifyPluginAsync<TelemetryOptions> = async (app, options) => {
  const { store, directory } = options;
  const outputs = options.outputs ?? [];
  const hunters = new Map<string, OrgHunter>();
  // Hunters with worker threads end them with the server.
  app.addHook('onClose', async () => {
    const opened = await Promise.allSettled([...hunters.values()].map((entry) => entry.hunter));
    for (const result of opened) if (result.status === 'fulfilled') await result.value.close();
  });

  // The body stays a stream: the route reads it line by line.
  app.addContentTypeParser(NDJSON_TYPES, (_request, payload, done) => done(null, payload));

  function hunterFor(org: Organisation): Promise<Hunter> {
    const key = org.id;
    let entry = hunters.get(key);
    if (entry === undefined) {
      const hunter = Hunter.open({
        store,
        directory,
        org,
        record: true,
        windowMs: SIGHTING_WINDOW_MS,
        outputs,
        materialize: (event) => materialize(event),
        onOutputError: (output, error) => app.log.warn({ output }, `alert not delivered: ${error.message}`),
        onEvaluationError: (id, message) => app.log.warn({ indicator: id }, message),
        ...(options.workers === undefined ? {} : { workers: options.workers }),
      });
      entry = { hunter, lastRefresh: Date.now(), refreshing: false };
      hunters.set(key, entry);
      hunter.catch(() => hunters.delete(key));
    } else if (!entry.refreshing && Date.now() - entry.lastRefresh > REFRESH_MS) {
      // New intelligence is read beside the stream, between its lines, never before it.
      const current = entry;
      current.refreshing = true;
      void current.hunter
        .then((hunter) => hunter.refresh())
        .catch((error: Error) => app.log.error({ err: error }, 'indicator refresh failed'))
        .finally(() => {
          current.lastRefresh = Date.now();
          current.refreshing = false;
        });
    }
    return entry.hunter;
  }

  app.post<{ Querystring: TelemetryQuery }>(
    '/api/v1/telemetry',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            format: { type: 'string', maxLength: 32 },
            source: { type: 'string', maxLength: 256 },
            tlp: { type: 'string', maxLength: 16 },
          },
        },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal.kind !== 'user') {
        throw new RequestDenied(
          401,
          'unauthorized',
          'telemetry needs credentials: a token of a member organisation',
        );
      }
      if (principal.role === 'reader') {
        throw new RequestDenied(403, 'forbidden', 'a reader may not submit telemetry: it creates sightings');
      }
      const tlp = request.query.tlp ?? 'amber';
      if (!(tlp in TLP2_MARKINGS)) {
        throw new HttpError(
          400,
          'bad-parameter',
          `tlp: '${tlp.slice(0, 16)}' is not clear, green, amber, amber+strict or red`,
        );
      }
      const body = request.body as NodeJS.ReadableStream | undefined;
      if (body === undefined || typeof (body as AsyncIterable<Buffer>)[Symbol.asyncIterator] !== 'function') {
        throw new HttpError(
          415,
          'unsupported-media-type',
          `send telemetry as ${NDJSON_TYPES[0]} (one event per line)`,
        );
      }
      const org = await directory.findOrg(principal.org);
      if (org === undefined) throw new RequestDenied(403, 'forbidden', 'your organisation no longer exists');
      const hunter = await hunterFor(org);
      // What the temporal patterns may have missed while this request was read (other requests of
      // the organisation share the hunter, so theirs count too while they overlap).
      const temporalBefore = hunter.temporalState();
      const source = `http:${request.query.source ?? principal.user}`;
      const summary = { events: 0, detections: 0, error_count: 0 };
      const errors: { line: number; message: string }[] = [];
      const alerts: Alert[] = [];
      const created = new Set<string>();
      const batcher = new DetectionBatcher(hunter, {
        marking: TLP2_MARKINGS[tlp as TlpLevel].id as string,
        onAlerts: (reported) => {
          for (const alert of reported) {
            if (alert.sighting?.created === true) created.add(alert.sighting.id);
            if (alerts.length < MAX_REPORTED) alerts.push(alert);
          }
        },
      });
      try {
        for await (const batch of hunter.hunt(body as AsyncIterable<Buffer>, {
          source,
          ...(request.query.format === undefined ? {} : { format: request.query.format }),
        })) {
          summary.events += batch.events;
          for (const { line, message } of batch.errors) {
            summary.error_count += 1;
            if (errors.length < MAX_REPORTED) errors.push({ line, message });
          }
          if (batch.detections.length === 0) continue;
          summary.detections += batch.detections.length;
          await batcher.add(batch.detections);
        }
      } catch (error) {
        // What was found before the failure is still recorded.
        await batcher.flush();
        if (error instanceof UnknownFormatError) throw new HttpError(400, 'unknown-format', error.message);
        if (error instanceof MappingError) throw new HttpError(400, 'bad-mapping', error.message);
        throw error;
      }
      await batcher.flush();
      const temporalAfter = hunter.temporalState();
      const temporal = {
        dropped: temporalAfter.dropped - temporalBefore.dropped,
        out_of_order: temporalAfter.outOfOrder - temporalBefore.outOfOrder,
      };
      reply.type('application/json');
      return JSON.stringify({ ...summary, sightings_created: created.size, temporal, errors, alerts });
    },
  );
};
