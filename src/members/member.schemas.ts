import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { DayString } from '../kernel/http/schemas.js';

/**
 * TypeBox schemas of the members API: responses whitelist fields, so raw rows never leak. Literal
 * unions are spelled out (TypeBox infers `never` from a mapped array); member-schemas.test.ts
 * checks them against TIMELINE_KINDS and DUTY_ROLES.
 */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.Integer({ minimum: 1 });

export const MemberParams = Type.Object({ slug: Type.String({ maxLength: 64 }), memberId: Id });

export const MemberTierSchema = Type.Union(
  [Type.Literal('active'), Type.Literal('observer'), Type.Literal('lurker'), Type.Literal('gone')],
  { title: 'MemberTier' },
);

export const MemberFilterFields = {
  q: Type.Optional(
    Type.String({ maxLength: 100, description: 'Case-insensitive substring of the display name or any platform name' }),
  ),
  tier: Type.Optional(MemberTierSchema),
  tag: Type.Optional(Type.String({ maxLength: 64 })),
  group: Type.Optional(Id),
  source: Type.Optional(
    Type.String({ maxLength: 32, description: 'Platform of one of the member’s identities (telegram, wechat, …)' }),
  ),
  role: Type.Optional(Type.String({ maxLength: 32, description: 'Duty role held in any group' })),
  joinedFrom: Type.Optional(DayString),
  joinedTo: Type.Optional(DayString),
  sort: Type.Optional(
    Type.Union([Type.Literal('lastActive'), Type.Literal('messages'), Type.Literal('name'), Type.Literal('joined')], {
      title: 'MemberSort',
    }),
  ),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { title: 'SortOrder' })),
};

export const MemberListQuerySchema = Type.Object(
  {
    ...MemberFilterFields,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);

export const MemberExportQuerySchema = Type.Object(
  {
    ...MemberFilterFields,
    format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv' })),
    lang: Type.Optional(Type.String({ maxLength: 16, description: 'zh-CN or en; else Accept-Language' })),
  },
  { additionalProperties: false },
);

export const MemberListItemSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    tier: Nullable(Type.String()),
    firstDay: Nullable(DayString),
    lastActiveDay: Nullable(DayString),
    messages: Type.Number(),
    checkins: Type.Number(),
    tags: Type.Array(Type.String()),
    roles: Type.Array(Type.String()),
    sources: Type.Array(Type.String()),
    blacklisted: Type.Boolean(),
  },
  { title: 'MemberListItem' },
);

export const MemberListSchema = Type.Object(
  { total: Type.Number(), items: Type.Array(MemberListItemSchema) },
  { title: 'MemberList' },
);

export const NoteSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.String(),
    body: Type.String(),
    author: Nullable(Type.String()),
    createdAt: Type.Number(),
  },
  { title: 'Note' },
);

export const HeldRoleSchema = Type.Object(
  {
    role: Type.String(),
    groupId: Nullable(Type.Integer()),
    groupName: Nullable(Type.String()),
  },
  { title: 'HeldRole' },
);

export const MemberProfileSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    isBot: Type.Boolean(),
    tier: Nullable(Type.String()),
    firstDay: Nullable(DayString),
    lastActiveDay: Nullable(DayString),
    messages: Type.Number(),
    checkins: Type.Number(),
    mergedInto: Nullable(Type.Integer({ description: 'The member this one was merged into' })),
    identities: Type.Array(
      Type.Object({ platform: Type.String(), externalId: Type.String(), displayName: Type.String() }),
    ),
    groups: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), firstDay: DayString })),
    tags: Type.Array(Type.Object({ tag: Type.String(), source: Type.String() })),
    roles: Type.Array(HeldRoleSchema),
    notes: Type.Array(NoteSchema),
    blacklist: Type.Array(
      Type.Object({
        id: Type.Integer(),
        action: Type.String(),
        reason: Type.String(),
        createdAt: Type.Number(),
        liftedAt: Nullable(Type.Number()),
      }),
    ),
    tierHistory: Type.Array(Type.Object({ day: DayString, tier: Nullable(Type.String()) })),
  },
  { title: 'MemberProfile' },
);

export const TimelineQuerySchema = Type.Object(
  {
    before: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 8_640_000_000_000_000,
        description: 'Epoch ms, exclusive: the `next` of the previous page',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const TimelineSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          kind: Type.Union(
            [
              Type.Literal('message'),
              Type.Literal('check_in'),
              Type.Literal('join'),
              Type.Literal('leave'),
              Type.Literal('reaction'),
              Type.Literal('note'),
              Type.Literal('care'),
              Type.Literal('blacklist'),
            ],
            { title: 'TimelineKind' },
          ),
          at: Type.Number(),
          day: DayString,
          groupId: Nullable(Type.Integer()),
          groupName: Nullable(Type.String()),
          text: Nullable(Type.String()),
        },
        { title: 'TimelineItem' },
      ),
    ),
    next: Nullable(Type.Number()),
  },
  { title: 'Timeline' },
);

export const DutyRoleSchema = Type.Union(
  [
    Type.Literal('owner'),
    Type.Literal('admin'),
    Type.Literal('teacher'),
    Type.Literal('leader'),
    Type.Literal('booster'),
    Type.Literal('cheerleader'),
    Type.Literal('assistant'),
    Type.Literal('kol'),
  ],
  { title: 'DutyRole' },
);

export const RoleBodySchema = Type.Object(
  { role: DutyRoleSchema, groupId: Type.Optional(Type.Union([Id, Type.Null()])) },
  { additionalProperties: false, title: 'RoleBody' },
);

const BilingualSchema = Type.Object({ en: Type.String(), zh: Type.String() }, { title: 'Bilingual' });

export const DutyRolesSchema = Type.Array(
  Type.Object(
    {
      role: Type.String(),
      name: BilingualSchema,
      duties: BilingualSchema,
      isStaff: Type.Boolean(),
      holders: Type.Array(
        Type.Object(
          {
            memberId: Type.Integer(),
            name: Type.String(),
            groupId: Nullable(Type.Integer()),
            groupName: Nullable(Type.String()),
          },
          { title: 'RoleHolder' },
        ),
      ),
    },
    { title: 'DutyRoleInfo' },
  ),
);

export const BlacklistEntrySchema = Type.Object(
  {
    id: Type.Integer(),
    memberId: Type.Integer(),
    memberName: Type.String(),
    action: Type.String(),
    reason: Type.String(),
    author: Nullable(Type.String()),
    createdAt: Type.Number(),
    liftedAt: Nullable(Type.Number()),
  },
  { title: 'BlacklistEntry' },
);

export const PersonaSchema = Type.Object(
  {
    asOf: Nullable(DayString),
    tags: Type.Array(Type.Object({ tag: Type.String(), members: Type.Number() })),
    heatmap: Type.Array(Type.Array(Type.Number(), { minItems: 24, maxItems: 24 }), {
      minItems: 7,
      maxItems: 7,
      description: 'Messages by local weekday (Mon..Sun) × hour (0..23), last 90 days',
    }),
    tiers: Type.Object({ active: Type.Number(), observer: Type.Number(), lurker: Type.Number() }),
  },
  { title: 'Persona' },
);
