import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type DatabaseConfig } from '../kernel/db/database.js';
import { errorToThread } from '../kernel/thread-errors.js';
import { batchedPost, toWritten, type WriterReply, type WriterRequest } from './checkin-writer.js';
import { checkInByToken, checkInForMember } from './checkin.service.js';

/**
 * The check-in writer thread's body (see checkin-writer.ts): its own connection to the database,
 * and each request answered once its transaction has committed. Requests arriving together share
 * group commits, as they would on the main thread; requests and answers cross in batches.
 */
const port = parentPort!;
const handle = await openDatabase((workerData as { database: DatabaseConfig }).database);

const reply = batchedPost<WriterReply>((replies) => port.postMessage(replies));

port.on('message', (request: WriterRequest) => {
  if (request.op === 'close') {
    // The main thread closes only with nothing in flight.
    void handle.close().then(() => port.close());
    return;
  }
  for (const job of request.jobs) {
    const { id } = job;
    const written =
      job.op === 'byToken'
        ? checkInByToken(handle, job.token, job.input, job.now)
        : checkInForMember(handle, job.community, job.campId, job.memberId, job.input, job.source, job.now);
    written.then(
      (value) => reply({ id, ok: true, value: toWritten(value) }),
      (error: unknown) => reply({ id, ok: false, error: errorToThread(error) }),
    );
  }
});
port.postMessage({ type: 'ready' });
