import { Type } from '@fastify/type-provider-typebox';
import type { DatabaseHandle } from '../../kernel/db/database.js';
import { NotFoundError, ValidationError } from '../../kernel/errors.js';
import { communityOf } from '../../kernel/http/access.js';
import type { EventLog } from '../../kernel/event-log/event-log.js';
import type { RouteContext, RouteModule } from '../../kernel/http/route-module.js';
import { ErrorResponse, SlugParams } from '../../kernel/http/schemas.js';
import { createImportJobs, type ImportJob } from './import-jobs.js';
import { findImport, recentImports } from './import-jobs.repo.js';
import { IMPORT_FORMATS } from '../../platforms/importers/registry.js';

const HISTORY = 50;

const JobSchema = Type.Object(
  {
    id: Type.String({ description: 'a running job’s own id, or the recorded import’s' }),
    state: Type.Union(
      [Type.Literal('uploading'), Type.Literal('importing'), Type.Literal('done'), Type.Literal('failed')],
      { title: 'ImportState' },
    ),
    format: Type.String(),
    fileName: Type.String(),
    startedAt: Type.Number({ description: 'epoch ms' }),
    finishedAt: Type.Optional(Type.Number()),
    progress: Type.Object({ bytes: Type.Number(), totalBytes: Type.Optional(Type.Number()), events: Type.Number() }),
    result: Type.Optional(
      Type.Object({
        read: Type.Number(),
        inserted: Type.Number(),
        duplicates: Type.Number(),
        repaired: Type.Optional(
          Type.Number({ description: 'of the duplicates, events whose text or links this file corrected' }),
        ),
        groups: Type.Optional(Type.Number()),
        encoding: Type.Optional(
          Type.String({ description: 'set when the file was not UTF-8 and was read in this encoding (gb18030)' }),
        ),
      }),
    ),
    error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
  },
  { title: 'ImportJob' },
);

type HistoryRow = Awaited<ReturnType<typeof recentImports>>[number];

/** An import recorded in the database: finished, by an upload of an earlier process or the CLI. */
function fromHistory(row: HistoryRow): ImportJob {
  return {
    id: String(row.id),
    state: 'done',
    format: row.format,
    fileName: row.file_name,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    progress: { bytes: 0, events: row.events_read },
    result: {
      read: row.events_read,
      inserted: row.events_inserted,
      duplicates: row.events_read - row.events_inserted,
      repaired: Number(row.events_repaired),
    },
  };
}

/** Uploading a chat export from the browser, and following its import. */
export interface ImportRouteDeps extends RouteContext {
  /** Where imports append; its subscribers do what follows (questions, member figures). */
  eventLog: EventLog;
  /** Where uploads are staged (the data directory's `uploads/`). */
  uploadDir: string;
}

export const importRoutes: RouteModule<ImportRouteDeps> = (api, { handle, now, uploadDir, eventLog }) => {
  // On SQLite an import runs on its own connection: its long transaction then holds up no reader,
  // so the console can follow its progress.
  let writer: Promise<DatabaseHandle> | undefined;
  const importConnection = () => (writer ??= handle.openSecondConnection?.() ?? Promise.resolve(handle));
  const jobs = createImportJobs(async () => eventLog.on(await importConnection()), uploadDir, { now });
  api.addHook('onClose', async () => {
    await jobs.idle();
    const opened = await writer;
    if (opened && opened !== handle) await opened.close();
  });

  api.post(
    '/communities/:slug/imports',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'uploadImport',
        tags: ['imports'],
        description: `multipart/form-data: the field \`format\` (${IMPORT_FORMATS.join(', ')}) first, then \`file\`. Answers once the upload is stored; the import runs in the background.`,
        consumes: ['multipart/form-data'],
        params: SlugParams,
        response: { 202: Type.Object({ id: Type.String() }, { title: 'ImportStarted' }), 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { community } = communityOf(request);
      if (!request.isMultipart()) throw new ValidationError('file', 'send the export as multipart/form-data');
      const part = await request.file();
      if (!part) throw new ValidationError('file', 'no file in the upload');
      const format = part.fields.format;
      const value = format && !Array.isArray(format) && format.type === 'field' ? String(format.value) : undefined;
      if (!value) {
        part.file.resume(); // drain, so the request can end
        throw new ValidationError('format', `send the field "format" (${IMPORT_FORMATS.join(', ')}) before the file`);
      }
      const length = Number(request.headers['content-length']);
      const job = await jobs.start(
        community,
        { format: value, fileName: part.filename, totalBytes: length > 0 ? length : undefined },
        part.file,
      );
      return reply.status(202).send({ id: job.id });
    },
  );

  api.get(
    '/communities/:slug/imports',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'listImports',
        tags: ['imports'],
        params: SlugParams,
        response: { 200: Type.Array(JobSchema) },
      },
    },
    async (request) => {
      const { community } = communityOf(request);
      const live = jobs.list(community.id);
      // An upload's own import is recorded with its start time and file name: show it once.
      const seen = new Set(live.map((j) => `${j.startedAt}|${j.fileName}`));
      const history = (await recentImports(handle.db, community.id, HISTORY))
        .filter((r) => !seen.has(`${r.started_at}|${r.file_name}`))
        .map(fromHistory);
      return [...live, ...history].slice(0, HISTORY);
    },
  );

  api.get(
    '/communities/:slug/imports/:id',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'getImport',
        tags: ['imports'],
        params: Type.Object({ slug: SlugParams.properties.slug, id: Type.String({ maxLength: 64 }) }),
        response: { 200: JobSchema, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { community } = communityOf(request);
      const { id } = request.params;
      const job = jobs.get(community.id, id);
      if (job) return job;
      const row = /^[0-9]{1,15}$/.test(id) ? await findImport(handle.db, community.id, Number(id)) : undefined;
      if (!row) throw new NotFoundError(`import ${id}`);
      return fromHistory(row);
    },
  );
};
