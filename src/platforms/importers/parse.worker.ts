import { parentPort, workerData } from 'node:worker_threads';
import { createQuestionDetector } from '../../kernel/event-log/question-flag.rules.js';
import { toBatches, transferables } from '../../kernel/event-log/event-batch.js';
import { errorToThread } from '../../kernel/threads/thread-errors.js';
import { chunkedImporters } from './chunked-importers.js';
import type { ImportFormat } from './importer.types.js';
import type { ParseRequest, WorkerMessage } from './parse-in-worker.js';
import type { TextEncoding } from './text-decoding.js';

/**
 * The parse worker's body (see parse-in-worker.ts): runs the importer and posts its events in
 * batches, at most `inFlight` ahead of what the main thread has taken.
 */
const request = workerData as ParseRequest;
const port = parentPort!;
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let credits = request.inFlight;
let wake: (() => void) | null = null;
port.on('message', () => {
  credits++;
  wake?.();
  wake = null;
});

try {
  const source = {
    path: request.path,
    groupName: request.groupName,
    timezone: request.timezone,
    onProgress: (done: number, total: number) => post({ type: 'progress', done, total }),
    onEncoding: (encoding: TextEncoding) => post({ type: 'encoding', encoding }),
  };
  const chunked = chunkedImporters[request.format as ImportFormat];
  // The registry loads every importer and its libraries: only when this format needs it.
  const events = chunked ? chunked(source) : (await import('./registry.js')).importerFor(request.format)(source);
  // Without the question rule, days and question flags are left to the main thread (see ingestBatches).
  const stamps = request.questions
    ? { timezone: request.timezone, isQuestion: createQuestionDetector(request.questions) }
    : null;
  for await (const batch of toBatches(events, stamps)) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    post({ type: 'batch', batch }, transferables(batch));
  }
  post({ type: 'done' });
} catch (error) {
  post({ type: 'error', error: errorToThread(error) });
} finally {
  port.unref();
}
