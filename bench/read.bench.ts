// readStix against the cheapest way to get the same objects: JSON.parse of the whole file (for
// the ATT&CK bundle) or of each line (for the same objects as JSON Lines), measured in the same run.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readStix, readStixFile } from '../src/stix/stream/read.js';
import { type Bench, type Figure, median, seconds } from './harness.js';

const ATTACK = path.resolve('../shared/intel/attack/enterprise-attack-18.1-rebuilt-from-mitre-cti.json');
const ATTACK_OBJECTS = 24_771;
const RUNS = 7;
const CHUNK_BYTES = 1024 * 1024;

async function countObjects(items: AsyncIterable<{ kind: string }>): Promise<number> {
  let objects = 0;
  for await (const item of items) {
    if (item.kind !== 'object') throw new Error(`unexpected item ${JSON.stringify(item)}`);
    objects++;
  }
  return objects;
}

async function* inChunks(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES);
}

/** Median seconds of `measured` and of `baseline`, alternating runs so that both see the same noise. */
async function compare(measured: () => Promise<unknown>, baseline: () => unknown): Promise<[number, number]> {
  const measuredRuns: number[] = [];
  const baselineRuns: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    globalThis.gc?.();
    baselineRuns.push(await seconds(baseline));
    globalThis.gc?.();
    measuredRuns.push(await seconds(measured));
  }
  return [median(measuredRuns), median(baselineRuns)];
}

function secondsFigure(name: string, baselineName: string, [value, baseline]: [number, number]): Figure {
  return { name, value, unit: 's', baseline: { name: baselineName, value: baseline } };
}

export const bench: Bench = {
  name: 'read',
  async run() {
    const bundle = await compare(
      async () => {
        const objects = await countObjects(readStixFile(ATTACK));
        if (objects !== ATTACK_OBJECTS) throw new Error(`read ${objects} objects`);
      },
      () => JSON.parse(readFileSync(ATTACK, 'utf8')),
    );

    const lines = Buffer.from(
      `${(JSON.parse(readFileSync(ATTACK, 'utf8')).objects as unknown[]).map((o) => JSON.stringify(o)).join('\n')}\n`,
    );
    const jsonLines = await compare(
      () => countObjects(readStix(inChunks(lines))),
      () => {
        const text = lines.toString('utf8');
        for (let at = 0, end = text.indexOf('\n'); end !== -1; at = end + 1, end = text.indexOf('\n', at)) {
          JSON.parse(text.slice(at, end));
        }
      },
    );

    const [bundleSeconds, wholeParseSeconds] = bundle;
    return [
      {
        ...secondsFigure(
          'readStixFile, ATT&CK Enterprise (46 MB pretty-printed bundle, 24,771 objects)',
          'JSON.parse(readFileSync(file, "utf8"))',
          bundle,
        ),
        target: '<= 1.5x baseline',
        met: bundleSeconds <= 1.5 * wholeParseSeconds,
      },
      secondsFigure(
        'readStix, the same objects as JSON Lines in memory (1 MiB chunks)',
        'decode, then JSON.parse of each line',
        jsonLines,
      ),
    ];
  },
};
