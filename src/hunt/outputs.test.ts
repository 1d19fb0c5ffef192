import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import type { Alert } from '../detect/alert.js';
import { syslogMessage, syslogOutput, webhookOutput } from './outputs.js';

const alert: Alert = {
  time: '2026-03-01T10:00:00Z',
  host: 'ws1',
  indicator: {
    id: 'indicator--00000000-0000-4000-8000-000000000001',
    name: 'DreamJob C2',
    pattern: "[x:y = 'z']",
  },
  indicates: [
    {
      id: 'campaign--00000000-0000-4000-8000-000000000002',
      type: 'campaign',
      name: 'Operation DreamJob',
      via: 'indicates',
    },
  ],
  first_observed: '2026-03-01T10:00:00Z',
  last_observed: '2026-03-01T10:00:00Z',
  evidence: [{ time: '2026-03-01T10:00:00Z', source: 'sysmon.json', line: 12, format: 'sysmon' }],
};

describe('alert outputs', () => {
  it('posts to a webhook, retrying 5xx and network errors with backoff, never 4xx', async () => {
    const statuses = [503, 0, 200];
    const delays: number[] = [];
    const bodies: string[] = [];
    const output = webhookOutput('http://hooks.example/alert', {
      sleep: async (ms) => {
        delays.push(ms);
      },
      fetch: async (_url, init) => {
        bodies.push(String(init?.body));
        const status = statuses.shift() ?? 200;
        if (status === 0) throw new TypeError('fetch failed');
        return new Response('', { status });
      },
    });
    await output.send(alert);
    assert.equal(bodies.length, 3);
    assert.deepEqual(JSON.parse(bodies[2] ?? ''), alert);
    assert.deepEqual(delays, [500, 1000]);

    const refused = webhookOutput('http://hooks.example/alert', {
      sleep: async () => undefined,
      fetch: async () => new Response('', { status: 400 }),
    });
    await assert.rejects(refused.send(alert), /HTTP 400/);
  });

  it('writes RFC 5424 syslog with structured data, over UDP and TCP', async () => {
    const message = syslogMessage(alert, 'sensor-1');
    assert.match(
      message,
      /^<132>1 \d{4}-\d\d-\d\dT[\d:.]+Z sensor-1 dreamcatcher \d+ sighting \[dreamcatcher@32473 indicator="indicator--[^"]+" host="ws1"\] /,
    );
    assert.ok(message.endsWith(JSON.stringify(alert)));

    const udp = createSocket('udp4');
    const received = new Promise<string>((resolve) =>
      udp.once('message', (data) => resolve(data.toString())),
    );
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const udpOutput = syslogOutput(`udp://127.0.0.1:${udp.address().port}`);
    await udpOutput.send(alert);
    assert.match(await received, /DreamJob C2 -> campaign Operation DreamJob/);
    await udpOutput.close();
    udp.close();

    let framed = '';
    const server = createServer((socket) => socket.on('data', (data) => (framed += data.toString())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const tcpOutput = syslogOutput(`tcp://127.0.0.1:${port}`);
    await tcpOutput.send(alert);
    await tcpOutput.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.close();
    const [length, ...rest] = framed.split(' ');
    assert.equal(Number(length), Buffer.byteLength(rest.join(' ')), 'octet-counted framing');
    assert.throws(() => syslogOutput('http://x'), /udp:\/\/host:port/);
  });
});
