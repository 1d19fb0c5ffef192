// Throughput of the STIX validator over every object of ATT&CK Enterprise 18.1 (24,771 objects,
// already parsed). Baseline: JSON.stringify of each object, which walks the same objects once and
// allocates a string per object, so the ratio says how many serialisations one validation costs.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateObject } from '../src/stix/validate/index.js';
import { type Bench, type Figure, median, seconds } from './harness.js';

const ATTACK = path.resolve('../shared/intel/attack/enterprise-attack-18.1-rebuilt-from-mitre-cti.json');
const RUNS = 9;
const TARGET = 150_000;

/** Objects per second of `work` over all objects, the median of several runs after a warm-up. */
async function throughput(objects: readonly unknown[], work: (object: unknown) => unknown): Promise<number> {
  const once = () => {
    for (const object of objects) work(object);
  };
  once();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) times.push(await seconds(once));
  return objects.length / median(times);
}

export const bench: Bench = {
  name: 'validator',
  async run(): Promise<Figure[]> {
    const { objects } = JSON.parse(readFileSync(ATTACK, 'utf8')) as { objects: unknown[] };
    const baseline = await throughput(objects, (object) => JSON.stringify(object));
    const value = await throughput(objects, validateObject);
    return [
      {
        name: `validateObject over ATT&CK Enterprise (${objects.length} objects)`,
        value,
        unit: 'objects/s',
        baseline: { name: 'JSON.stringify of each object', value: baseline },
        target: `>= ${TARGET} objects/s`,
        met: value >= TARGET,
      },
    ];
  },
};
