import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../kernel/db/database.js';
import { errorToThread } from '../kernel/thread-errors.js';
import type { WriterReply, WriterRequest } from './checkin-writer.js';
import { checkInByToken, checkInForMember } from './checkin.service.js';

/**
 * The check-in writer thread's body (see checkin-writer.ts): its own connection to the database,
 * and each request answered once its transaction has committed. Requests arriving together share
 * group commits, as they would on the main thread.
 */
const port = parentPort!;
const handle = await openDatabase({ dataDir: (workerData as { dataDir: string }).dataDir });

port.on('message', (request: WriterRequest) => {
  if (request.op === 'close') {
    // The main thread closes only with nothing in flight.
    void handle.close().then(() => port.close());
    return;
  }
  const { id } = request;
  const written =
    request.op === 'byToken'
      ? checkInByToken(handle, request.token, request.input, request.now)
      : checkInForMember(handle, request.community, request.campId, request.memberId, request.input, request.source, request.now);
  written.then(
    (value) => port.postMessage({ id, ok: true, value } satisfies WriterReply),
    (error: unknown) => port.postMessage({ id, ok: false, error: errorToThread(error) } satisfies WriterReply),
  );
});
port.postMessage({ type: 'ready' });
