import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EventLog } from '../../kernel/event-log/event-log.js';
import { AppError, ValidationError } from '../../kernel/errors.js';
import { importExport, type ImportSummary } from './import.service.js';
import { importerFor } from '../../platforms/importers/registry.js';

export type ImportState = 'uploading' | 'importing' | 'done' | 'failed';

export interface ImportJob {
  id: string;
  state: ImportState;
  format: string;
  fileName: string;
  /** Epoch ms the upload began (history rows: the import began). */
  startedAt: number;
  finishedAt?: number;
  /**
   * `bytes` received while uploading, then of the staged file processed while importing (for
   * Slack zips, estimated from the day files read); `events` is known once the import is done.
   */
  progress: { bytes: number; totalBytes?: number; events: number };
  result?: Omit<ImportSummary, 'community' | 'groups'> & { groups?: number };
  error?: { code: string; message: string };
}

interface Tracked extends ImportJob {
  communityId: number;
}

export interface ImportJobs {
  /**
   * Streams `file` to the staging folder (never holding it in memory), then queues the import and
   * returns the job as soon as the upload is complete; `get` follows it from there.
   */
  start(
    community: { id: number; slug: string },
    input: { format: string; fileName: string; totalBytes?: number },
    file: Readable & { truncated?: boolean },
  ): Promise<ImportJob>;
  get(communityId: number, id: string): ImportJob | undefined;
  /** This process's jobs in the community, newest first. */
  list(communityId: number): ImportJob[];
  /** Resolves when every queued import has finished (tests, shutdown). */
  idle(): Promise<void>;
}

export interface ImportJobOptions {
  now: () => number;
  /** Jobs remembered per process; the oldest finished ones are forgotten first. */
  keep?: number;
}

/** A name safe to stage under: the last path segment, without control characters. */
export function stagedName(fileName: string): string {
  const name = basename(fileName.replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f\u007f/]/g, '_')
    .slice(-200);
  return name === '' || name === '.' || name === '..' ? 'upload' : name;
}

/**
 * Import jobs of one server process: upload, then `importExport` in the background, one import at
 * a time (an import is one long transaction; two into the same community would contend for the
 * same identities). A failed import leaves the database unchanged and the importer's message —
 * which names the file, the place in it and the field — on the job.
 */
export function createImportJobs(
  writer: () => Promise<EventLog>,
  uploadDir: string,
  options: ImportJobOptions,
): ImportJobs {
  const jobs = new Map<string, Tracked>();
  const keep = options.keep ?? 50;
  let queue: Promise<void> = Promise.resolve();

  const forgetOld = () => {
    const finished = [...jobs.values()].filter((j) => j.state === 'done' || j.state === 'failed');
    for (let i = 0; jobs.size > keep && i < finished.length; i++) jobs.delete(finished[i].id);
  };

  const fail = (job: Tracked, error: unknown) => {
    job.state = 'failed';
    job.finishedAt = options.now();
    job.error =
      error instanceof AppError
        ? { code: error.code, message: error.message }
        : { code: 'INTERNAL', message: 'the import failed unexpectedly' };
  };

  const runImport = async (job: Tracked, slug: string, dir: string, path: string) => {
    let outcome: (() => void) | undefined;
    try {
      const size = (await stat(path)).size;
      job.progress = { bytes: 0, totalBytes: size, events: 0 };
      const eventLog = await writer();
      const summary = await importExport(eventLog, {
        path,
        format: job.format,
        community: slug,
        now: job.startedAt,
        onProgress: (done, total) => {
          job.progress.bytes = total > 0 ? Math.min(size, Math.round((done / total) * size)) : 0;
        },
      });
      outcome = () => {
        job.progress = { bytes: size, totalBytes: size, events: summary.read };
        job.result = {
          read: summary.read,
          inserted: summary.inserted,
          duplicates: summary.duplicates,
          repaired: summary.repaired,
          groups: summary.groups,
          ...(summary.encoding ? { encoding: summary.encoding } : {}),
        };
        job.state = 'done';
        job.finishedAt = options.now();
      };
    } catch (error) {
      outcome = () => fail(job, error);
    }
    // The staged file goes before the job says it has finished, so a finished job leaves nothing behind.
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    outcome();
  };

  return {
    async start(community, input, file) {
      try {
        importerFor(input.format);
      } catch (error) {
        file.resume(); // drain the upload, so the request can end with the error
        throw error;
      }
      const fileName = stagedName(input.fileName);
      const job: Tracked = {
        id: randomUUID(),
        communityId: community.id,
        state: 'uploading',
        format: input.format,
        fileName,
        startedAt: options.now(),
        progress: { bytes: 0, ...(input.totalBytes ? { totalBytes: input.totalBytes } : {}), events: 0 },
      };
      jobs.set(job.id, job);
      forgetOld();
      const dir = join(uploadDir, job.id);
      const path = join(dir, fileName);
      try {
        await mkdir(dir, { recursive: true });
        const count = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            job.progress.bytes += chunk.length;
            done(null, chunk);
          },
        });
        await pipeline(file, count, createWriteStream(path));
        if (file.truncated)
          throw new ValidationError('file', `${fileName} is larger than the upload limit`, 'TOO_LARGE');
      } catch (error) {
        fail(job, error);
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
      job.state = 'importing';
      queue = queue.then(() => runImport(job, community.slug, dir, path));
      return job;
    },
    get: (communityId, id) => {
      const job = jobs.get(id);
      return job && job.communityId === communityId ? publicJob(job) : undefined;
    },
    list: (communityId) =>
      [...jobs.values()]
        .filter((j) => j.communityId === communityId)
        .sort((a, b) => b.startedAt - a.startedAt)
        .map(publicJob),
    idle: async () => {
      let seen: Promise<void>;
      do {
        seen = queue;
        await seen;
      } while (seen !== queue);
    },
  };
}

function publicJob({ communityId: _community, ...job }: Tracked): ImportJob {
  return { ...job, progress: { ...job.progress } };
}
