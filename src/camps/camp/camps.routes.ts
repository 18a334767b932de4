import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { dayToIso } from '../../kernel/time/local-day.js';
import { communityOf } from '../../kernel/http/access.js';
import type { BlobStore } from '../../kernel/storage/blob-store.js';
import type { CheckinWriter } from '../checkin/checkin-writer.js';
import type { RouteContext, RouteModule } from '../../kernel/http/route-module.js';
import { ErrorResponse, SlugParams } from '../../kernel/http/schemas.js';
import {
  CampParams,
  CampListItemSchema,
  CampSchema,
  CheckinParams,
  CheckinRejectionSchema,
  CheckinResult,
  CreateCampBody,
  DayCheckinSchema,
  DayQuery,
  EnrolBody,
  EnrolmentSchema,
  EnrolResult,
  MemberLinkParams,
  ReissuedLinkSchema,
  MemberCheckinBody,
  OptOutBody,
  StaffCheckinBody,
  TokenParams,
  VoidBody,
  VoidResult,
} from './camp.schemas.js';
import {
  createCamp,
  enrolMembers,
  getCamp,
  listCamps,
  listEnrolments,
  reissueLink,
  requireCamp,
} from './camp.service.js';
import { imagePathForLink } from '../images/checkin-images.service.js';
import type { WrittenCheckin } from '../checkin/checkin-writer.js';
import type { CheckinRejection } from '../checkin/checkin.rules.js';
import { checkinsOfDay, setReminderOptOut, staffToday, voidCheckin } from '../checkin/checkin.service.js';

const REJECTION_STATUS: Record<CheckinRejection, number> = {
  MISSING_FIELD: 400,
  ALREADY_CHECKED_IN: 409,
  OUTSIDE_WINDOW: 422,
  CAMP_NOT_STARTED: 422,
  CAMP_ENDED: 422,
  MAKEUP_NOT_ALLOWED: 422,
};

/** 201 for a new check-in, 200 for a retry with a used idempotency key, 4xx with a code when refused. */
function reply(request: FastifyRequest, res: FastifyReply, written: WrittenCheckin) {
  if (written.status === 'rejected') {
    const { code, message, window } = written;
    return res.status(REJECTION_STATUS[code]).send({ code, message, requestId: request.id, window });
  }
  // Serialised by the writer with the response schema's own serializer; a JSON string is sent as is.
  return res
    .status(written.status === 'created' ? 201 : 200)
    .type('application/json; charset=utf-8')
    .send(written.resultJson);
}

const checkinResponses = {
  200: CheckinResult,
  201: CheckinResult,
  400: CheckinRejectionSchema,
  404: ErrorResponse,
  409: CheckinRejectionSchema,
  422: CheckinRejectionSchema,
};

/**
 * Check-in camps: staff create camps from templates, enrol members and see who checked in;
 * members check in through their personal link (`/api/m/:token`, public: the token is the
 * credential, and an unknown one is a 404).
 */
export interface CampRouteDeps extends RouteContext {
  /** Kept files (check-in images): a voided check-in's image is deleted. */
  files: BlobStore;
  /** Where check-ins are written (a thread of their own under `shequn start` on SQLite). */
  checkins: CheckinWriter;
}

export const campRoutes: RouteModule<CampRouteDeps> = (api, { handle, now, files, checkins }) => {
  const { db } = handle;
  const tags = ['camps'];

  api.post(
    '/communities/:slug/camps',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'createCamp',
        tags,
        params: SlugParams,
        body: CreateCampBody,
        response: { 201: CampSchema, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, res) =>
      res.status(201).send(await createCamp(db, communityOf(request).community, request.body, now())),
  );

  api.get(
    '/communities/:slug/camps',
    {
      config: { access: { community: 'analyst' } },
      schema: { operationId: 'listCamps', tags, params: SlugParams, response: { 200: Type.Array(CampListItemSchema) } },
    },
    async (request) => listCamps(db, communityOf(request).community, now()),
  );

  api.get(
    '/communities/:slug/camps/:campId',
    {
      config: { access: { community: 'analyst' } },
      schema: { operationId: 'getCamp', tags, params: CampParams, response: { 200: CampSchema, 404: ErrorResponse } },
    },
    async (request) => getCamp(db, communityOf(request).community, request.params.campId),
  );

  api.post(
    '/communities/:slug/camps/:campId/enrolments',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'enrolCampMembers',
        tags,
        params: CampParams,
        body: EnrolBody,
        response: { 200: EnrolResult, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => enrolMembers(db, communityOf(request).community, request.params.campId, request.body, now()),
  );

  api.post(
    '/communities/:slug/camps/:campId/members/:memberId/link',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'reissueMemberLink',
        tags,
        description: 'Gives an enrolled member a new personal link; the old one stops working at once.',
        params: MemberLinkParams,
        response: { 200: ReissuedLinkSchema, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { campId, memberId } = request.params;
      const issued = await reissueLink(db, communityOf(request).community, campId, memberId);
      return { ...issued, qrSvg: await QRCode.toString(issued.link, { type: 'svg', margin: 2 }) };
    },
  );

  api.get(
    '/communities/:slug/camps/:campId/enrolments',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'listCampEnrolments',
        tags,
        params: CampParams,
        response: { 200: Type.Array(EnrolmentSchema), 404: ErrorResponse },
      },
    },
    async (request) => {
      const { community } = communityOf(request);
      const camp = await requireCamp(db, community, request.params.campId);
      return listEnrolments(db, community, camp.id, staffToday(camp, community, now()));
    },
  );

  api.post(
    '/communities/:slug/camps/:campId/checkins',
    {
      config: { access: { community: 'assistant' } },
      schema: {
        operationId: 'checkInMember',
        tags,
        params: CampParams,
        body: StaffCheckinBody,
        response: checkinResponses,
      },
    },
    async (request, res) => {
      const { memberId, ...input } = request.body;
      return reply(
        request,
        res,
        await checkins.forMember(communityOf(request).community, request.params.campId, memberId, input, 'api', now()),
      );
    },
  );

  api.get(
    '/communities/:slug/camps/:campId/checkins',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'listCampCheckins',
        tags,
        params: CampParams,
        querystring: DayQuery,
        response: { 200: Type.Array(DayCheckinSchema), 404: ErrorResponse },
      },
    },
    async (request) => {
      const { community } = communityOf(request);
      const camp = await requireCamp(db, community, request.params.campId);
      return checkinsOfDay(db, community, camp.id, request.query.date ?? dayToIso(staffToday(camp, community, now())));
    },
  );

  api.post(
    '/communities/:slug/camps/:campId/checkins/:checkinId/void',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'voidCheckin',
        tags,
        params: CheckinParams,
        body: VoidBody,
        response: { 200: VoidResult, 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      const { community, caller } = communityOf(request);
      return voidCheckin(
        db,
        community,
        request.params.campId,
        request.params.checkinId,
        request.body.reason,
        caller.account.id,
        now(),
      );
    },
  );

  // GET /m/:token (the member's page) lives in member-page.routes.ts with the page's other reads.
  const memberTags = ['member pages'];
  api.post(
    '/m/:token/checkins',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'checkInWithLink',
        tags: memberTags,
        security: [],
        params: TokenParams,
        body: MemberCheckinBody,
        response: checkinResponses,
      },
    },
    async (request, res) => {
      const { imageId, ...input } = request.body;
      // The image was uploaded first; resolving it here keeps file I/O out of the check-in transaction.
      const imagePath =
        imageId === undefined
          ? undefined
          : await imagePathForLink(handle.db, files, request.params.token, imageId, now());
      // Object.assign, not `{ ...input, imagePath }`: a property after a spread is slow on Node 20 (checkin.service.ts).
      return reply(
        request,
        res,
        await checkins.byToken(request.params.token, Object.assign(input, { imagePath }), now()),
      );
    },
  );

  api.patch(
    '/m/:token',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'setMemberReminders',
        tags: memberTags,
        security: [],
        params: TokenParams,
        body: OptOutBody,
        response: { 200: Type.Object({ optedOutOfReminders: Type.Boolean() }), 404: ErrorResponse },
      },
    },
    async (request) => setReminderOptOut(db, request.params.token, request.body.optedOutOfReminders),
  );
};
