// One million simple indicators (hashes, domains, URLs, addresses, blocks, file names) compiled
// into one CompiledSet: compile time, memory per indicator, and matching throughput on
// pre-parsed observations and on JSON lines, each beside a same-run baseline.

import { compile } from '../src/pattern/compile/compiled-set.js';
import type { Observation } from '../src/pattern/observation.js';
import { type Bench, type Figure, median, seconds } from './harness.js';
import { objectHitting, observableOf, simpleIndicator, simpleObservations } from './pattern-workload.js';

const INDICATORS = Number(process.env.PATTERN_BENCH_INDICATORS ?? 1_000_000);
const OBSERVATIONS = 200_000;
const HIT_RATE = 0.01;
const RUNS = 5;

function* indicators(count: number) {
  for (let n = 0; n < count; n++) yield simpleIndicator(n);
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc (bench/run.ts passes it)');
  gc();
  gc();
}

/** Heap plus array buffers: the index keeps its texts in Buffers, outside the JS heap. */
function memoryInUse(): { heap: number; buffers: number } {
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, buffers: usage.arrayBuffers };
}

async function perSecond(count: number, work: () => void): Promise<number> {
  work();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) times.push(await seconds(work));
  return count / median(times);
}

export const bench: Bench = {
  name: 'pattern-compile',
  async run(): Promise<Figure[]> {
    const generation = await seconds(() => {
      for (const _ of indicators(INDICATORS));
    });
    collect();
    const before = memoryInUse();
    let set = compile([]);
    const compileSeconds = await seconds(() => {
      set = compile(indicators(INDICATORS));
    });
    collect();
    const after = memoryInUse();
    const heapPerIndicator = (after.heap - before.heap) / INDICATORS;
    const totalPerIndicator = (after.heap + after.buffers - before.heap - before.buffers) / INDICATORS;

    const observations = simpleObservations(OBSERVATIONS, INDICATORS, HIT_RATE, 42);
    // The baseline's set: values of a fifth of the indicators, enough for its lookups to hit.
    const known = new Set<string>();
    for (let n = 0; n < INDICATORS; n += 5) {
      const value = observableOf(objectHitting(n));
      if (value !== undefined) known.add(value);
    }
    let matched = 0;
    const lookupBaseline = await perSecond(OBSERVATIONS, () => {
      for (const observation of observations) lookupEach(observation, known);
    });
    const matchRate = await perSecond(OBSERVATIONS, () => {
      matched = 0;
      for (const observation of observations) matched += set.match(observation).length;
    });
    const lines = observations.map((o) => JSON.stringify(o));
    const jsonBaseline = await perSecond(OBSERVATIONS, () => {
      for (const line of lines) lookupEach(JSON.parse(line) as Observation, known);
    });
    const jsonRate = await perSecond(OBSERVATIONS, () => {
      for (const line of lines) set.match(JSON.parse(line) as Observation);
    });
    return [
      {
        name: `compile ${INDICATORS.toLocaleString('en-US')} simple indicators (trees built on the fly)`,
        value: compileSeconds,
        unit: 's',
        baseline: { name: 'building the trees alone', value: generation },
        target: '< 15 s',
        met: compileSeconds < 15,
      },
      {
        name: 'memory per indicator, heap + array buffers, after gc',
        value: totalPerIndicator,
        unit: 'bytes',
        baseline: { name: 'JS heap part alone', value: heapPerIndicator },
        target: '< 300 bytes',
        met: totalPerIndicator < 300,
      },
      {
        name: `match pre-parsed observations (1-5 SCOs, ${matched} of ${OBSERVATIONS} matching)`,
        value: matchRate,
        unit: 'observations/s',
        baseline: { name: 'one Set lookup per SCO', value: lookupBaseline },
        target: '>= 1,000,000 observations/s',
        met: matchRate >= 1_000_000,
      },
      {
        name: 'match observations from JSON lines',
        value: jsonRate,
        unit: 'observations/s',
        baseline: { name: 'JSON.parse + one Set lookup per SCO', value: jsonBaseline },
        target: '>= 50% of the baseline',
        met: jsonRate >= jsonBaseline / 2,
      },
    ];
  },
};

function lookupEach(observation: Observation, known: ReadonlySet<string>): number {
  let hits = 0;
  for (const key in observation.objects) {
    const value = observableOf(observation.objects[key] as Observation['objects'][string]);
    if (value !== undefined && known.has(value)) hits++;
  }
  return hits;
}
