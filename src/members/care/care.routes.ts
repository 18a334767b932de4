import { Type } from '@fastify/type-provider-typebox';
import { communityOf } from '../../kernel/http/access.js';
import type { RouteModule } from '../../kernel/http/route-module.js';
import { DayString, ErrorResponse, SlugParams } from '../../kernel/http/schemas.js';
import { careList, markCareDone } from './care.service.js';

const Kind = Type.Union([Type.Literal('encourage'), Type.Literal('help'), Type.Literal('contact')], {
  title: 'CareKind',
});
const ReasonCode = Type.Union(
  [
    Type.Literal('dropping'),
    Type.Literal('lapsed'),
    Type.Literal('quiet-newcomer'),
    Type.Literal('observer'),
    Type.Literal('rising'),
    Type.Literal('helpful'),
  ],
  { title: 'CareReasonCode' },
);

const CareItemSchema = Type.Object(
  {
    memberId: Type.Integer(),
    memberName: Type.String(),
    kind: Kind,
    reason: Type.String({ description: 'in English; the console phrases reasonCode and reasonParams itself' }),
    reasonCode: ReasonCode,
    reasonParams: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()])),
    groupName: Type.String(),
    done: Type.Boolean(),
    doneNote: Type.Optional(Type.String()),
  },
  { title: 'CareItem' },
);

const CareListSchema = Type.Object(
  {
    day: DayString,
    staff: Type.Array(
      Type.Object(
        {
          staffMemberId: Type.Union([Type.Integer(), Type.Null()], {
            description: 'null: members in groups without staff',
          }),
          staffName: Type.Union([Type.String(), Type.Null()]),
          items: Type.Array(CareItemSchema),
        },
        { title: 'CareStaff' },
      ),
    ),
  },
  { title: 'CareList' },
);

/** Today's care list and marking its items done. */
export const careRoutes: RouteModule = (api, { handle, now }) => {
  const { db } = handle;

  api.get(
    '/communities/:slug/care',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'getCareList',
        tags: ['care'],
        params: SlugParams,
        querystring: Type.Object({ day: Type.Optional(DayString) }, { additionalProperties: false }),
        response: { 200: CareListSchema },
      },
    },
    async (request) => careList(db, communityOf(request).community, request.query, now()),
  );

  api.post(
    '/communities/:slug/care/done',
    {
      config: { access: { community: 'assistant' } },
      schema: {
        operationId: 'markCareDone',
        tags: ['care'],
        params: SlugParams,
        body: Type.Object(
          {
            memberId: Type.Integer({ minimum: 1 }),
            day: DayString,
            kind: Kind,
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false, title: 'CareDoneBody' },
        ),
        response: {
          200: Type.Object(
            {
              memberId: Type.Integer(),
              day: DayString,
              kind: Kind,
              created: Type.Boolean(),
              noteId: Type.Union([Type.Integer(), Type.Null()]),
            },
            { title: 'CareDone' },
          ),
          404: ErrorResponse,
        },
      },
    },
    async (request) => {
      const { community, caller } = communityOf(request);
      return markCareDone(db, community, { ...request.body, accountId: caller.account.id }, now());
    },
  );
};
