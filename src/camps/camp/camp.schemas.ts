import { Type } from '@fastify/type-provider-typebox';
import { DayString } from '../../kernel/http/schemas.js';
import { TEMPLATE_NAMES } from './camp.rules.js';

const Clock = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$' });
const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);

export const CampParams = Type.Object({ slug: Type.String({ maxLength: 64 }), campId: Type.Integer({ minimum: 1 }) });
export const CheckinParams = Type.Object({
  slug: Type.String({ maxLength: 64 }),
  campId: Type.Integer({ minimum: 1 }),
  checkinId: Type.Integer({ minimum: 1 }),
});
export const TokenParams = Type.Object({ token: Type.String({ maxLength: 128 }) });

const ContentSpecSchema = Type.Object(
  {
    text: Type.Boolean(),
    image: Type.Boolean(),
    number: Type.Boolean(),
    link: Type.Boolean(),
    numberLabel: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { title: 'ContentSpec' },
);
const RulesSchema = Type.Object(
  {
    makeUpCards: Type.Integer({ minimum: 0 }),
    makeUpMaxDaysLate: Type.Integer({ minimum: 0 }),
    freezes: Type.Integer({ minimum: 0 }),
    freezeEarnedEveryDays: Type.Integer({ minimum: 0 }),
    missPolicy: Type.Union([Type.Literal('reset'), Type.Literal('pause')], { title: 'MissPolicy' }),
  },
  { title: 'CampRules' },
);
const SettingsSchema = Type.Object(
  {
    reminderTime: Type.Union([Clock, Type.Null()]),
    /** Optional: camps stored before praise times existed have none (the template's default applies). */
    praiseTime: Type.Optional(Type.Union([Clock, Type.Null()])),
    milestones: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 }),
  },
  { title: 'CampSettings' },
);
const WindowSchema = Type.Object({ start: Clock, end: Clock, timezone: Type.String() }, { title: 'CampWindow' });

export const CreateCampBody = Type.Object(
  {
    template: Type.Union(
      TEMPLATE_NAMES.map((n) => Type.Literal(n)),
      { title: 'TemplateName' },
    ),
    startDate: DayString,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    lengthDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    window: Type.Optional(Type.Object({ start: Clock, end: Clock }, { additionalProperties: false })),
    content: Type.Optional(Type.Partial(ContentSpecSchema, { additionalProperties: false })),
    rules: Type.Optional(Type.Partial(RulesSchema, { additionalProperties: false })),
    settings: Type.Optional(Type.Partial(SettingsSchema, { additionalProperties: false })),
    groupIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200 })),
  },
  { additionalProperties: false, title: 'CampCreateBody' },
);

export const CampSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    template: Type.String(),
    startDate: DayString,
    endDate: DayString,
    lengthDays: Type.Integer(),
    window: WindowSchema,
    content: ContentSpecSchema,
    rules: RulesSchema,
    settings: SettingsSchema,
    enrolled: Type.Integer(),
    groupIds: Type.Optional(Type.Array(Type.Integer())),
  },
  { title: 'Camp' },
);

/** A camp in the camp list: the camp, where it is in its run, and today's check-ins while it runs. */
export const CampListItemSchema = Type.Object(
  {
    ...CampSchema.properties,
    status: Type.Union([Type.Literal('upcoming'), Type.Literal('running'), Type.Literal('finished')]),
    today: Type.Union([
      Type.Object({ date: DayString, checkedIn: Type.Integer(), rate: Type.Number({ minimum: 0, maximum: 1 }) }),
      Type.Null(),
    ]),
  },
  { title: 'CampListItem' },
);

export const PersonalLinkSchema = Type.Object(
  { memberId: Type.Integer(), link: Type.String() },
  { title: 'PersonalLink' },
);

export const EnrolBody = Type.Object(
  {
    groupId: Type.Optional(Type.Integer({ minimum: 1 })),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    memberIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100_000 })),
    /** Give members already enrolled a new link too (their old one stops working). */
    reissueLinks: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, title: 'EnrolBody' },
);

export const EnrolResult = Type.Object(
  {
    enrolled: Type.Integer(),
    alreadyEnrolled: Type.Integer(),
    /** Members who were enrolled before: their links can be reissued (only digests are kept). */
    alreadyEnrolledIds: Type.Array(Type.Integer()),
    /** Personal links (absolute, on SHEQUN_PUBLIC_URL) of the newly enrolled and of those reissued, shown this once. */
    members: Type.Array(PersonalLinkSchema),
  },
  { title: 'EnrolResult' },
);

export const MemberLinkParams = Type.Object({
  slug: Type.String(),
  campId: Type.Integer(),
  memberId: Type.Integer(),
});

export const ReissuedLinkSchema = Type.Object(
  {
    memberId: Type.Integer(),
    link: Type.String(),
    /** The link as a QR code, an SVG document (rendered here: no outside QR service sees the link). */
    qrSvg: Type.String(),
  },
  { title: 'ReissuedLink' },
);

export const EnrolmentSchema = Type.Object(
  {
    memberId: Type.Integer(),
    displayName: Type.String(),
    groupId: Type.Integer(),
    optedOutOfReminders: Type.Boolean(),
    enrolledAt: Type.String(),
    currentStreak: Type.Integer(),
    longestStreak: Type.Integer(),
    daysCompleted: Type.Integer(),
    checkedInToday: Type.Boolean(),
  },
  { title: 'Enrolment' },
);

const CheckinFields = {
  text: Type.Optional(Type.String({ maxLength: 4000 })),
  number: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
  link: Type.Optional(Type.String({ maxLength: 2000, pattern: '^https?://\\S+$' })),
  makeUpDate: Type.Optional(DayString),
  idempotencyKey: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
};
export const MemberCheckinBody = Type.Object(
  {
    ...CheckinFields,
    imageId: Type.Optional(Type.String({ maxLength: 64, description: 'from POST /api/m/:token/images' })),
  },
  { additionalProperties: false, title: 'MemberCheckinBody' },
);
export const StaffCheckinBody = Type.Object(
  { memberId: Type.Integer({ minimum: 1 }), ...CheckinFields },
  { additionalProperties: false, title: 'StaffCheckinBody' },
);

export const CheckinSchema = Type.Object(
  {
    id: Type.Integer(),
    memberId: Type.Integer(),
    date: DayString,
    at: Type.String(),
    source: Type.String(),
    kind: Type.String(),
    text: Nullable(Type.String()),
    number: Nullable(Type.Number()),
    link: Nullable(Type.String()),
    /** Staff fetch it at …/checkins/:id/image, the member at /api/m/:token/images/:imageId. */
    hasImage: Type.Boolean(),
    voided: Type.Union([Type.Object({ at: Type.String(), reason: Type.String() }), Type.Null()]),
  },
  { title: 'Checkin' },
);

export const StreakSchema = Type.Object(
  {
    currentStreak: Type.Integer(),
    longestStreak: Type.Integer(),
    daysCompleted: Type.Integer(),
    lengthDays: Type.Integer(),
    progress: Type.Number(),
    missedDays: Type.Integer(),
    makeUpsUsed: Type.Integer(),
    makeUpsLeft: Type.Integer(),
    freezesUsed: Type.Integer(),
    freezesLeft: Type.Integer(),
    checkedInToday: Type.Boolean(),
    nextMilestone: Type.Union([Type.Object({ days: Type.Integer(), remaining: Type.Integer() }), Type.Null()]),
  },
  { title: 'Streak' },
);

/** What a check-in newly earned: points (check-in, streak bonus, milestones), milestone days, badge codes. */
export const RewardsSchema = Type.Object(
  { points: Type.Integer(), milestones: Type.Array(Type.Integer()), badges: Type.Array(Type.String()) },
  { title: 'Rewards' },
);
export const CheckinResult = Type.Object(
  { checkin: CheckinSchema, streak: StreakSchema, rewards: RewardsSchema },
  { title: 'CheckinResult' },
);
/** A voided check-in, the recomputed streak, and the points taken back. */
export const VoidResult = Type.Object(
  { checkin: CheckinSchema, streak: StreakSchema, pointsReversed: Type.Integer() },
  { title: 'VoidResult' },
);

/** A refused check-in: a stable code, an English message, and the window so the page can say when to come back. */
export const CheckinRejectionSchema = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    requestId: Type.String(),
    window: Type.Optional(WindowSchema),
  },
  { title: 'CheckinRejection' },
);

export const DayCheckinSchema = Type.Intersect([CheckinSchema, Type.Object({ displayName: Type.String() })], {
  title: 'DayCheckin',
});
export const VoidBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false, title: 'VoidBody' },
);
export const DayQuery = Type.Object({ date: Type.Optional(DayString) }, { additionalProperties: false });

export const MemberStateSchema = Type.Object({
  member: Type.Object({ displayName: Type.String(), optedOutOfReminders: Type.Boolean() }),
  camp: Type.Object({
    name: Type.String(),
    startDate: DayString,
    endDate: DayString,
    lengthDays: Type.Integer(),
    window: WindowSchema,
    content: ContentSpecSchema,
    milestones: Type.Array(Type.Integer()),
    /** How many days late a missed day can still be made up (补卡). */
    makeUpMaxDaysLate: Type.Integer(),
  }),
  today: Type.Object({
    date: DayString,
    dayOfCamp: Type.Union([Type.Integer(), Type.Null()]),
    windowOpen: Type.Boolean(),
    checkedIn: Type.Boolean(),
  }),
  streak: StreakSchema,
  calendar: Type.Array(
    Type.Object({ date: DayString, kind: Type.String(), voided: Type.Boolean() }, { title: 'CalendarEntry' }),
  ),
});

export const OptOutBody = Type.Object({ optedOutOfReminders: Type.Boolean() }, { additionalProperties: false });

const { template: _template, startDate: _startDate, ...editable } = CreateCampBody.properties;
/** An edit of a camp: any field it is created with but the template. */
export const UpdateCampBody = Type.Object(
  { ...editable, startDate: Type.Optional(DayString) },
  { additionalProperties: false, title: 'CampUpdateBody' },
);
