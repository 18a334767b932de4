import { Type } from '@fastify/type-provider-typebox';
import { DayString, SlugParams } from '../../kernel/http/schemas.js';
import { ShownRangeSchema } from '../range.schemas.js';

export const PhaseSchema = Type.Union(
  [Type.Literal('honeymoon'), Type.Literal('cooling'), Type.Literal('fading'), Type.Literal('silent')],
  { title: 'Phase' },
);

export const GroupSummarySchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    platform: Type.String(),
    size: Type.Integer({ description: 'members present on the as-of day' }),
    capacity: Type.Integer(),
    phase: PhaseSchema,
    silent: Type.Boolean(),
    m7: Type.Integer({ description: 'non-staff messages in the 7 days ending on the as-of day' }),
    peak: Type.Integer(),
    dau: Type.Integer(),
    wau: Type.Integer(),
    lastActiveDay: Type.Union([DayString, Type.Null()]),
    health: Type.Integer({ minimum: 0, maximum: 100 }),
    inRange: Type.Optional(
      Type.Object(
        { messages: Type.Integer(), checkIns: Type.Integer(), activeMembers: Type.Integer() },
        { description: 'the groups list’s date range: messages and check-ins (staff too), distinct active members' },
      ),
    ),
  },
  { title: 'GroupSummary' },
);

export const GroupParams = Type.Object({
  slug: SlugParams.properties.slug,
  groupId: Type.Integer({ minimum: 1 }),
});

export const GroupDaySchema = Type.Object(
  { day: DayString, messages: Type.Integer(), checkIns: Type.Integer(), activeMembers: Type.Integer() },
  { title: 'GroupDay' },
);

export const GroupDetailSchema = Type.Object(
  {
    group: GroupSummarySchema,
    range: ShownRangeSchema,
    daily: Type.Array(GroupDaySchema),
    staff: Type.Array(
      Type.Object(
        { memberId: Type.Integer(), name: Type.String(), roles: Type.Array(Type.String()) },
        { title: 'GroupStaff' },
      ),
    ),
  },
  { title: 'GroupDetail' },
);

export const GroupPatchSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    /** The chat id of a hand-made group (Telegram chat id, IRC channel …), set once. */
    externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false, title: 'GroupPatch' },
);
