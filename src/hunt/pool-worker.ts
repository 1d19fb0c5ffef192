// A hunt worker thread (pool.ts starts them): decodes the lines it is handed as bytes, reads them
// with the source's format and runs every event through the indicators of one bracket, which need
// no state; of the temporal
// indicators it only tells which events feed them, and hands those back, so that the one thread
// that keeps temporal state sees every such event in order. Its indicators come from its own
// connection to the store, through the scopes of the hunting organisation, as the hunter's do.

import { parentPort, workerData } from 'node:worker_threads';
import { Detector, type TemporalChange } from '../detect/detector.js';
import { emptyReport, IndicatorFeed } from '../detect/indicator-feed.js';
import { StoreTail } from '../detect/store-tail.js';
import { type LineReader, lineReader, tooLong } from '../observe/read-events.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { decodeBatch, type LineBatch } from './line-batches.js';
import type { BatchEntry, FromWorker, ToWorker, WorkerSetup } from './pool-protocol.js';

const port = parentPort;
if (port === null) throw new Error('pool-worker.js runs as a worker thread');
const setup = workerData as WorkerSetup;

const changes: TemporalChange[] = [];
const detector = new Detector({
  onEvaluationError: (indicatorId, message) => evaluationErrors.push({ indicatorId, message }),
  ...(setup.mirror ? { onTemporalChange: (change: TemporalChange) => changes.push(change) } : {}),
});
const evaluationErrors: { indicatorId: string; message: string }[] = [];
const feed = new IndicatorFeed(detector);
const readers = new Map<number, { reader: LineReader; maxLineLength: number }>();
/** Why a source could not be begun, by key. */
const unreadable = new Map<number, string>();
let store: Store | undefined;
let tail: StoreTail | undefined;

async function refresh(): Promise<FromWorker> {
  store ??= await openStore(setup.store);
  tail ??= await StoreTail.open(store, setup.scopes, ['indicator']);
  const report = emptyReport();
  await tail.readChanges({
    apply: (item) => feed.apply(item, report),
    forget: (id) => feed.forget(id, report),
  });
  return { kind: 'refreshed', report, indicators: detector.size, temporal: changes.splice(0) };
}

function read(key: number, batch: LineBatch): FromWorker {
  const source = readers.get(key);
  if (source === undefined) throw new Error(unreadable.get(key) ?? `no source ${key} was begun`);
  const { reader, maxLineLength } = source;
  const { first, overlong } = batch;
  const lines = decodeBatch(batch);
  const entries: BatchEntry[] = [];
  let events = 0;
  for (let i = 0; i < lines.length; i++) {
    const result = overlong.includes(first + i)
      ? tooLong(first + i, maxLineLength)
      : reader(lines[i] as string, first + i);
    if (result === undefined || result.kind === 'skip') continue;
    if (result.kind === 'error') {
      entries.push({ kind: 'error', line: result.line, message: result.message });
      continue;
    }
    for (const problem of result.problems ?? [])
      entries.push({ kind: 'error', line: first + i, message: problem });
    for (const event of result.events) {
      events++;
      const detections = detector.matchSingle(event);
      if (detections.length > 0) entries.push({ kind: 'detections', detections: [...detections] });
      if (detector.feedsTemporal(event)) entries.push({ kind: 'temporal', event });
    }
  }
  return { kind: 'read', events, entries, evaluationErrors: evaluationErrors.splice(0) };
}

async function handle(message: ToWorker): Promise<FromWorker | undefined> {
  switch (message.kind) {
    case 'refresh':
      return refresh();
    case 'begin':
      // begin gets no answer: a source that cannot be read fails at its first batch instead.
      try {
        readers.set(message.key, {
          reader: lineReader(message.options),
          maxLineLength: message.options.maxLineLength,
        });
      } catch (error) {
        unreadable.set(message.key, (error as Error).message);
      }
      return undefined;
    case 'lines':
      return read(message.key, message.batch);
    case 'end':
      readers.delete(message.key);
      unreadable.delete(message.key);
      return undefined;
    case 'close':
      await store?.close();
      return { kind: 'closed' };
  }
}

// One message at a time, in order: a refresh reads the store asynchronously, and the batches sent
// after it must run with what it read.
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ToWorker) => {
  queue = queue.then(async () => {
    try {
      const answer = await handle(message);
      if (answer !== undefined) port.postMessage(answer);
    } catch (error) {
      port.postMessage({ kind: 'failed', message: (error as Error).message } satisfies FromWorker);
    }
  });
});
