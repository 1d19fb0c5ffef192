// prepareImport on a worker thread, so that reading, parsing, validating and deriving rows run
// beside the writes instead of between them. This thread only moves bytes in and steps out: the
// input's chunks go to the worker as they are asked for, and each step comes back as plain data.

import { Worker } from 'node:worker_threads';
import type { ImportStep, PrepareOptions } from './prepare.js';

/** Messages to the worker: an import to run, its input and that the oldest step posted was dealt with. */
export type FromParent =
  | { kind: 'start'; options: PrepareOptions }
  | { kind: 'chunk'; bytes: Uint8Array }
  | { kind: 'end' }
  | { kind: 'taken' };
/** Messages from the worker: a wish for input, a step, and that no step follows. */
export type ToParent = { kind: 'more' } | { kind: 'step'; step: ImportStep } | { kind: 'done' };

// Rows per message: a batch comes over in slices, so that the worker lets go of its rows while they
// are young, which garbage collection makes cheap (measured on ATT&CK: a fifth less CPU on a first
// import than with whole batches).
const SLICE_ROWS = 100;

// One worker is kept between imports, unreferenced so that it never holds the process open: an
// import after the first finds the code it runs compiled and optimized (measured on ATT&CK, a fresh
// worker takes 0.1 s to start, and the first import about twice the CPU of later ones).
let idle: Worker | undefined;

function takeWorker(): Worker {
  const worker = idle ?? new Worker(new URL('./prepare.worker.js', import.meta.url));
  if (worker !== idle) {
    // An idle worker that fails has no import to fail; it is forgotten.
    worker.on('error', () => {});
    worker.on('exit', () => {
      if (idle === worker) idle = undefined;
    });
  }
  idle = undefined;
  worker.ref();
  return worker;
}

/** Keeps a worker that finished its import for the next one, unless one is kept already. */
async function release(worker: Worker, finished: boolean): Promise<void> {
  if (finished && idle === undefined) {
    worker.unref();
    idle = worker;
  } else {
    await worker.terminate();
  }
}

/**
 * The steps of prepareImport over STIX content in `chunks`, computed on a worker thread. The
 * worker stays a few batches ahead of the consumer at most (prepare.worker.ts); stopping early
 * (return or throw in a for-await) stops the worker and closes the input. A failure of the worker
 * is thrown here. A chunk may be moved to the worker, which empties it here: the source must not
 * use a chunk again once it has handed it out (Node's streams do not).
 */
export async function* prepareOnWorker(
  chunks: AsyncIterable<Uint8Array>,
  options: PrepareOptions,
): AsyncGenerator<ImportStep> {
  const source = chunks[Symbol.asyncIterator]();
  const worker = takeWorker();
  const steps: ImportStep[] = [];
  let done = false;
  let over = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const send = (message: FromParent, transfer: ArrayBuffer[] = []) => {
    // Once this import is over, the worker may already run another.
    if (!over) worker.postMessage(message, transfer);
  };
  const fail = (error: unknown) => {
    failure ??= { error };
    wake?.();
  };

  // Chunks are read one after another, in the order they were asked for.
  let reading = Promise.resolve();
  let ended = false;
  const sendChunk = async () => {
    if (ended) return;
    const next = await source.next();
    if (next.done) {
      ended = true;
      send({ kind: 'end' });
      return;
    }
    const bytes = movable(next.value);
    send({ kind: 'chunk', bytes }, [bytes.buffer]);
  };

  const onMessage = (message: ToParent) => {
    if (message.kind === 'more') reading = reading.then(sendChunk).catch(fail);
    else if (message.kind === 'step') steps.push(message.step);
    else done = true;
    wake?.();
  };
  const onExit = (code: number) =>
    fail(new Error(`the import worker stopped (exit code ${code}) before the end of the input`));
  worker.on('message', onMessage);
  worker.on('error', fail);
  worker.on('messageerror', fail);
  worker.on('exit', onExit);
  send({ kind: 'start', options: { ...options, sliceSize: SLICE_ROWS } });

  try {
    for (;;) {
      if (failure !== undefined) throw failure.error;
      const step = steps.shift();
      if (step !== undefined) {
        yield step;
        send({ kind: 'taken' });
        continue;
      }
      if (done) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    over = true;
    worker.off('message', onMessage);
    worker.off('error', fail);
    worker.off('messageerror', fail);
    worker.off('exit', onExit);
    await release(worker, done && failure === undefined);
    if (!ended) await source.return?.();
  }
}

/**
 * The chunk itself when it is the whole of its buffer, as a file stream's chunks are, else a copy
 * of it: a view on a larger or a shared buffer cannot be moved to another thread. Moving saves more
 * than the copy: here, fresh memory costs about 6 ms per MB to touch.
 */
function movable(chunk: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = chunk;
  const whole =
    buffer instanceof ArrayBuffer && chunk.byteOffset === 0 && chunk.byteLength === buffer.byteLength;
  return whole ? new Uint8Array(buffer) : new Uint8Array(chunk);
}
