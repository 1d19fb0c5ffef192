// Hunting on several cores. Reading a line (UTF-8 decoding, JSON.parse, mapping) and matching its
// event against the indicators of one bracket need no state, so worker threads (pool-worker.ts) do
// all of it for batches of lines, each worker with the indicators loaded through its own store
// connection. The thread that owns the pool only cuts the input's bytes into batches of whole lines
// (line-batches.ts) and takes the answers back in line order: errors, detections, and the few
// events that feed a temporal indicator, which it runs itself, in order, since temporal state must
// see every such event of an entity in time order. What crosses between threads is raw bytes one
// way (transferred, not copied) and what is rare the other: moving every mapped event back costs
// about what reading it does (docs/benchmarks.md).

import { Worker } from 'node:worker_threads';
import type { TemporalChange } from '../detect/detector.js';
import type { RefreshReport } from '../detect/indicator-feed.js';
import {
  DEFAULT_MAX_LINE_LENGTH,
  formatFor,
  isBlank,
  lineReader,
  type ReadEventsOptions,
  SAMPLE_LINES,
} from '../observe/read-events.js';
import type { OpenStoreOptions } from '../store/open.js';
import type { Scope } from '../store/store.js';
import { type LineBatch, lineBatches, linesIn } from './line-batches.js';
import type { BatchEntry, FromWorker, SourceOptions, ToWorker, WorkerSetup } from './pool-protocol.js';

/** Lines a worker gets at once: about 1 MB of Sysmon JSON, few enough that no thread waits long. */
const BATCH_LINES = 512;
/** Bytes after which a batch goes whatever its lines: long lines make smaller batches. */
const BATCH_BYTES = 1024 * 1024;
/** Batches handed to each worker before waiting for the oldest answer. */
const IN_FLIGHT_PER_WORKER = 2;

export interface PoolOptions {
  workers: number;
  store: OpenStoreOptions;
  scopes: readonly Scope[];
  onEvaluationError?: (indicatorId: string, message: string) => void;
}

export interface PoolRefresh {
  report: RefreshReport;
  /** Indicators watched (by the first worker; all read the same store). */
  indicators: number;
  /** The changes to the temporal indicators since the last refresh, for the owner's detector. */
  temporal: TemporalChange[];
}

/** What a batch of lines gave, in the order of its lines. */
export interface PoolBatch {
  events: number;
  entries: BatchEntry[];
}

/** A worker failed or ended while work was asked of it. */
class HuntWorkerError extends Error {
  constructor(message: string) {
    super(`hunt worker: ${message}`);
    this.name = 'HuntWorkerError';
  }
}

/** One worker and the answers it owes, which come in the order the requests went. */
class PoolWorker {
  private readonly waiting: { resolve: (answer: FromWorker) => void; reject: (error: Error) => void }[] = [];
  private failure: Error | undefined;

  constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (answer: FromWorker) => {
      const waiter = this.waiting.shift();
      if (waiter === undefined) return;
      if (answer.kind === 'failed') waiter.reject(new HuntWorkerError(answer.message));
      else waiter.resolve(answer);
    });
    worker.on('error', (error) => this.fail(new HuntWorkerError(error.message)));
    worker.on('exit', (code) => this.fail(new HuntWorkerError(`ended (exit code ${code})`)));
  }

  /**
   * Sends a message that gets no answer (begin, end). The worker never answers one, not even on
   * failure (that would pair its answer with another request): a source it could not begin fails
   * at its first batch.
   */
  tell(message: ToWorker): void {
    if (this.failure === undefined) this.worker.postMessage(message);
  }

  /** Sends a request; `transfer` lists buffers handed over (no longer usable here). */
  ask(message: ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(message, transfer);
    });
  }

  async close(): Promise<void> {
    try {
      if (this.failure === undefined) await this.ask({ kind: 'close' });
    } finally {
      await this.worker.terminate();
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
  }
}

/**
 * The lines format detection reads, as readHead takes them: none when the format is named, else up
 * to the SAMPLE_LINES-th non-blank one, decoded one by one (the rest of a batch is the workers' to
 * decode). The batches read for them are kept in `held`, to be hunted first. A line too long to
 * keep counts, as in readHead, and is left out, as formatFor leaves it out.
 */
async function headOf(
  batches: AsyncIterator<LineBatch>,
  held: LineBatch[],
  options: Pick<ReadEventsOptions, 'format' | 'mapping'>,
): Promise<string[]> {
  const head: string[] = [];
  if (options.format !== undefined || options.mapping !== undefined) return head;
  let nonBlank = 0;
  while (nonBlank < SAMPLE_LINES) {
    const next = await batches.next();
    if (next.done === true) break;
    held.push(next.value);
    const { first, overlong } = next.value;
    let number = first;
    for (const line of linesIn(next.value)) {
      if (nonBlank >= SAMPLE_LINES) break;
      if (overlong.includes(number++)) {
        nonBlank++;
        continue;
      }
      head.push(line);
      if (!isBlank(line)) nonBlank++;
    }
  }
  return head;
}

function expect<K extends FromWorker['kind']>(answer: FromWorker, kind: K): Extract<FromWorker, { kind: K }> {
  if (answer.kind !== kind) throw new HuntWorkerError(`answered ${answer.kind} where ${kind} was due`);
  return answer as Extract<FromWorker, { kind: K }>;
}

export class HuntPool {
  private nextKey = 0;
  /** The worker the next batch goes to, whichever read() it is of: reads at once share the workers. */
  private turn = 0;

  private constructor(
    private readonly workers: readonly PoolWorker[],
    private readonly options: PoolOptions,
  ) {}

  /** Starts the workers; none has indicators until the first refresh. */
  static start(options: PoolOptions): HuntPool {
    if (!(Number.isInteger(options.workers) && options.workers > 0))
      throw new RangeError(`a hunt pool needs a positive whole number of workers, not ${options.workers}`);
    const workers = Array.from({ length: options.workers }, (_, index) => {
      const setup: WorkerSetup = { store: options.store, scopes: [...options.scopes], mirror: index === 0 };
      return new PoolWorker(new Worker(new URL('./pool-worker.js', import.meta.url), { workerData: setup }));
    });
    return new HuntPool(workers, options);
  }

  /** Every worker reads what the store received since its last refresh (all at once). */
  async refresh(): Promise<PoolRefresh> {
    const answers = await Promise.all(this.workers.map((worker) => worker.ask({ kind: 'refresh' })));
    const first = expect(answers[0] as FromWorker, 'refreshed');
    return { report: first.report, indicators: first.indicators, temporal: first.temporal };
  }

  /**
   * Reads a byte stream as readEvents(linesOf(chunks)) would (format named or detected, the same
   * line numbers and errors), spread over the workers; yields what each batch gave, in line order.
   * Throws UnknownFormatError or MappingError before any batch, as readEvents does.
   */
  async *read(
    chunks: AsyncIterable<Uint8Array | string>,
    options: ReadEventsOptions,
  ): AsyncGenerator<PoolBatch> {
    const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    const batches = lineBatches(chunks, { maxLineLength, lines: BATCH_LINES, bytes: BATCH_BYTES })[
      Symbol.asyncIterator
    ]();
    const held: LineBatch[] = [];
    const source: SourceOptions = {
      source: options.source,
      format: formatFor(options, await headOf(batches, held, options)),
      maxLineLength,
      ...(options.mapping === undefined ? {} : { mapping: options.mapping }),
    };
    // Made here once, so that a broken mapping table throws here, before any worker sees it.
    lineReader(source);
    const key = this.nextKey++;
    for (const worker of this.workers) worker.tell({ kind: 'begin', key, options: source });
    const answers: Promise<FromWorker>[] = [];
    const send = (batch: LineBatch) => {
      const worker = this.workers[this.turn] as PoolWorker;
      this.turn = (this.turn + 1) % this.workers.length;
      answers.push(worker.ask({ kind: 'lines', key, batch }, [batch.bytes.buffer as ArrayBuffer]));
    };
    try {
      for (const batch of held) send(batch);
      for (let next = await batches.next(); next.done !== true; next = await batches.next()) {
        send(next.value);
        while (answers.length >= IN_FLIGHT_PER_WORKER * this.workers.length) {
          yield this.batchOf(await (answers.shift() as Promise<FromWorker>));
        }
      }
      while (answers.length > 0) yield this.batchOf(await (answers.shift() as Promise<FromWorker>));
    } finally {
      // Answers still owed when the caller stopped early are awaited, so none is left unhandled.
      await Promise.allSettled(answers);
      for (const worker of this.workers) worker.tell({ kind: 'end', key });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  private batchOf(answer: FromWorker): PoolBatch {
    const read = expect(answer, 'read');
    for (const { indicatorId, message } of read.evaluationErrors)
      this.options.onEvaluationError?.(indicatorId, message);
    return { events: read.events, entries: read.entries };
  }
}
