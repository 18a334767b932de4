import { Type } from '@fastify/type-provider-typebox';
import { communityOf } from '../../kernel/http/access.js';
import type { RouteContext, RouteModule } from '../../kernel/http/route-module.js';
import { ErrorResponse } from '../../kernel/http/schemas.js';
import { NotFoundError } from '../../kernel/errors.js';
import { dayToIso } from '../../kernel/time/local-day.js';
import { LocalizedTextSchema } from '../member-page/member-page.schemas.js';
import { campMemberData } from './camp-member-data.service.js';

const MemberCampsSchema = Type.Object(
  {
    pointsTotal: Type.Integer(),
    camps: Type.Array(
      Type.Object({
        campId: Type.Integer(),
        name: Type.String(),
        startDate: Type.String(),
        lengthDays: Type.Integer(),
        enrolled: Type.Boolean(),
        checkins: Type.Integer(),
        points: Type.Integer(),
        badges: Type.Array(Type.Object({ code: Type.String(), name: LocalizedTextSchema, date: Type.String() })),
        milestones: Type.Array(
          Type.Object({ milestoneDay: Type.Integer(), date: Type.String(), points: Type.Integer() }),
        ),
      }),
    ),
  },
  { title: 'MemberCamps' },
);

/** A member's camps on their profile: each camp with their check-ins, points, badges and milestones. */
export const memberCampsRoutes: RouteModule<RouteContext> = (api, { handle }) => {
  const { db } = handle;
  api.get(
    '/communities/:slug/members/:memberId/camps',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'memberCamps',
        tags: ['camps'],
        params: Type.Object({ slug: Type.String({ maxLength: 64 }), memberId: Type.Integer({ minimum: 1 }) }),
        response: { 200: MemberCampsSchema, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { community } = communityOf(request);
      const { memberId } = request.params;
      const member = await db
        .selectFrom('members')
        .select('id')
        .where('community_id', '=', community.id)
        .where('id', '=', memberId)
        .executeTakeFirst();
      if (!member) throw new NotFoundError(`member ${memberId}`);
      const { camps: data } = (await campMemberData.exportOf(db, { community, memberIds: [memberId] })) as {
        camps: CampsExport;
      };
      const names = await db
        .selectFrom('camps')
        .select(['id', 'name', 'start_day', 'length_days'])
        .where('community_id', '=', community.id)
        .where('id', 'in', [0, ...new Set([...data.enrolments, ...data.checkins].map((c) => c.campId))])
        .orderBy('start_day', 'desc')
        .execute();
      return {
        pointsTotal: data.pointsTotal,
        camps: names.map((c) => {
          const id = Number(c.id);
          const enrolment = data.enrolments.find((e) => e.campId === id);
          return {
            campId: id,
            name: c.name,
            startDate: dayToIso(Number(c.start_day)),
            lengthDays: Number(c.length_days),
            enrolled: enrolment !== undefined,
            checkins: data.checkins.filter((k) => k.campId === id && k.voidedAt === null).length,
            points: data.points.filter((p) => p.campId === id).reduce((sum, p) => sum + p.points, 0),
            badges: data.badges.filter((b) => b.campId === id).map(({ code, name, date }) => ({ code, name, date })),
            milestones: data.milestones
              .filter((m) => m.campId === id)
              .map(({ milestoneDay, date, points }) => ({ milestoneDay, date, points })),
          };
        }),
      };
    },
  );
};

interface CampsExport {
  enrolments: Array<{ campId: number }>;
  checkins: Array<{ campId: number; voidedAt: string | null }>;
  points: Array<{ campId: number | null; points: number }>;
  pointsTotal: number;
  badges: Array<{ campId: number; code: string; name: { 'zh-CN': string; en: string }; date: string }>;
  milestones: Array<{ campId: number; milestoneDay: number; date: string; points: number }>;
}
