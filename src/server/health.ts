import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../store/store.js';

/** GET /healthz: liveness plus which backend answers, for load balancers and the console. */
export const healthRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  app.get('/healthz', async () => ({ status: 'ok', backend: store.backend }));
};
