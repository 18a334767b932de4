import type { QuestionLists } from '../../kernel/event-log/question-flag.rules.js';
import type { BatchSource, EventBatch } from '../../kernel/event-log/event-batch.js';
import { errorFromThread, type ThreadError } from '../../kernel/threads/thread-errors.js';
import { tsWorker } from '../../kernel/threads/ts-worker.js';
import type { TextEncoding } from './text-decoding.js';

/** What the parse worker needs: the importer's source (the zone is for formats with local times). */
export interface ParseRequest {
  format: string;
  path: string;
  groupName?: string;
  timezone: string;
  /**
   * The community's question rule: when given, the worker stamps days and question flags too,
   * taking that work off the main thread, which holds the transaction and is the busier one.
   */
  questions?: QuestionLists;
  /** Batches the worker may post ahead of the main thread, which bounds the memory they hold. */
  inFlight: number;
}

export type WorkerMessage =
  | { type: 'batch'; batch: EventBatch }
  | { type: 'progress'; done: number; total: number }
  | { type: 'encoding'; encoding: TextEncoding }
  | { type: 'done' }
  | { type: 'error'; error: ThreadError };

const IN_FLIGHT = 16;
/**
 * Runs an importer in a worker thread and yields its events in batches (event-batch.ts, stamped
 * when the request carries the question rule), so that parsing the export overlaps storing it:
 * the main thread keeps the database transaction and receives columns. Errors arrive as the
 * importer threw them. Stopping the iteration early (e.g. the transaction failed) stops the
 * worker. `ready()` tells whether a batch is already waiting.
 */
export function parseInWorker(
  request: Omit<ParseRequest, 'inFlight'>,
  onProgress?: (done: number, total: number) => void,
  onEncoding?: (encoding: TextEncoding) => void,
): BatchSource {
  let queue: WorkerMessage[] = [];
  return {
    ready: () => queue.length > 0,
    async *[Symbol.asyncIterator]() {
      const worker = tsWorker(new URL('./parse.worker.ts', import.meta.url), {
        ...request,
        inFlight: IN_FLIGHT,
      } satisfies ParseRequest);
      queue = [];
      let failure: Error | null = null;
      let wake: (() => void) | null = null;
      const notify = () => {
        wake?.();
        wake = null;
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') onProgress?.(message.done, message.total);
        else if (message.type === 'encoding') onEncoding?.(message.encoding);
        else queue.push(message);
        notify();
      });
      worker.on('error', (error) => {
        failure = error;
        notify();
      });
      worker.on('exit', (code) => {
        failure ??= new Error(`the parse worker stopped (exit code ${code})`);
        notify();
      });
      try {
        for (;;) {
          const message = queue.shift();
          if (!message) {
            // A clean exit comes after 'done' is queued, so failure only counts with the queue empty.
            if (failure) throw failure;
            await new Promise<void>((resolve) => (wake = resolve));
            continue;
          }
          if (message.type === 'done') return;
          if (message.type === 'error') throw errorFromThread(message.error);
          if (message.type === 'batch') {
            worker.postMessage('taken');
            yield message.batch;
          }
        }
      } finally {
        worker.removeAllListeners();
        await worker.terminate();
      }
    },
  };
}
