import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Alert } from '../detect/alert.js';
import type { Detection } from '../detect/detector.js';
import { DetectionBatcher } from './batch.js';

/** A detection that only needs to be told apart; the stub hunter answers one alert per detection. */
const detection = (host: string) => ({ entity: host }) as Detection;
const alertOf = (d: Detection) => ({ host: d.entity }) as Alert;

function stubHunter(fail = false) {
  const calls: { hosts: string[]; marking: string }[] = [];
  return {
    calls,
    report: async (detections: readonly Detection[], marking: string) => {
      calls.push({ hosts: detections.map((d) => d.entity), marking });
      if (fail) throw new Error('disk full');
      return detections.map(alertOf);
    },
  };
}

describe('DetectionBatcher', () => {
  it('reports a batch when it is full and the rest at flush, in order', async () => {
    const hunter = stubHunter();
    const seen: string[] = [];
    const batcher = new DetectionBatcher(hunter, {
      marking: 'm',
      size: 3,
      delayMs: 60_000,
      onAlerts: (alerts) => void seen.push(...alerts.map((a) => a.host)),
    });
    await batcher.add([detection('a'), detection('b')]);
    assert.equal(hunter.calls.length, 0, 'not full yet');
    await batcher.add([detection('c')]);
    await batcher.add([detection('d')]);
    await batcher.flush();
    assert.deepEqual(hunter.calls, [
      { hosts: ['a', 'b', 'c'], marking: 'm' },
      { hosts: ['d'], marking: 'm' },
    ]);
    assert.deepEqual(seen, ['a', 'b', 'c', 'd']);
  });

  it('reports what waited past the delay without another detection or a flush', async () => {
    const hunter = stubHunter();
    let reported!: () => void;
    const done = new Promise<void>((resolve) => {
      reported = resolve;
    });
    const batcher = new DetectionBatcher(hunter, {
      marking: 'm',
      size: 100,
      delayMs: 1,
      onAlerts: () => reported(),
    });
    await batcher.add([detection('a')]);
    await done;
    assert.deepEqual(hunter.calls, [{ hosts: ['a'], marking: 'm' }]);
  });

  it('throws a failed report at the next add or flush', async () => {
    const batcher = new DetectionBatcher(stubHunter(true), {
      marking: 'm',
      size: 1,
      delayMs: 60_000,
      onAlerts: () => undefined,
    });
    await assert.rejects(batcher.add([detection('a')]), /disk full/);
    await assert.rejects(batcher.flush(), /disk full/);
  });
});
