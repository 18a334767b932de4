import { type Static, Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { communityOf } from '../../kernel/http/access.js';
import type { RouteContext, RouteModule } from '../../kernel/http/route-module.js';
import { ErrorResponse } from '../../kernel/http/schemas.js';
import type { BlobStore } from '../../kernel/storage/blob-store.js';
import { MemberParams } from '../member.schemas.js';
import { type ErasureAction, eraseMember, exportMember } from './member-data.service.js';
import type { MemberDataPart } from './member-data.types.js';

const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

export interface MemberDataRouteDeps extends RouteContext {
  /** The features above members' parts of an export or erasure (camps, rooms). */
  memberData: MemberDataPart[];
  files: BlobStore;
}

const ExportSchema = Type.Object(
  {
    exportedAt: Type.String(),
    member: Type.Object({ id: Type.Integer(), displayName: Type.String() }, { additionalProperties: true }),
  },
  {
    additionalProperties: true,
    title: 'MemberDataExport',
    description: 'Every section is listed in docs/member-data.md.',
  },
);

const ErasureBody = Type.Object(
  {
    confirm: Type.Integer({ minimum: 1, description: 'the member id again: whom you erase' }),
    alsoRemove: Type.Optional(
      Type.Array(Type.String({ minLength: 2, maxLength: 200 }), {
        maxItems: 20,
        description: 'more strings that name the member (a phone, an email): anonymising removes them from every text',
      }),
    ),
  },
  { additionalProperties: false, title: 'MemberErasureBody' },
);

type Erasure = Static<typeof ErasureBody>;

const ErasureResult = Type.Object(
  {
    memberId: Type.Integer(),
    action: Type.Union([Type.Literal('anonymise'), Type.Literal('delete')]),
    counts: Type.Record(Type.String(), Type.Integer()),
    filesRemoved: Type.Integer(),
  },
  { title: 'MemberErasureResult' },
);

/**
 * A member's data rights (docs/member-data.md): admins export everything Shequn holds about one
 * member, and anonymise or delete them on request. An id of another community answers 404.
 */
export const memberDataRoutes: RouteModule<MemberDataRouteDeps> = (api, { handle, now, memberData, files }) => {
  const { db } = handle;
  const tags = ['members'];

  api.get(
    '/communities/:slug/members/:memberId/export',
    {
      config: { access: { community: 'admin' } },
      schema: {
        operationId: 'exportMemberData',
        tags,
        description:
          'Everything Shequn holds about the member and those merged into them: identities, groups, events, notes, tags, duty roles, camps, rooms, outbox items, merges.',
        params: MemberParams,
        response: { 200: ExportSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { community } = communityOf(request);
      const data = await exportMember(db, memberData, community, request.params.memberId, now());
      reply.header('content-disposition', `attachment; filename="member-${request.params.memberId}.json"`);
      return data;
    },
  );

  const erasure = (operationId: string, description: string) => ({
    operationId,
    tags,
    description,
    params: MemberParams,
    body: ErasureBody,
    response: { 200: ErasureResult, ...errors },
  });
  const erase = (action: ErasureAction, request: FastifyRequest, params: { memberId: number }, body: Erasure) => {
    const { community, caller } = communityOf(request);
    return eraseMember(
      db,
      files,
      memberData,
      action,
      { community, memberId: params.memberId, accountId: caller.account.id, ...body },
      now(),
    );
  };

  api.post(
    '/communities/:slug/members/:memberId/anonymise',
    {
      config: { access: { community: 'admin' } },
      schema: erasure(
        'anonymiseMember',
        'Keeps the events for the figures but replaces names, handles and texts with placeholders and drops notes and photos.',
      ),
    },
    async (request) => erase('anonymise', request, request.params, request.body),
  );
  api.delete(
    '/communities/:slug/members/:memberId',
    {
      config: { access: { community: 'admin' } },
      schema: erasure(
        'deleteMember',
        'Removes the member, their identities and every row about them, their events too: the figures drop.',
      ),
    },
    async (request) => erase('delete', request, request.params, request.body),
  );
};
