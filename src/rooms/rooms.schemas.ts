import { Type } from '@fastify/type-provider-typebox';
import { MAX_MUTE_MINUTES } from './rooms.rules.js';

const Nullable = <T extends ReturnType<typeof Type.Integer> | ReturnType<typeof Type.String>>(t: T) =>
  Type.Union([t, Type.Null()]);

export const RoomParams = Type.Object({ slug: Type.String({ maxLength: 64 }), groupId: Type.Integer({ minimum: 1 }) });
export const RoomMessageParams = Type.Object({
  slug: Type.String({ maxLength: 64 }),
  groupId: Type.Integer({ minimum: 1 }),
  seq: Type.Integer({ minimum: 1 }),
});
export const MemberRoomParams = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 128 }),
  groupId: Type.Integer({ minimum: 1 }),
});
export const MemberTokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 128 }) });
export const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 16 })) });

export const RoomSchema = Type.Object(
  {
    groupId: Type.Integer(),
    name: Type.String(),
    lastSeq: Type.Integer(),
    rules: Type.String(),
    announcement: Nullable(Type.String()),
    linkedGroupId: Nullable(Type.Integer()),
  },
  { title: 'Room' },
);

export const MemberRoomSchema = Type.Object(
  { ...RoomSchema.properties, lastReadSeq: Type.Integer(), unread: Type.Integer() },
  { title: 'MemberRoom' },
);

export const MemberRoomsSchema = Type.Object(
  {
    me: Type.Object({ memberId: Type.Integer(), name: Type.String(), communityName: Type.String() }),
    rooms: Type.Array(MemberRoomSchema),
  },
  { title: 'MemberRooms' },
);

const Author = Type.Object({ id: Type.Integer(), name: Type.String(), staff: Type.Boolean() }, { title: 'RoomAuthor' });
const Image = Type.Object(
  {
    id: Type.String(),
    owner: Type.String(),
    width: Nullable(Type.Integer()),
    height: Nullable(Type.Integer()),
    bytes: Type.Integer(),
  },
  { title: 'RoomImage' },
);

/** One frame, as the WebSocket sends it and history answers it (docs/web-community.md). */
export const RoomFrameSchema = Type.Object(
  {
    type: Type.Union([
      Type.Literal('message'),
      Type.Literal('reaction'),
      Type.Literal('hidden'),
      Type.Literal('announcement'),
      Type.Literal('muted'),
      Type.Literal('removed'),
    ]),
    room: Type.Integer(),
    seq: Nullable(Type.Integer()),
    at: Type.Integer(),
    member: Type.Optional(Author),
    clientId: Type.Optional(Nullable(Type.String())),
    text: Type.Optional(Nullable(Type.String())),
    replyTo: Type.Optional(Nullable(Type.Integer())),
    thread: Type.Optional(Nullable(Type.Integer())),
    image: Type.Optional(Type.Union([Image, Type.Null()])),
    hidden: Type.Optional(Type.Boolean()),
    target: Type.Optional(Type.Integer()),
    emoji: Type.Optional(Type.String()),
    on: Type.Optional(Type.Boolean()),
    announcement: Type.Optional(Nullable(Type.String())),
    rules: Type.Optional(Type.String()),
    until: Type.Optional(Type.Integer()),
    reason: Type.Optional(Type.String()),
    reactions: Type.Optional(
      Type.Array(
        Type.Object(
          { emoji: Type.String(), count: Type.Integer(), mine: Type.Boolean() },
          { title: 'RoomReactionCount' },
        ),
      ),
    ),
  },
  { title: 'RoomFrame' },
);

export const HistoryQuery = Type.Object({
  since: Type.Optional(Type.Integer({ minimum: 0 })),
  before: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  lang: Type.Optional(Type.String({ maxLength: 16 })),
});

export const HistorySchema = Type.Object(
  { lastSeq: Type.Integer(), frames: Type.Array(RoomFrameSchema) },
  { title: 'RoomHistory' },
);

export const PostBody = Type.Object(
  {
    clientId: Type.String({
      maxLength: 64,
      description: 'a UUID the client makes per message: a retry with it is stored once',
    }),
    text: Type.Optional(Type.String({ maxLength: 40_000 })),
    replyTo: Type.Optional(Type.Integer({ minimum: 1 })),
    thread: Type.Optional(Type.Integer({ minimum: 1 })),
    image: Type.Optional(Type.String({ maxLength: 64, description: 'an image id from the image upload' })),
  },
  { title: 'RoomPost' },
);

export const PostedSchema = Type.Object({ seq: Type.Integer(), duplicate: Type.Boolean() }, { title: 'RoomPosted' });

export const ReactBody = Type.Object(
  { target: Type.Integer({ minimum: 1 }), emoji: Type.String({ maxLength: 64 }), on: Type.Boolean() },
  { title: 'RoomReact' },
);
export const ReactedSchema = Type.Object({ seq: Nullable(Type.Integer()) }, { title: 'RoomReacted' });

export const ReadBody = Type.Object({ seq: Type.Integer({ minimum: 0 }) }, { title: 'RoomRead' });
export const ReadSchema = Type.Object({ lastReadSeq: Type.Integer() }, { title: 'RoomReadPosition' });

export const CreateRoomBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    rules: Type.Optional(Type.String({ maxLength: 4000 })),
    linkedGroupId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  },
  { title: 'CreateRoom' },
);

export const UpdateRoomBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    rules: Type.Optional(Type.String({ maxLength: 4000 })),
    announcement: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  },
  { title: 'UpdateRoom' },
);

const Reason = Type.String({ minLength: 1, maxLength: 500 });
export const ReasonBody = Type.Object({ reason: Reason }, { title: 'ModerationReason' });
export const MuteBody = Type.Object(
  {
    memberId: Type.Integer({ minimum: 1 }),
    minutes: Type.Integer({ minimum: 1, maximum: MAX_MUTE_MINUTES }),
    reason: Reason,
  },
  { title: 'RoomMute' },
);
export const MemberReasonBody = Type.Object(
  { memberId: Type.Integer({ minimum: 1 }), reason: Reason },
  { title: 'RoomMemberReason' },
);
export const MemberBody = Type.Object({ memberId: Type.Integer({ minimum: 1 }) }, { title: 'RoomMember' });
export const MutedSchema = Type.Object({ until: Type.Integer() }, { title: 'RoomMuted' });
export const DoneSchema = Type.Object({ ok: Type.Literal(true) }, { title: 'RoomDone' });

export const ModerationSchema = Type.Array(
  Type.Object(
    {
      id: Type.Integer(),
      action: Type.String(),
      targetSeq: Nullable(Type.Integer()),
      memberId: Nullable(Type.Integer()),
      reason: Type.String(),
      author: Nullable(Type.String()),
      createdAt: Type.Integer(),
    },
    { title: 'RoomModeration' },
  ),
);
