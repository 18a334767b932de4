import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import fastJson from 'fast-json-stringify';
import type { DatabaseConfig, DatabaseHandle } from '../../kernel/db/database.js';
import type { Community } from '../../kernel/db/schema.js';
import { AppError } from '../../kernel/errors.js';
import { batchedPost, PendingReplies, type RpcReply } from '../../kernel/threads/worker-rpc.js';
import { tsWorker } from '../../kernel/threads/ts-worker.js';
import { CheckinResult } from '../camp/camp.schemas.js';
import {
  checkInByToken,
  checkInForMember,
  type CheckinInput,
  type CheckinOutcome,
  type CheckinSource,
} from './checkin.service.js';

/**
 * A check-in as the writer answers it: a success carries its result (the check-in, the streak and
 * the rewards) as the JSON its HTTP answer sends, a refusal the outcome itself.
 */
export type WrittenCheckin =
  | { status: 'created' | 'replayed'; resultJson: string }
  | Extract<CheckinOutcome, { status: 'rejected' }>;

/** The result's JSON, by the serializer Fastify would compile from the route's response schema. */
const serializeResult = fastJson(CheckinResult);

/**
 * Serialises a success where it was written: a string crosses between threads as one copy, where
 * the outcome's thirty-odd fields cost both threads a structured clone (~4 µs, against ~0.5 µs for
 * the string and ~1 µs to serialise), and the HTTP thread would then serialise them all again.
 */
export function toWritten(outcome: CheckinOutcome): WrittenCheckin {
  if (outcome.status === 'rejected') return outcome;
  return {
    status: outcome.status,
    resultJson: serializeResult({ checkin: outcome.checkin, streak: outcome.streak, rewards: outcome.rewards }),
  };
}

/**
 * Where check-ins are written: in this thread, or in a thread of their own (SQLite, see
 * `startCheckinThread`). Either way an answer means the check-in is committed.
 */
export interface CheckinWriter {
  byToken(token: string, input: CheckinInput, now: number): Promise<WrittenCheckin>;
  forMember(
    community: Community,
    campId: number,
    memberId: number,
    input: CheckinInput,
    source: CheckinSource,
    now: number,
  ): Promise<WrittenCheckin>;
  /** Waits for the check-ins in flight; the writer takes no more. */
  close(): Promise<void>;
}

/** A check-in for the writer thread to record. */
type Job =
  | { op: 'byToken'; token: string; input: CheckinInput; now: number }
  | {
      op: 'forMember';
      community: Community;
      campId: number;
      memberId: number;
      input: CheckinInput;
      source: CheckinSource;
      now: number;
    };

/** A check-in as it crosses to the writer thread, numbered for its answer. */
export type WriterJob = Job & { id: number };

export type WriterRequest = { op: 'close' } | { op: 'jobs'; jobs: WriterJob[] };

export type WriterReply = RpcReply<WrittenCheckin>;

export function inProcessCheckinWriter(handle: DatabaseHandle): CheckinWriter {
  return {
    byToken: (token, input, now) => checkInByToken(handle, token, input, now).then(toWritten),
    forMember: (community, campId, memberId, input, source, now) =>
      checkInForMember(handle, community, campId, memberId, input, source, now).then(toWritten),
    close: async () => undefined,
  };
}

class WriterUnavailableError extends AppError {
  constructor(message: string) {
    super('UNAVAILABLE', message, 503);
  }
}

/**
 * Check-ins written by a worker thread with its own connection(s) to `database`. On SQLite, which
 * takes one writer at a time, a surge of check-ins is one thread's work (the group commits of
 * checkin.commit.ts); on PostgreSQL it is mostly JavaScript building queries and reading answers.
 * Either way that thread is not the one parsing requests and writing responses, so on a machine
 * with two cores both run at once. The worker answers each request after its transaction commits.
 * Should the thread die, the check-ins waiting on it fail (nothing was acknowledged) and the next
 * one starts a new thread.
 *
 * @example
 * const writer = await startCheckinThread({ dataDir: './data' });
 * await writer.byToken(token, { text: '打卡' }, Date.now());
 */
export async function startCheckinThread(database: DatabaseConfig): Promise<CheckinWriter> {
  const pending = new PendingReplies<WrittenCheckin>();
  let worker: Promise<Worker> | null = null;
  let closed = false;

  /** Each thread's batched poster: a replaced thread gets one of its own. */
  const postsTo = new WeakMap<Worker, (job: WriterJob) => void>();
  let generation = 0;
  const start = () =>
    new Promise<Worker>((resolve, reject) => {
      const own = ++generation;
      const thread = tsWorker(new URL('./checkin-writer.worker.ts', import.meta.url), { database });
      postsTo.set(
        thread,
        batchedPost((jobs) => thread.postMessage({ op: 'jobs', jobs } satisfies WriterRequest)),
      );
      thread.on('message', (message: WriterReply[] | { type: 'ready' }) => {
        if (!Array.isArray(message)) return resolve(thread);
        pending.settle(message);
      });
      const fail = (error: Error) => {
        // A thread that died is replaced on the next check-in, not by a late event of this one.
        if (own === generation) worker = null;
        reject(error);
        pending.failAll(unavailable(error));
      };
      thread.once('error', fail);
      thread.once('exit', (code) => fail(new Error(`exit code ${code}`)));
    });

  const unavailable = (error: Error) =>
    new WriterUnavailableError(`the check-in writer stopped (${error.message}); try again`);
  const send = (job: Job): Promise<WrittenCheckin> => {
    if (closed) return Promise.reject(new WriterUnavailableError('the server is shutting down'));
    // Counted as in flight from the first moment, so `close` waits for it.
    const { id, reply } = pending.add();
    (worker ??= start()).then(
      (thread) => postsTo.get(thread)!({ id, ...job }),
      (error: Error) => pending.fail(id, unavailable(error)),
    );
    return reply;
  };

  await (worker = start());
  return {
    byToken: (token, input, now) => send({ op: 'byToken', token, input, now }),
    forMember: (community, campId, memberId, input, source, now) =>
      send({ op: 'forMember', community, campId, memberId, input, source, now }),
    async close() {
      closed = true;
      await pending.drained();
      const thread = await worker?.catch(() => null);
      if (!thread) return;
      // Nothing is in flight: every transaction the thread ran has committed and been answered.
      const exited = once(thread, 'exit');
      thread.postMessage({ op: 'close' } satisfies WriterRequest);
      await exited;
    },
  };
}
