import { Type } from '@fastify/type-provider-typebox';

const Id = Type.Integer({ minimum: 1 });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const MergeBody = Type.Object({ otherMemberId: Id }, { additionalProperties: false, title: 'MergeMembersBody' });

export const MergeParams = Type.Object({ slug: Type.String({ maxLength: 64 }), mergeId: Id });

const MemberRef = Type.Object({ id: Type.Integer(), displayName: Type.String() }, { title: 'MergedMemberRef' });

export const MemberMergeSchema = Type.Object(
  {
    id: Type.Integer(),
    survivor: MemberRef,
    merged: MemberRef,
    actor: Type.Union([Type.Literal('staff'), Type.Literal('bind code')]),
    accountName: Nullable(Type.String()),
    createdAt: Type.Number(),
    undoneAt: Type.Union([Type.Number(), Type.Null()]),
    undoneBy: Nullable(Type.String()),
  },
  { title: 'MemberMerge' },
);

export const MemberMergeListSchema = Type.Array(MemberMergeSchema, { title: 'MemberMergeList' });
