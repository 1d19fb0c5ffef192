// How many worker threads a hunt starts (hunt --workers, serve --hunt-workers): each holds every
// indicator its organisation may see, so the default stops at a few even on a large machine. The
// server starts that many for each organisation that submits telemetry, and keeps them.

import { availableParallelism } from 'node:os';
import { CliError, EXIT } from './exit-codes.js';

const MAX_DEFAULT_WORKERS = 4;
const MAX_WORKERS = 64;

/** One per core, at most MAX_DEFAULT_WORKERS. */
export function defaultWorkerCount(): number {
  return Math.min(availableParallelism(), MAX_DEFAULT_WORKERS);
}

/** A worker count given on the command line (0: everything on the main thread). */
export function parseWorkerCount(text: string, flag: string): number {
  const count = Number(text);
  if (!(text.trim() !== '' && Number.isInteger(count) && count >= 0 && count <= MAX_WORKERS))
    throw new CliError(`${flag} must be a whole number from 0 to ${MAX_WORKERS}, not '${text}'`, EXIT.usage);
  return count;
}
