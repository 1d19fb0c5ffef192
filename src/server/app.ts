// Composes the HTTP server: error handling, health, and the REST API. Later features (TAXII,
// console) mount here as further plugins.

import Fastify, { type FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { taxiiRoutes } from '../taxii/server-routes.js';
import { answerFrameworkError, registerErrorHandling } from './errors.js';
import { healthRoutes } from './health.js';
import { objectsApi } from './objects-api.js';

export interface ServerOptions {
  store: Store;
  /** pino log level, or false for none (tests). */
  logLevel?: string | false;
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
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
  await app.register(healthRoutes, { store: options.store });
  await app.register(objectsApi, { store: options.store });
  await app.register(taxiiRoutes, { store: options.store });
  return app;
}
