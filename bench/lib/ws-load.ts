import WebSocket from 'ws';
import { shuffled } from './random.js';

/*
 * The load of the web-chat benchmark: `rooms` rooms of `perRoom` members, every member a WebSocket;
 * posts at a steady rate, each from a member picked at random, and every receiver's frame timed
 * against its post. Latency is measured in this one process (the post's send time and each
 * frame's arrival on the same clock), so it includes the load generator's own queueing — on a
 * shared two-core machine it is an upper bound of the server's.
 */

/** How the load speaks to one server: bare `ws` broadcast or Shequn's rooms. */
export interface ChatProtocol {
  /** The URL member `member` of room `room` connects to. */
  url(room: number, member: number): string;
  /** Frames to send right after the socket opens (subscribe …). */
  hello?(room: number, member: number): string[];
  /** A post into the room carrying `nonce`, the benchmark's id of the post. */
  post(room: number, member: number, nonce: string): string;
  /**
   * The nonce a delivered message carries, or null for other frames; `acked` is set when the frame
   * is the poster's acknowledgement of its own post (then it is not a delivery).
   */
  read(frame: string): { nonce: string; acked: boolean } | null;
  /** Whether a member receives the frame of their own post (counted as a delivery too). */
  echoesToSender: boolean;
  /**
   * Whether the frame tells that the socket's hello was handled (Shequn's `subscribed`): the load
   * starts once every socket said so. Without it, a socket is ready once open.
   */
  greeted?(frame: string): boolean;
}

export interface LoadResult {
  connections: number;
  messagesPerSecond: number;
  deliveriesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  acknowledged: number;
  /** Deliveries missing at the end (posts whose frames did not reach every receiver). */
  missing: number;
}

export interface Members {
  sockets: WebSocket[][];
  close(): Promise<void>;
}

/** Longest wait for every socket's greeting. */
const GREETING_TIMEOUT_MS = 120_000;

/** Opens every member's socket, `concurrency` handshakes at a time; resolves when all are open and greeted. */
export async function connectMembers(
  protocol: ChatProtocol,
  rooms: number,
  perRoom: number,
  onFrame: (frame: string) => void,
  concurrency = 200,
): Promise<Members> {
  const sockets: WebSocket[][] = Array.from({ length: rooms }, () => []);
  let greeted = 0;
  let allGreeted = () => {};
  const greeting = protocol.greeted;
  const greetings =
    greeting &&
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${greeted} of ${rooms * perRoom} sockets greeted`)),
        GREETING_TIMEOUT_MS,
      );
      allGreeted = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const jobs: Array<[number, number]> = [];
  for (let m = 0; m < perRoom; m++) for (let r = 0; r < rooms; r++) jobs.push([r, m]);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const [room, member] = jobs[next++];
      // No compression and no UTF-8 check of frames: the load generator shares the machine with the server.
      const socket = new WebSocket(protocol.url(room, member), { perMessageDeflate: false, skipUTF8Validation: true });
      await new Promise<void>((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      socket.on('message', (data: Buffer) => {
        const frame = data.toString('latin1');
        if (greeting?.(frame) && ++greeted === rooms * perRoom) allGreeted();
        onFrame(frame);
      });
      for (const frame of protocol.hello?.(room, member) ?? []) socket.send(frame);
      sockets[room][member] = socket;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await greetings;
  return {
    sockets,
    close: async () => {
      const all = sockets.flat();
      await Promise.all(
        all.map(
          (s) =>
            new Promise<void>((resolve) => {
              if (s.readyState === WebSocket.CLOSED) return resolve();
              s.once('close', () => resolve());
              s.close();
            }),
        ),
      );
    },
  };
}

/**
 * Posts `rate` messages a second for `seconds`, then waits up to `drainMs` for the last frames.
 * Each post goes to a room picked at random, from the next member of that room in a shuffled
 * rotation: members post evenly (at 500 posts/s over 5,000 members, one post per member every
 * 10 s), so none meets a per-member flood limit that an even load stays under; picked at random,
 * a few members would post six times in ten seconds at that rate. Counts each post's deliveries:
 * every member of the room but the poster (and the poster too when the protocol echoes).
 * `connected` runs once every socket is open and greeted, before the clock starts (to read the
 * server's memory).
 */
export async function runLoad(
  protocol: ChatProtocol,
  rooms: number,
  perRoom: number,
  rate: number,
  seconds: number,
  random: () => number,
  options: { drainMs?: number; connected?: () => Promise<void> } = {},
): Promise<{ result: LoadResult; members: Members }> {
  const drainMs = options.drainMs ?? 5000;
  const sentAt = new Map<string, number>();
  const total = Math.round(rate * seconds);
  const expectedPer = perRoom - (protocol.echoesToSender ? 0 : 1);
  const latencies = new Float64Array(total * expectedPer);
  let acknowledged = 0;
  let deliveries = 0;
  let lastDelivery = 0;
  const members = await connectMembers(protocol, rooms, perRoom, (frame) => {
    const read = protocol.read(frame);
    if (!read) return;
    const at = performance.now();
    if (read.acked) {
      acknowledged++;
      return;
    }
    const start = sentAt.get(read.nonce);
    if (start === undefined) return;
    if (deliveries < latencies.length) latencies[deliveries] = at - start;
    deliveries++;
    lastDelivery = at;
  });
  await options.connected?.();
  // Let the handshakes' work settle before the clock starts.
  await new Promise((r) => setTimeout(r, 1000));
  const rotations = Array.from({ length: rooms }, () =>
    shuffled(
      Array.from({ length: perRoom }, (_, i) => i),
      random,
    ),
  );
  const turns = new Array<number>(rooms).fill(0);
  const started = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    // Posts are spread in 10 ms ticks, each catching up to where the schedule should be.
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      for (; sent < due; sent++) {
        const room = Math.floor(random() * rooms);
        const member = rotations[room][turns[room]++ % perRoom];
        const nonce = `n${sent}`;
        sentAt.set(nonce, performance.now());
        members.sockets[room][member].send(protocol.post(room, member, nonce));
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  const postedFor = (performance.now() - started) / 1000;
  const expected = total * expectedPer;
  const waitUntil = performance.now() + drainMs;
  while (deliveries < expected && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 50));
  const span = (Math.max(lastDelivery, started + 1) - started) / 1000;
  const timed = latencies.subarray(0, Math.min(deliveries, latencies.length)).sort();
  const at = (q: number) => timed[Math.min(timed.length - 1, Math.floor(q * timed.length))] ?? Number.NaN;
  return {
    members,
    result: {
      connections: rooms * perRoom,
      messagesPerSecond: total / postedFor,
      deliveriesPerSecond: deliveries / Math.max(span, postedFor),
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      acknowledged,
      missing: expected - deliveries,
    },
  };
}
