import { communityOf } from '../../kernel/http/access.js';
import type { RouteContext, RouteModule } from '../../kernel/http/route-module.js';
import { ErrorResponse } from '../../kernel/http/schemas.js';
import { assertMemberOf } from '../member-lookup.repo.js';
import { MemberParams } from '../member.schemas.js';
import { MemberMergeListSchema, MemberMergeSchema, MergeBody, MergeParams } from './identities.schemas.js';
import { listMerges, mergeMembers, undoMerge } from './member-merge.service.js';
import { auditActorOf } from '../../accounts/audit.service.js';
import type { MemberMergeHook } from './merge-journal.service.js';

const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

export interface IdentityRouteDeps extends RouteContext {
  /** What the features above members move when two members merge (camps' rows), in its transaction. */
  onMemberMerge: MemberMergeHook;
}

/**
 * Merges of members (docs/identities.md): operators merge two members of their community and
 * can undo it; both ids must be the community's members, or the answer is 404.
 */
export const identityRoutes: RouteModule<IdentityRouteDeps> = (api, { handle, now, onMemberMerge }) => {
  const { db } = handle;
  const tags = ['members'];

  api.post(
    '/communities/:slug/members/:memberId/merge',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'mergeMembers',
        tags,
        description:
          'Merges `otherMemberId` into this member (the survivor): identities, events, camps and the rest move, in one transaction that can be undone.',
        params: MemberParams,
        body: MergeBody,
        response: { 201: MemberMergeSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { community, caller } = communityOf(request);
      const { memberId } = request.params;
      const mergeId = await mergeMembers(
        db,
        {
          communityId: community.id,
          survivorId: memberId,
          mergedId: request.body.otherMemberId,
          actor: { kind: 'staff', accountId: caller.account.id },
        },
        onMemberMerge,
        now(),
        auditActorOf(request),
      );
      const merges = await listMerges(db, community.id, memberId);
      return reply.status(201).send(merges.find((m) => m.id === mergeId)!);
    },
  );

  api.get(
    '/communities/:slug/members/:memberId/merges',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'listMemberMerges',
        tags,
        description: 'Merges the member took part in, either side, newest first, with who made them and when.',
        params: MemberParams,
        response: { 200: MemberMergeListSchema, ...errors },
      },
    },
    async (request) => {
      const { community } = communityOf(request);
      await assertMemberOf(db, community.id, request.params.memberId);
      return listMerges(db, community.id, request.params.memberId);
    },
  );

  api.post(
    '/communities/:slug/member-merges/:mergeId/undo',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'undoMemberMerge',
        tags,
        description: 'Restores exactly what the merge moved; 409 while a later merge of either member stands.',
        params: MergeParams,
        response: { 200: MemberMergeSchema, ...errors },
      },
    },
    async (request) => {
      const { community, caller } = communityOf(request);
      const merge = await undoMerge(
        db,
        community.id,
        request.params.mergeId,
        caller.account.id,
        now(),
        auditActorOf(request),
      );
      const merges = await listMerges(db, community.id, merge.survivorId);
      return merges.find((m) => m.id === request.params.mergeId)!;
    },
  );
};
