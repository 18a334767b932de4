import { connect, type Socket } from 'node:net';

export interface LoadResult {
  /** Requests answered with a 2xx status. */
  acknowledged: number;
  perSecond: number;
  /** Each request's time from writing it to reading its whole answer, in ms, sorted. */
  latencies: number[];
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** One request as bytes: a POST with a JSON body on a keep-alive connection. */
export function postRequest(host: string, path: string, body: string): Buffer {
  const payload = Buffer.from(body);
  return Buffer.concat([
    Buffer.from(
      `POST ${path} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: ${payload.length}\r\n\r\n`,
    ),
    payload,
  ]);
}

/** Reads answers off one connection: each must carry a content-length (the servers here always send one). */
class AnswerReader {
  private buffered: Buffer | null = null;
  constructor(private readonly onAnswer: (status: number) => void) {}

  push(chunk: Buffer): void {
    let data = this.buffered ? Buffer.concat([this.buffered, chunk]) : chunk;
    for (;;) {
      const headerEnd = data.indexOf(HEADER_END);
      if (headerEnd < 0) break;
      const head = data.toString('latin1', 0, headerEnd);
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (!length) throw new Error(`an answer without content-length: ${head.slice(0, 200)}`);
      const end = headerEnd + 4 + Number(length[1]);
      if (data.length < end) break;
      this.onAnswer(Number(head.slice(9, 12)));
      data = data.subarray(end);
    }
    this.buffered = data.length > 0 ? data : null;
  }
}

/**
 * Sends `requests` over `connections` keep-alive connections, one request at a time on each, as
 * fast as answers come back. Requests are bytes built beforehand and answers are read only as far
 * as their status and length: the load generator shares the machine with the server it measures,
 * and every microsecond it spends per request is one the server does not get.
 */
export async function sendAll(
  server: { host: string; port: number },
  requests: Buffer[],
  connections: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let acknowledged = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from(
      { length: Math.min(connections, requests.length) },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket: Socket = connect({ port: server.port, host: server.host, noDelay: true });
          let sentAt = 0;
          const sendNext = () => {
            if (next >= requests.length) {
              socket.end();
              return resolve();
            }
            sentAt = performance.now();
            socket.write(requests[next++]);
          };
          const reader = new AnswerReader((status) => {
            latencies.push(performance.now() - sentAt);
            if (status >= 200 && status < 300) acknowledged++;
            sendNext();
          });
          socket.on('connect', sendNext);
          socket.on('data', (chunk: Buffer) => {
            try {
              reader.push(chunk);
            } catch (error) {
              socket.destroy();
              reject(error);
            }
          });
          socket.on('error', reject);
          socket.on('close', () =>
            next < requests.length ? reject(new Error('the server closed a connection')) : resolve(),
          );
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { acknowledged, perSecond: requests.length / seconds, latencies };
}
