// Composes the HTTP server: error handling, authentication, health, the REST API and TAXII. Later
// features (the console) mount here as further plugins.

import Fastify, { type FastifyInstance } from 'fastify';
import { Directory } from '../access/directory.js';
import { RateLimiter, type RateLimitOptions } from '../access/rate-limit.js';
import type { HuntWorkers } from '../hunt/hunter.js';
import type { AlertOutput } from '../hunt/outputs.js';
import type { Store } from '../store/store.js';
import { taxiiRoutes } from '../taxii/server-routes.js';
import { registerAuthentication } from './auth.js';
import { answerFrameworkError, registerErrorHandling } from './errors.js';
import { healthRoutes } from './health.js';
import { objectsApi } from './objects-api.js';
import { telemetryApi } from './telemetry-api.js';

export interface ServerOptions {
  store: Store;
  /** pino log level, or false for none (tests). */
  logLevel?: string | false;
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
  /** Organisations, users and policies; one over `store` by default. */
  directory?: Directory;
  /** Requests per token (or per address without credentials); unlimited when absent. */
  rateLimit?: RateLimitOptions;
  /** Where alerts for new sightings from submitted telemetry go. */
  alertOutputs?: AlertOutput[];
  /**
   * Worker threads of each organisation's hunter (telemetry), which open the store at `store`
   * themselves; none by default (all on the serving thread).
   */
  huntWorkers?: HuntWorkers;
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logLevel === false ? false : { level: options.logLevel ?? 'info' },
    bodyLimit: options.bodyLimit ?? 10 * 1024 * 1024,
    frameworkErrors: answerFrameworkError,
    routerOptions: {
      ignoreTrailingSlash: true,
      // STIX ids of custom types can pass fastify's default of 100 characters for a path parameter.
      maxParamLength: 300,
    },
    // An unknown query parameter is an error to report, not something to drop silently.
    ajv: { customOptions: { removeAdditional: false } },
  });
  registerErrorHandling(app);
  const { store } = options;
  const directory = options.directory ?? new Directory(store);
  registerAuthentication(app, {
    directory,
    ...(options.rateLimit === undefined ? {} : { rateLimiter: new RateLimiter(options.rateLimit) }),
  });
  await app.register(healthRoutes, { store });
  await app.register(objectsApi, { store, directory });
  await app.register(telemetryApi, {
    store,
    directory,
    outputs: options.alertOutputs ?? [],
    ...(options.huntWorkers === undefined ? {} : { workers: options.huntWorkers }),
  });
  // The server's own path prefixes are never TAXII API roots: anything else under them is the
  // REST 404, even where a TAXII route's `/:apiRoot/...` pattern would match. Static routes win
  // over parametric ones, and the router matches the decoded path, so encoded forms land here too.
  for (const path of ['/api', '/api/*', '/healthz/*'])
    app.all(path, (_request, reply) => reply.callNotFound());
  await app.register(taxiiRoutes, { store, directory });
  return app;
}
