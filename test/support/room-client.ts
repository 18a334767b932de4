import WebSocket from 'ws';

export type Frame = Record<string, unknown> & { type: string; seq?: number | null };

/**
 * A test client of the rooms' WebSocket: collects every frame, tells the highest seq it has seen
 * with none missing below it, and waits for a frame it expects.
 */
export class RoomClient {
  readonly frames: Frame[] = [];
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<number>;

  constructor(baseUrl: string, token: string) {
    this.socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/rooms/socket?token=${token}`);
    this.socket.on('message', (data) => this.frames.push(JSON.parse(String(data)) as Frame));
    this.socket.on('error', () => {});
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.socket.once('close', (code) => resolve(code)));
  }

  send(frame: Record<string, unknown>): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  /** Seqs of the room log entries received, in the order they came. */
  seqs(room: number): number[] {
    return this.frames
      .filter((f) => f.room === room && typeof f.seq === 'number' && f.type !== 'ack')
      .map((f) => f.seq as number);
  }

  /** The highest seq below which nothing is missing. */
  contiguous(room: number): number {
    const seen = new Set(this.seqs(room));
    let last = 0;
    while (seen.has(last + 1)) last++;
    return last;
  }

  waitFor(check: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const look = () => {
        const found = this.frames.find(check);
        if (found) resolve(found);
        else if (Date.now() > deadline) reject(new Error(`no such frame among ${this.frames.length}`));
        else setTimeout(look, 10);
      };
      look();
    });
  }

  close(): void {
    this.socket.close();
  }
}
