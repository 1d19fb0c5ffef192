// A thousand temporal patterns (FOLLOWEDBY, AND, REPEATS under WITHIN) over a stream of ten
// million observations from a thousand hosts, a millisecond apart: throughput, and heap after gc
// at 1M, 5M and 10M observations, which must stay flat since state expires with the windows.
// Background traffic carries single brackets of patterns at random (partial matches that expire);
// every 5,000 observations one host plays a whole pattern out (a match).

import { StreamMatcher } from '../src/pattern/compile/stream.js';
import type { Observation } from '../src/pattern/observation.js';
import { parsePattern } from '../src/pattern/parser.js';
import type { StixObject } from '../src/stix/object.js';
import { type Bench, type Figure, random, seconds } from './harness.js';
import { domainOf, hexValue, ipv4Of, objectMissing } from './pattern-workload.js';

const PATTERNS = 1_000;
const HOSTS = 1_000;
const CHECKPOINTS = (process.env.PATTERN_BENCH_CHECKPOINTS ?? '1000000,5000000,10000000')
  .split(',')
  .map(Number);
/** Share of observations carrying one element of some pattern. */
const ELEMENT_RATE = 0.02;
const POOL = 50_000;

/** Pattern n, and the SCO lists that satisfy each of its brackets. */
function temporalPattern(n: number): { text: string; elements: StixObject[][] } {
  switch (n % 10) {
    case 0:
    case 1:
    case 2:
    case 3:
      return {
        text: `([file:hashes.MD5 = '${hexValue(n, 32)}'] FOLLOWEDBY [network-traffic:dst_ref.value = '${ipv4Of(n)}']) WITHIN 300 SECONDS`,
        elements: [
          [{ type: 'file', id: 'file--t', hashes: { MD5: hexValue(n, 32) } }],
          [
            { type: 'network-traffic', id: 'network-traffic--t', dst_ref: '1' },
            { type: 'ipv4-addr', id: 'ipv4-addr--t', value: ipv4Of(n) },
          ],
        ],
      };
    case 4:
    case 5:
    case 6:
      return {
        text: `[domain-name:value = '${domainOf(n)}'] REPEATS 5 TIMES WITHIN 60 SECONDS`,
        elements: [[{ type: 'domain-name', id: 'domain-name--t', value: domainOf(n) }]],
      };
    case 7:
    case 8:
      return {
        text: `([process:name = 'p${n}.exe'] AND [mutex:name = 'm${n}']) WITHIN 120 SECONDS`,
        elements: [
          [{ type: 'process', id: 'process--t', name: `p${n}.exe` }],
          [{ type: 'mutex', id: 'mutex--t', name: `m${n}` }],
        ],
      };
    default:
      return {
        text: `[ipv4-addr:value ISSUBSET '10.${n % 256}.0.0/16'] REPEATS 3 TIMES WITHIN 10 SECONDS`,
        elements: [[{ type: 'ipv4-addr', id: 'ipv4-addr--t', value: `10.${n % 256}.7.${n % 200}` }]],
      };
  }
}

const BASE = Date.parse('2026-01-01T00:00:00Z');

/**
 * Object lists to draw observations from: most everyday, ELEMENT_RATE of them one bracket's
 * objects. Drawn by index so the stream costs no generation beyond its timestamps.
 */
function objectPool(): Record<string, StixObject>[] {
  const next = random(11);
  const pool: Record<string, StixObject>[] = [];
  for (let i = 0; i < POOL; i++) {
    let objects: StixObject[];
    if (next() < ELEMENT_RATE) {
      const { elements } = temporalPattern(Math.floor(next() * PATTERNS));
      objects = elements[Math.floor(next() * elements.length)] as StixObject[];
    } else {
      objects = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, j) =>
        objectMissing(i * 3 + j + 10_000_000, next),
      );
    }
    pool.push(Object.fromEntries(objects.map((object, k) => [String(k), object])));
  }
  return pool;
}

/** Every ATTACK_EVERY observations one host plays out one pattern, its brackets in order. */
const ATTACK_EVERY = 5_000;

/** Pattern n's brackets in the order and number that complete it. */
function attackSteps(n: number): StixObject[][] {
  const { text, elements } = temporalPattern(n);
  const repeats = /REPEATS (\d+)/.exec(text);
  return repeats === null
    ? elements
    : new Array<StixObject[]>(Number(repeats[1])).fill(elements[0] as StixObject[]);
}

/** Observation `index` of the stream and the host it is about. */
function streamItem(
  index: number,
  pool: readonly Record<string, StixObject>[],
  attacks: readonly StixObject[][][],
): { entity: string; observation: Observation } {
  const at = new Date(BASE + index).toISOString();
  const round = Math.floor(index / ATTACK_EVERY);
  const steps = attacks[round % PATTERNS] as StixObject[][];
  const step = index % ATTACK_EVERY;
  const attacking = step < steps.length;
  const objects = attacking
    ? Object.fromEntries((steps[step] as StixObject[]).map((object, k) => [String(k), object]))
    : (pool[(index * 7919) % POOL] as Record<string, StixObject>);
  return {
    entity: `host-${attacking ? round % HOSTS : index % HOSTS}`,
    observation: {
      id: `observed-data--${index}`,
      firstObserved: at,
      lastObserved: at,
      numberObserved: 1,
      objects,
    },
  };
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc (bench/run.ts passes it)');
  gc();
  return process.memoryUsage().heapUsed;
}

export const bench: Bench = {
  name: 'pattern-temporal',
  async run(): Promise<Figure[]> {
    const matcher = new StreamMatcher(
      Array.from({ length: PATTERNS }, (_, n) => {
        const parsed = parsePattern(temporalPattern(n).text);
        if (!parsed.ok) throw new Error(`${temporalPattern(n).text}: ${JSON.stringify(parsed.errors)}`);
        return { id: `indicator--${n}`, pattern: parsed.pattern };
      }),
    );
    const pool = objectPool();
    const attacks = Array.from({ length: PATTERNS }, (_, n) => attackSteps(n));
    const generationOnly = await seconds(() => {
      for (let i = 0; i < (CHECKPOINTS[0] as number); i++) streamItem(i, pool, attacks);
    });
    const figures: Figure[] = [];
    let matches = 0;
    let done = 0;
    let busy = 0;
    // Steady means the last stretch runs as fast as the first: each stretch is reported against it.
    let firstRate: number | undefined;
    for (const checkpoint of CHECKPOINTS) {
      const from = done;
      const stretch = await seconds(() => {
        for (; done < checkpoint; done++) {
          const { entity, observation } = streamItem(done, pool, attacks);
          matches += matcher.push(entity, observation).length;
        }
      });
      busy += stretch;
      const rate = (checkpoint - from) / stretch;
      firstRate ??= rate;
      const { pending, dropped } = matcher.stats();
      figures.push({
        name: `throughput from ${from.toLocaleString('en-US')} to ${checkpoint.toLocaleString('en-US')} observations`,
        value: rate,
        unit: 'observations/s',
        baseline: { name: 'the first stretch', value: firstRate },
      });
      figures.push({
        name: `heap after gc at ${checkpoint.toLocaleString('en-US')} observations (${pending} pending, ${dropped} dropped, ${matches} matches)`,
        value: heapAfterGc() / 2 ** 20,
        unit: 'MiB',
      });
    }
    const total = CHECKPOINTS[CHECKPOINTS.length - 1] as number;
    figures.unshift({
      name: `stream ${total.toLocaleString('en-US')} observations through ${PATTERNS} temporal patterns`,
      value: total / busy,
      unit: 'observations/s',
      baseline: {
        name: 'building the observations alone',
        value: (CHECKPOINTS[0] as number) / generationOnly,
      },
    });
    return figures;
  },
};
