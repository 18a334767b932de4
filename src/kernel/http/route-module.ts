import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CheckinWriter } from '../../camps/checkin/checkin-writer.js';
import type { DatabaseHandle } from '../db/database.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { FileFetchers } from '../../platforms/connectors/registry.js';

/** What every feature's routes receive: the database and a clock (tests move time). */
export interface RouteContext {
  handle: DatabaseHandle;
  now: () => number;
  /** Where uploads are staged (the data directory's `uploads/`). */
  uploadDir: string;
  /** Where uploaded files that are kept (check-in images) live: disk or S3. */
  files: BlobStore;
  /** Where check-ins are written (a thread of their own under `shequn start` on SQLite). */
  checkins: CheckinWriter;
  /** Downloads of files chat messages carry, per platform with a credential (photo check-ins). */
  platformFiles: FileFetchers;
}

export type Api = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>;

/** A feature's routes: registered once under /api with the shared access control in force. */
export type RouteModule = (api: Api, context: RouteContext) => void | Promise<void>;
