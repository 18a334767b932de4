import { type Static, Type } from '@fastify/type-provider-typebox';
import { ValidationError } from '../../kernel/errors.js';
import type { EventLog } from '../../kernel/event-log/event-log.js';
import { communityOf } from '../../kernel/http/access.js';
import type { RouteContext, RouteModule } from '../../kernel/http/route-module.js';
import { ErrorResponse, oneOf, SlugParams } from '../../kernel/http/schemas.js';
import { HANDLE_PLATFORMS, NAME_MAX_LENGTH, ROW_ERROR_CODES, UPLOAD_MAX_ROWS } from './member-create.rules.js';
import { createMemberUpload, createOneMember, previewMemberUpload } from './member-create.service.js';
import { readMemberTable } from './member-upload.js';

const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

const RowErrorSchema = Type.Object(
  {
    code: oneOf(ROW_ERROR_CODES, { title: 'MemberRowErrorCode' }),
    field: Type.String(),
  },
  { title: 'MemberRowError' },
);
const Str = Type.Union([Type.String(), Type.Null()]);
const UploadResult = Type.Object(
  {
    rows: Type.Array(
      Type.Object(
        {
          line: Type.Integer(),
          status: Type.Union([Type.Literal('new'), Type.Literal('existing'), Type.Literal('invalid')]),
          name: Type.String(),
          phone: Str,
          email: Str,
          platform: Str,
          handle: Str,
          tags: Type.Array(Type.String()),
          group: Str,
          groupId: Type.Union([Type.Integer(), Type.Null()]),
          errors: Type.Array(RowErrorSchema),
        },
        { title: 'MemberUploadRow' },
      ),
    ),
    counts: Type.Object({ new: Type.Integer(), existing: Type.Integer(), invalid: Type.Integer() }),
    /** How many were created: 0 for a preview. */
    created: Type.Integer(),
  },
  { title: 'MemberUploadResult' },
);

export interface MemberCreateRouteDeps extends RouteContext {
  /** New members who join a group do so by a `join` event, as imported ones do. */
  eventLog: EventLog;
}

/** Members added by hand: one from the form, or a CSV/XLSX list previewed, then created. */
export const memberCreateRoutes: RouteModule<MemberCreateRouteDeps> = (api, { handle, now, eventLog }) => {
  const tags = ['members'];

  api.post(
    '/communities/:slug/members',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'createMember',
        tags,
        description:
          'Adds one member by hand; 409 when a member with this phone, email or handle (or, without any, this name) exists.',
        params: SlugParams,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH }),
            phone: Type.Optional(Type.String({ maxLength: 40 })),
            email: Type.Optional(Type.String({ maxLength: 320 })),
            platform: Type.Optional(oneOf(HANDLE_PLATFORMS)),
            handle: Type.Optional(Type.String({ maxLength: 200 })),
            tags: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
            groupId: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false, title: 'CreateMemberBody' },
        ),
        response: {
          201: Type.Object({ id: Type.Integer() }, { title: 'CreatedMember' }),
          400: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { groupId, ...input } = request.body;
      const community = communityOf(request).community;
      const created = await createOneMember(
        eventLog,
        community,
        { ...input, group: groupId === undefined ? undefined : `#${groupId}` },
        now(),
      );
      return reply.status(201).send(created);
    },
  );

  api.post(
    '/communities/:slug/members/upload',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'uploadMembers',
        tags,
        description: `multipart/form-data with one field \`file\`: a CSV (UTF-8 or GB18030) or XLSX list, a header row first (name, phone, email, platform, handle, tags, group; or 姓名, 手机, 邮箱, 平台, 账号, 标签, 群), at most ${UPLOAD_MAX_ROWS} rows. \`mode=preview\` checks every row and changes nothing; \`mode=create\` creates the new, valid ones (again: no one twice).`,
        consumes: ['multipart/form-data'],
        params: SlugParams,
        querystring: Type.Object({ mode: Type.Union([Type.Literal('preview'), Type.Literal('create')]) }),
        response: { 200: UploadResult, 400: ErrorResponse, 413: ErrorResponse },
      },
    },
    async (request): Promise<Static<typeof UploadResult>> => {
      if (!request.isMultipart()) throw new ValidationError('file', 'send the list as multipart/form-data');
      const part = await request.file({ limits: { fileSize: UPLOAD_MAX_BYTES } });
      if (!part) throw new ValidationError('file', 'no file in the upload');
      const bytes = await part.toBuffer();
      const table = await readMemberTable(part.filename, bytes);
      const community = communityOf(request).community;
      return request.query.mode === 'preview'
        ? previewMemberUpload(handle.db, community, table)
        : createMemberUpload(eventLog, community, table, now());
    },
  );
};
