import type { MessagePort } from 'node:worker_threads';
import { errorFromThread, errorToThread, type ThreadError } from './thread-errors.js';

/**
 * Request and reply between a thread and the worker it sends work to: requests carry an id, the
 * worker answers each with that id, and both directions cross in batches. Used by the check-in
 * writer; anything else that moves work to a thread of its own can take the same pieces.
 */

/** A worker's answer to one request: its value, or its error as the thread boundary carries it. */
export type RpcReply<T> = { id: number; ok: true; value: T } | { id: number; ok: false; error: ThreadError };

/**
 * Collects messages for a port and posts them as one array at the end of this turn of the event
 * loop (setImmediate runs after the turn's I/O callbacks and microtasks): under a surge, each
 * message costs both threads a wake-up and a dispatch, and a turn reads many requests at once.
 *
 * @example
 * const post = batchedPost((jobs) => worker.postMessage({ op: 'jobs', jobs }));
 * post({ id: 1, … }); post({ id: 2, … }); // one message with both, after this turn
 */
export function batchedPost<T>(post: (batch: T[]) => void): (message: T) => void {
  let batch: T[] = [];
  const flush = () => {
    const sending = batch;
    batch = [];
    post(sending);
  };
  return (message) => {
    if (batch.push(message) === 1) setImmediate(flush);
  };
}

/**
 * In the worker: answers request `id` once `result` settles, in batches on `port`.
 *
 * @example
 * const answer = replier<Written>(parentPort!);
 * answer(job.id, write(job));
 */
export function replier<T>(port: MessagePort): (id: number, result: Promise<T>) => void {
  const reply = batchedPost<RpcReply<T>>((replies) => port.postMessage(replies));
  return (id, result) => {
    result.then(
      (value) => reply({ id, ok: true, value }),
      (error: unknown) => reply({ id, ok: false, error: errorToThread(error) }),
    );
  };
}

/**
 * On the sending side: the requests waiting for their replies, by id. `settle` takes a batch of
 * replies; `failAll` rejects everything still waiting (the worker died); `drained` resolves once
 * nothing waits.
 */
export class PendingReplies<T> {
  private readonly waiting = new Map<number, { resolve: (value: T) => void; reject: (error: unknown) => void }>();
  private onDrained: (() => void) | null = null;
  private nextId = 1;

  get size(): number {
    return this.waiting.size;
  }

  /** A new request's id and the promise of its reply; counted as waiting from this moment. */
  add(): { id: number; reply: Promise<T> } {
    const id = this.nextId++;
    const reply = new Promise<T>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    return { id, reply };
  }

  settle(replies: readonly RpcReply<T>[]): void {
    for (const reply of replies) {
      const entry = this.take(reply.id);
      if (reply.ok) entry?.resolve(reply.value);
      else entry?.reject(errorFromThread(reply.error));
    }
  }

  /** Rejects one request (it never reached the worker). */
  fail(id: number, error: unknown): void {
    this.take(id)?.reject(error);
  }

  /** Rejects every request still waiting. */
  failAll(error: unknown): void {
    for (const id of [...this.waiting.keys()]) this.fail(id, error);
  }

  /** Resolves once no request waits (at once when none does). */
  drained(): Promise<void> {
    if (this.waiting.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => (this.onDrained = resolve));
  }

  private take(id: number) {
    const entry = this.waiting.get(id);
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.onDrained?.();
    return entry;
  }
}
