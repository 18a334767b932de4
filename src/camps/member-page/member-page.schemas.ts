import { Type } from '@fastify/type-provider-typebox';
import { DayString } from '../../kernel/http/schemas.js';
import { MemberStateSchema } from '../camp/camp.schemas.js';
import { LEADERBOARD_WINDOWS, ROLE_MODEL_REASONS } from '../leaderboard/leaderboard.rules.js';

/** Schemas of the member page (`/api/m/:token…`): public, so display names only, never member ids. */

export const LocalizedTextSchema = Type.Object(
  { 'zh-CN': Type.String(), en: Type.String() },
  { title: 'LocalizedText' },
);
export const ProgressSchema = Type.Object(
  { from: Type.Number(), done: Type.Number(), target: Type.Number(), remaining: Type.Number(), ratio: Type.Number() },
  { title: 'Progress' },
);
export { oneOf } from '../../kernel/http/schemas.js';
import { oneOf } from '../../kernel/http/schemas.js';
export const LeaderboardWindowSchema = oneOf(LEADERBOARD_WINDOWS, { title: 'LeaderboardWindow' });
export const RoleModelReasonSchema = oneOf(ROLE_MODEL_REASONS, { title: 'RoleModelReason' });

export const MemberPageSchema = Type.Object(
  {
    ...MemberStateSchema.properties,
    points: Type.Object({
      /** Every point the member holds in the community (all camps, referrals, answers). */
      total: Type.Integer(),
      level: Type.Object({
        /** 1-based. */
        number: Type.Integer(),
        name: LocalizedTextSchema,
        next: Type.Union([LocalizedTextSchema, Type.Null()]),
        progress: Type.Union([ProgressSchema, Type.Null()]),
      }),
    }),
    milestones: Type.Object({
      next: Type.Union([Type.Object({ day: Type.Integer() }), Type.Null()]),
      progress: ProgressSchema,
      completed: Type.Boolean(),
      reached: Type.Array(Type.Object({ day: Type.Integer(), date: DayString })),
    }),
    badges: Type.Array(
      Type.Object({ code: Type.String(), name: LocalizedTextSchema, earnedDate: DayString }, { title: 'Badge' }),
    ),
    certificate: Type.Union([Type.Object({ url: Type.String() }), Type.Null()]),
  },
  { title: 'MemberCamp' },
);

export const WindowQuery = Type.Object(
  { window: Type.Optional(LeaderboardWindowSchema) },
  { additionalProperties: false },
);

export const MemberLeaderboardSchema = Type.Object(
  {
    window: LeaderboardWindowSchema,
    rows: Type.Array(
      Type.Object({ rank: Type.Integer(), displayName: Type.String(), points: Type.Integer(), isMe: Type.Boolean() }),
    ),
    me: Type.Union([Type.Object({ rank: Type.Integer(), points: Type.Integer() }), Type.Null()]),
  },
  { title: 'MemberLeaderboard' },
);

export const MemberRoleModelsSchema = Type.Object(
  {
    date: DayString,
    roleModels: Type.Array(
      Type.Object(
        {
          displayName: Type.String(),
          reason: RoleModelReasonSchema,
          text: LocalizedTextSchema,
          checkinText: Type.Union([Type.String(), Type.Null()]),
        },
        { title: 'MemberRoleModel' },
      ),
    ),
  },
  { title: 'MemberRoleModels' },
);

export const SvgImage = Type.String({ description: 'an SVG image (image/svg+xml)' });

/** members' bind code (docs/identities.md), shown on the member's page. */
export const BindCodeSchema = Type.Object(
  {
    code: Type.String({ description: 'Eight characters; shown once' }),
    expiresAt: Type.Number({ description: 'UTC ms' }),
  },
  { title: 'BindCode' },
);
