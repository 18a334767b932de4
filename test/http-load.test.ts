import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postRequest, sendAll } from '../bench/lib/http-load.js';

/** A server that answers 201, or 409 for a body naming "taken", and sends each answer's head and body in separate writes. */
let server: Server;
let port: number;
let bodiesSeen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodiesSeen.push(body);
      const answer = JSON.stringify({ echo: body });
      res.writeHead(body.includes('taken') ? 409 : 201, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(answer),
      });
      res.flushHeaders();
      setTimeout(() => res.end(answer), 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the benchmarks' load generator", () => {
  it('sends every request once, reads answers split across writes and counts only 2xx as acknowledged', async () => {
    bodiesSeen = [];
    const bodies = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({ text: i % 10 === 0 ? `taken ${i}` : `打卡 ${i}` }),
    );
    const result = await sendAll(
      { host: '127.0.0.1', port },
      bodies.map((body) => postRequest('127.0.0.1', '/checkin', body)),
      8,
    );
    expect(result.acknowledged).toBe(180);
    expect(result.latencies).toHaveLength(200);
    expect(result.latencies[0]).toBeLessThanOrEqual(result.latencies[199]);
    expect(bodiesSeen.sort()).toEqual([...bodies].sort());
  });

  it('fails on an answer it cannot measure (no content-length)', async () => {
    const chunked = createServer((_req, res) => {
      // Two writes without a length: node:http sends the answer chunked.
      res.write('chun');
      res.end('ked');
    });
    chunked.on('request', (req) => req.resume());
    await new Promise<void>((resolve) => chunked.listen(0, '127.0.0.1', resolve));
    try {
      const request = postRequest('127.0.0.1', '/', '{}');
      const target = { host: '127.0.0.1', port: (chunked.address() as AddressInfo).port };
      await expect(sendAll(target, [request], 1)).rejects.toThrow(/without content-length/);
    } finally {
      chunked.closeAllConnections();
      await new Promise<void>((resolve) => chunked.close(() => resolve()));
    }
  });
});
