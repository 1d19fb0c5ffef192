// The worker thread of prepareOnWorker (prepare-on-worker.ts): for each import it is started on,
// reads the input bytes its parent sends, prepares them and posts each step back, never more than
// a bounded amount ahead of what the parent has written, so memory stays flat however fast the
// input comes. Between imports it waits for the next one.

import { parentPort } from 'node:worker_threads';
import { readStix } from '../stix/stream/read.js';
import { type PrepareOptions, prepareImport } from './prepare.js';
import type { FromParent, ToParent } from './prepare-on-worker.js';

/** Chunks asked for before they are needed, so reading never waits on the parent's event loop. */
const CHUNKS_AHEAD = 2;
// What is posted and not yet taken is bounded: the rows of four batches (one being written, three
// waiting, which ride out a slow commit; two measured slower) besides the one being gathered, and
// as many rejections or warnings as a batch holds rows. A batch is itself bounded in rows and bytes.
const BATCHES_AHEAD = 4;

const port = parentPort;
if (port === null) throw new Error('prepare.worker.js runs only as a worker thread');
const post = (message: ToParent) => port.postMessage(message);

/** The state of one import. */
class Job {
  readonly chunks: (Uint8Array | null)[] = [];
  /** What each step posted and not yet taken by the parent counts as, oldest first. */
  readonly posted: ('batch' | 'slice' | 'report')[] = [];
  batches = 0;
  reports = 0;
  private wake: (() => void) | undefined;

  constructor(readonly options: PrepareOptions) {}

  receive(message: FromParent): void {
    if (message.kind === 'chunk') this.chunks.push(message.bytes);
    else if (message.kind === 'end') this.chunks.push(null);
    else this.count(this.posted.shift(), -1);
    this.wake?.();
  }

  woken(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  /** The input as the parent sends it; each chunk taken asks for the next. */
  async *input(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < CHUNKS_AHEAD; i++) post({ kind: 'more' });
    for (;;) {
      while (this.chunks.length === 0) await this.woken();
      const chunk = this.chunks.shift() as Uint8Array | null;
      if (chunk === null) return;
      post({ kind: 'more' });
      yield chunk;
    }
  }

  /** Slices of a batch count with its last step, which says to write it. */
  private count(kind: 'batch' | 'slice' | 'report' | undefined, by: number): void {
    if (kind === 'batch') this.batches += by;
    else if (kind === 'report') this.reports += by;
  }

  async run(): Promise<void> {
    for await (const step of prepareImport(readStix(this.input()), this.options)) {
      post({ kind: 'step', step });
      const kind = step.kind !== 'rows' ? 'report' : step.write ? 'batch' : 'slice';
      this.posted.push(kind);
      this.count(kind, 1);
      while (this.batches >= BATCHES_AHEAD || this.reports >= this.options.batchSize) await this.woken();
    }
  }
}

let job: Job | undefined;

port.on('message', (message: FromParent) => {
  if (message.kind === 'start') {
    const started = new Job(message.options);
    job = started;
    // A failure is thrown out of the worker, which the parent hears as an 'error'.
    void started.run().then(() => {
      job = undefined;
      post({ kind: 'done' });
    });
  } else {
    // What the parent sent before it heard 'done' concerns no import any more.
    job?.receive(message);
  }
});
