import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { AppError } from '../kernel/errors.js';
import { loggableError } from '../kernel/jobs/ticker.js';
import type { Listener, RoomSocket } from '../platforms/connectors/web/room-hub.js';
import type { RoomLive } from '../platforms/connectors/web/room-live.js';
import { parseClientFrame, type ClientFrame } from './room-frames.rules.js';
import { hintsOf, type RoomRouteDeps } from './rooms.routes.js';
import { pickLocale, RoomRefusal } from './rooms.rules.js';
import type { RoomActor } from './rooms.types.js';
import type { RouteModule } from '../kernel/http/route-module.js';

/** Close code for a socket nobody signed in on (no personal link, no console session). */
export const CLOSE_UNAUTHORISED = 4401;
/** Every this often each socket is pinged; one that did not answer the last ping is dropped. */
export const HEARTBEAT_MS = 30_000;

/** Sockets that answered the last ping (a set, so a connection carries no field of ours). */
const alive = new WeakSet<WebSocket>();

const SocketQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 128 })),
  lang: Type.Optional(Type.String({ maxLength: 16 })),
});

/**
 * A cookie reaches the socket only from the console's own pages: a page elsewhere opening a socket
 * with the operator's session (SameSite already keeps most browsers from it) is refused.
 */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * The socket as the hub holds it, with the cork of its TCP connection: `ws` keeps that in a
 * field of its own (`_socket`, there as long as `ws` has existed) and offers no cork itself.
 */
function corkable(socket: WebSocket): RoomSocket {
  const tcp = (socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
  return {
    send: (data) => socket.send(data),
    close: (code, reason) => socket.close(code, reason),
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    ...(tcp ? { cork: () => tcp.cork(), uncork: () => tcp.uncork() } : {}),
  };
}

/** The actor for a room: one member for every room (their link), or staff per room's community (their session). */
type ActorFor = (room: number) => Promise<RoomActor>;

/**
 * The rooms' WebSocket, `GET /api/rooms/socket?token=…` for a member (their personal link token)
 * or with the console's session cookie for staff. Frames (docs/web-community.md): the client sends
 * subscribe / unsubscribe / post / react / read / ping; the server answers `subscribed` after a
 * subscription's catch-up, `ack` after a post committed, `error` in the actor's language, and
 * relays the rooms' frames. A connection's messages are handled one after another, in order.
 */
export const roomSocketRoutes: RouteModule<RoomRouteDeps & { live: RoomLive }> = (api, { rooms, live, now }) => {
  // Dead connections (a phone that went away without closing) are found by a ping they never answer.
  const heartbeat = setInterval(() => {
    for (const socket of api.websocketServer.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  api.addHook('onClose', async () => clearInterval(heartbeat));

  api.get(
    '/rooms/socket',
    {
      websocket: true,
      config: { access: 'public' },
      schema: {
        hide: true,
        querystring: SocketQuery,
        response: { 200: Type.Null() },
      },
    },
    (socket: WebSocket, request: FastifyRequest) => {
      const listener: Listener = { socket: corkable(socket), memberId: 0, held: null };
      alive.add(socket);
      socket.on('pong', () => alive.add(socket));
      const subscribed = new Set<number>();
      const hints = hintsOf(request);
      let queue: Promise<unknown> = Promise.resolve();
      let actorFor: ActorFor | null = null;
      const send = (frame: object) => socket.send(JSON.stringify(frame));
      const fail = (error: unknown, about: { clientId?: string; room?: number }) => {
        if (error instanceof AppError) send({ type: 'error', ...about, code: error.code, message: error.message });
        else {
          request.log.error(loggableError(error), 'room socket');
          send({ type: 'error', ...about, code: 'INTERNAL', message: 'internal error' });
        }
      };

      const opened = (async () => {
        const token = (request.query as { token?: string }).token;
        if (token) {
          const actor = await rooms.memberActor(token, hints);
          listener.memberId = actor.memberId;
          actorFor = async () => actor;
        } else if (request.caller && (request.caller.via === 'token' || sameOrigin(request))) {
          const caller = request.caller;
          listener.memberId = -caller.account.id;
          actorFor = (room) => rooms.staffActorForRoom(caller, room, hints);
        } else throw new RoomRefusal('ROOM_SIGN_IN', pickLocale(hints.lang, hints.acceptLanguage, undefined));
        send({ type: 'ready', memberId: listener.memberId > 0 ? listener.memberId : null });
      })().catch((error) => {
        fail(error, {});
        socket.close(CLOSE_UNAUTHORISED, 'sign in');
        throw error;
      });

      const handle = async (frame: ClientFrame) => {
        if (frame.type === 'ping') return send({ type: 'pong' });
        const actor = await actorFor!(frame.room);
        switch (frame.type) {
          case 'subscribe': {
            await rooms.roomFor(actor, frame.room);
            // Live frames wait while the catch-up is read, then follow it (duplicates carry seqs the client has).
            listener.held = [];
            live.hub.join(frame.room, listener);
            subscribed.add(frame.room);
            try {
              let since = frame.since;
              let lastSeq = 0;
              for (;;) {
                const page = await rooms.catchUp(actor, frame.room, since ?? Number.MAX_SAFE_INTEGER);
                lastSeq = page.lastSeq;
                for (const f of page.frames) socket.send(f);
                if (since === undefined || page.complete || page.frames.length === 0) break;
                since = (JSON.parse(page.frames[page.frames.length - 1]) as { seq: number }).seq;
              }
              send({ type: 'subscribed', room: frame.room, lastSeq });
            } finally {
              const held = listener.held;
              listener.held = null;
              for (const f of held) socket.send(f);
            }
            return;
          }
          case 'unsubscribe':
            live.hub.leave(frame.room, listener);
            subscribed.delete(frame.room);
            return;
          case 'post': {
            const posted = await rooms.post(actor, frame.room, frame, now());
            return send({
              type: 'ack',
              room: frame.room,
              clientId: frame.clientId,
              seq: posted.seq,
              duplicate: posted.duplicate,
            });
          }
          case 'react':
            await rooms.react(actor, frame.room, frame, now());
            return;
          case 'read':
            if (actor.kind === 'member') await rooms.markRead(actor, frame.room, frame.seq, now());
            return;
        }
      };

      socket.on('message', (data) => {
        const raw = String(data);
        queue = queue
          .then(async () => {
            await opened;
            const frame = parseClientFrame(raw);
            if (!frame)
              return fail(
                new RoomRefusal('ROOM_BAD_FRAME', pickLocale(hints.lang, hints.acceptLanguage, undefined)),
                {},
              );
            const about = {
              ...('room' in frame ? { room: frame.room } : {}),
              ...('clientId' in frame ? { clientId: frame.clientId } : {}),
            };
            await handle(frame).catch((error) => fail(error, about));
          })
          .catch(() => {});
      });
      socket.on('close', () => {
        for (const room of subscribed) live.hub.leave(room, listener);
      });
      opened.catch(() => {});
    },
  );
};
