import { Type } from '@fastify/type-provider-typebox';
import { DayString } from '../../kernel/http/schemas.js';
import { STREAK_BUCKETS } from './dashboard.rules.js';
import {
  LeaderboardWindowSchema,
  LocalizedTextSchema,
  oneOf,
  RoleModelReasonSchema,
} from '../member-page/member-page.schemas.js';

/** Schemas of the staff's camp insights: dashboard, copy flags, leaderboard, role models. */

export const FlagParams = Type.Object({
  slug: Type.String({ maxLength: 64 }),
  campId: Type.Integer({ minimum: 1 }),
  flagId: Type.Integer({ minimum: 1 }),
});

const Rate = { checkedIn: Type.Integer(), enrolled: Type.Integer(), rate: Type.Number() };

export const DashboardSchema = Type.Object(
  {
    date: DayString,
    dayOfCamp: Type.Union([Type.Integer(), Type.Null()]),
    enrolled: Type.Integer(),
    checkedIn: Type.Integer(),
    rateByDay: Type.Array(Type.Object({ date: DayString, ...Rate })),
    rateByGroup: Type.Array(Type.Object({ groupId: Type.Integer(), name: Type.String(), ...Rate })),
    streakDistribution: Type.Array(
      Type.Object({ bucket: oneOf(STREAK_BUCKETS, { title: 'StreakBucket' }), members: Type.Integer() }),
    ),
    atRisk: Type.Array(
      Type.Object({
        memberId: Type.Integer(),
        displayName: Type.String(),
        currentStreak: Type.Integer(),
        deadline: Type.String(),
      }),
    ),
    openFlags: Type.Integer(),
  },
  { title: 'CampDashboard' },
);

export const FlagStatusQuery = Type.Object(
  { status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')])) },
  { additionalProperties: false },
);

const FlaggedCheckin = Type.Object(
  {
    id: Type.Integer(),
    memberId: Type.Integer(),
    displayName: Type.String(),
    date: DayString,
    at: Type.String(),
    text: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'FlaggedCheckin' },
);

export const FlagSchema = Type.Object(
  {
    id: Type.Integer(),
    /** Share of the check-in's text found in the original (0..1). */
    score: Type.Number(),
    jaccard: Type.Number(),
    status: Type.Union(
      [Type.Literal('open'), Type.Literal('dismissed'), Type.Literal('voided'), Type.Literal('blacklisted')],
      { title: 'FlagStatus' },
    ),
    createdAt: Type.String(),
    resolvedAt: Type.Union([Type.String(), Type.Null()]),
    resolutionReason: Type.Union([Type.String(), Type.Null()]),
    checkin: FlaggedCheckin,
    original: FlaggedCheckin,
  },
  { title: 'CopyFlag' },
);

export const ResolveFlagBody = Type.Object(
  {
    action: Type.Union([Type.Literal('dismiss'), Type.Literal('void'), Type.Literal('blacklist')], {
      title: 'FlagAction',
    }),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false, title: 'ResolveFlagBody' },
);

export const StaffLeaderboardSchema = Type.Object(
  {
    window: LeaderboardWindowSchema,
    rows: Type.Array(
      Type.Object({
        rank: Type.Integer(),
        memberId: Type.Integer(),
        displayName: Type.String(),
        points: Type.Integer(),
      }),
    ),
  },
  { title: 'StaffLeaderboard' },
);

export const StaffRoleModelsSchema = Type.Object(
  {
    date: DayString,
    roleModels: Type.Array(
      Type.Object(
        {
          memberId: Type.Integer(),
          displayName: Type.String(),
          reason: RoleModelReasonSchema,
          params: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()])),
          text: LocalizedTextSchema,
          checkinId: Type.Integer(),
          checkinText: Type.Union([Type.String(), Type.Null()]),
        },
        { title: 'StaffRoleModel' },
      ),
    ),
  },
  { title: 'StaffRoleModels' },
);
