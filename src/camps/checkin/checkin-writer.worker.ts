import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type DatabaseConfig } from '../../kernel/db/database.js';
import { replier } from '../../kernel/threads/worker-rpc.js';
import { toWritten, type WriterJob, type WriterRequest, type WrittenCheckin } from './checkin-writer.js';
import { checkInByToken, checkInForMember } from './checkin.service.js';

/**
 * The check-in writer thread's body (see checkin-writer.ts): its own connection to the database,
 * and each request answered once its transaction has committed. Requests arriving together share
 * group commits, as they would on the main thread; requests and answers cross in batches.
 */
const port = parentPort!;
const handle = await openDatabase((workerData as { database: DatabaseConfig }).database);

const answer = replier<WrittenCheckin>(port);

/** Starts one check-in; its answer is posted once its transaction commits. */
function write(job: WriterJob): void {
  const written =
    job.op === 'byToken'
      ? checkInByToken(handle, job.token, job.input, job.now)
      : checkInForMember(handle, job.community, job.campId, job.memberId, job.input, job.source, job.now);
  answer(job.id, written.then(toWritten));
}

port.on('message', (request: WriterRequest) => {
  if (request.op === 'close') {
    // The main thread closes only with nothing in flight.
    void handle.close().then(() => port.close());
    return;
  }
  // A function per job, not a loop body here: this handler runs once per message and never gets
  // hot enough for V8 to optimise, while `write` runs once per check-in.
  for (const job of request.jobs) write(job);
});
port.postMessage({ type: 'ready' });
