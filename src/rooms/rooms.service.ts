import { randomBytes } from 'node:crypto';
import type { DatabaseHandle, Executor } from '../kernel/db/database.js';
import type { Community } from '../kernel/db/schema.js';
import { NotFoundError, ValidationError } from '../kernel/errors.js';
import type { EventLog } from '../kernel/event-log/event-log.js';
import { hasRole } from '../kernel/http/access-roles.js';
import type { OutboxItem } from '../kernel/outbox/dispatcher.js';
import { tokenBucket, type TokenBucket } from '../kernel/outbox/rate-limit.rules.js';
import type { RoomNote } from '../platforms/connectors/web/room-bus.js';
import type { RoomLive } from '../platforms/connectors/web/room-live.js';
import { addToBlacklist, listBlacklist } from '../members/roles/blacklist.service.js';
import { normalizeReason } from '../members/roles/blacklist.rules.js';
import { hiddenMessage, type FrameAuthor, type FrameImage, type RoomFrame } from './room-frames.rules.js';
import * as repo from './rooms.repo.js';
import { createPostWriter, type Posted, type PostJob } from './room-posts.js';
import {
  assertClientId,
  assertReaction,
  BOT_IDENTITY,
  MAX_MUTE_MINUTES,
  memberIdentity,
  messageText,
  outboxSourceId,
  POST_RATE,
  postSourceId,
  roomExternalId,
  RoomRefusal,
  staffIdentity,
  untilText,
  pickLocale,
} from './rooms.rules.js';
import type { MemberActor, MemberTokenResolver, RoomActor, StaffActor } from './rooms.types.js';
import { parseSettings } from '../kernel/db/community-settings.js';
import type { Caller } from '../kernel/http/access.js';
import type { AccessRole } from '../kernel/http/access-roles.js';
import type { BlobStore, Blob } from '../kernel/storage/blob-store.js';
import { IMAGE_TYPES, imageSize, isImageId, sniffImageType } from '../kernel/storage/image.rules.js';
import { getCommunityById } from '../communities/community.service.js';
import { groupInCommunity } from '../communities/group.service.js';
import { roleIn } from '../accounts/access.service.js';

export interface RoomsDeps {
  handle: DatabaseHandle;
  eventLog: EventLog;
  live: RoomLive;
  memberByToken: MemberTokenResolver;
  /** Where room images are kept (`rooms/<room>/<owner>/<image id>`), and their largest size. */
  files: BlobStore;
  maxImageBytes: number;
}

/** What tells the language of an answer: an explicit `lang`, the Accept-Language header. */
export interface LanguageHints {
  lang?: string;
  acceptLanguage?: string;
}

export interface PostInput {
  clientId: string;
  text?: string | null;
  replyTo?: number | null;
  thread?: number | null;
  /** An image id from `uploadImage`, uploaded by the same actor into the same room. */
  image?: string | null;
}

export interface RoomSummary {
  groupId: number;
  name: string;
  lastSeq: number;
  rules: string;
  announcement: string | null;
  linkedGroupId: number | null;
}

const MAX_PAGE = 500;
/** Buckets kept for at most this many (member, room) pairs; full ones are forgotten first. */
const MAX_BUCKETS = 50_000;

const summary = (
  r: Pick<repo.RoomWithGroup, 'group_id' | 'name' | 'last_seq' | 'rules' | 'announcement' | 'linked_group_id'>,
): RoomSummary => ({
  groupId: Number(r.group_id),
  name: r.name,
  lastSeq: Number(r.last_seq),
  rules: r.rules,
  announcement: r.announcement,
  linkedGroupId: r.linked_group_id === null ? null : Number(r.linked_group_id),
});

/**
 * The rooms' use cases. Every write is one transaction: a message goes into the event log
 * (`eventLog.transaction`, so tiers, the report, questions and chat check-ins see it) with its log
 * entry and its seq, and its frame is published through the bus — inside the transaction on
 * PostgreSQL (a NOTIFY sent at commit), after it in-process. Nothing is stored for a refused post.
 */
export function createRoomService(deps: RoomsDeps) {
  const { handle, eventLog, live } = deps;
  const { db } = handle;
  const buckets = new Map<string, TokenBucket>();
  const writePost = createPostWriter({ db, eventLog, live });

  const publish = async (trx: Executor, note: RoomNote) => {
    await live.bus.inTransaction(trx, note);
    return note;
  };

  /** The room, when the actor may read it: a member of its group, or staff of its community. */
  async function roomFor(actor: RoomActor, groupId: number) {
    const room = await repo.findRoom(db, groupId);
    if (!room || Number(room.community_id) !== actor.community.id)
      throw new RoomRefusal('ROOM_NOT_FOUND', actor.locale);
    if (actor.kind === 'member') {
      const standing = await repo.memberStanding(db, room, actor.memberId);
      if (standing === 'removed') throw new RoomRefusal('ROOM_REMOVED', actor.locale);
      if (standing === null) throw new RoomRefusal('ROOM_NOT_FOUND', actor.locale);
    }
    return room;
  }

  function assertStaffMay(actor: RoomActor, minimum: 'assistant' | 'operator' | 'admin'): asserts actor is StaffActor {
    if (actor.kind !== 'staff' || !hasRole(actor.role, minimum)) throw new RoomRefusal('ROOM_STAFF_ONLY', actor.locale);
  }

  /** Who speaks for the actor: the member; for staff, their account's member (made on first need, a staff role with it). */
  async function speakerOf(
    trx: Executor,
    actor: RoomActor,
    now: number,
  ): Promise<FrameAuthor & { externalId: string }> {
    if (actor.kind === 'member') {
      const externalId = memberIdentity(actor.memberId);
      await repo.ensureIdentity(trx, actor.community.id, actor.memberId, externalId, actor.name);
      return { id: actor.memberId, name: actor.name, staff: false, externalId };
    }
    const externalId = staffIdentity(actor.accountId);
    const known = await repo.memberByIdentity(trx, actor.community.id, externalId);
    const id =
      known?.id ??
      (await repo.insertWebMember(
        trx,
        { communityId: actor.community.id, externalId, name: actor.name, isBot: false, staffRole: 'admin' },
        now,
      ));
    return { id: Number(id), name: known?.display_name ?? actor.name, staff: true, externalId };
  }

  function takeToken(actor: RoomActor, groupId: number, memberKey: number, now: number) {
    const key = `${groupId}:${memberKey}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      if (buckets.size >= MAX_BUCKETS) for (const [k, b] of buckets) if (b.peek(now).taken) buckets.delete(k);
      buckets.set(key, (bucket = tokenBucket(POST_RATE, now)));
    }
    const taken = bucket.take(now);
    if (!taken.taken)
      throw new RoomRefusal('ROOM_RATE_LIMITED', actor.locale, {
        seconds: Math.max(1, Math.ceil(taken.waitMs / 1000)),
      });
  }

  /** Refuses a member who may not post now: muted in the room, or on the community's blacklist. */
  async function assertMayPost(actor: RoomActor, groupId: number, now: number) {
    if (actor.kind !== 'member') return;
    const until = await repo.muteUntil(db, groupId, actor.memberId);
    if (until !== null && until > now)
      throw new RoomRefusal('ROOM_MUTED', actor.locale, {
        until: untilText(until, actor.locale, actor.community.timezone),
      });
    const entries = await listBlacklist(db, actor.community.id, { memberId: actor.memberId, activeOnly: true });
    if (entries.length > 0) throw new RoomRefusal('ROOM_BLACKLISTED', actor.locale);
  }

  /**
   * Appends a message: its event (platform 'web', kind 'message', on the speaker's member), its
   * seq and log entry, and its frame on the bus, in the next group commit of posts (room-posts.ts).
   * A source id already in the room answers with the seq it got then.
   */
  async function append(job: PostJob): Promise<Posted> {
    const stored = await repo.seqOfSource(db, Number(job.room.group_id), job.sourceId);
    if (stored !== null) return { seq: stored, duplicate: true };
    return writePost(job);
  }

  /** Appends a log entry that is no message (reaction, hiding, announcement) with the room's next seq. */
  async function appendEntry(
    trx: Executor,
    groupId: number,
    kind: RoomFrame['type'],
    build: (seq: number) => RoomFrame,
    memberId: number | null,
    now: number,
  ) {
    const seq = await repo.nextSeq(trx, groupId);
    const frame = JSON.stringify(build(seq));
    await repo.insertEntry(trx, {
      group_id: groupId,
      seq,
      kind,
      event_id: null,
      member_id: memberId,
      source_id: null,
      client_id: null,
      text: null,
      reply_to_seq: null,
      thread_seq: null,
      image_key: null,
      image_width: null,
      image_height: null,
      image_bytes: null,
      data: frame,
      hidden_at: null,
      created_at: now,
    });
    return publish(trx, { room: groupId, seq, frame, member: null, evict: false });
  }

  /** Runs `work` in a transaction and publishes its notes after the commit. */
  async function writing(work: (trx: Executor) => Promise<RoomNote[]>): Promise<void> {
    const notes = await db.transaction().execute(work);
    for (const note of notes) live.bus.afterCommit(note);
  }

  const ownerOf = (actor: RoomActor) => (actor.kind === 'member' ? `m${actor.memberId}` : `s${actor.accountId}`);
  const imagePath = (groupId: number, owner: string, imageId: string) => `rooms/${groupId}/${owner}/${imageId}`;

  /** An image the actor uploaded into the room, as a frame names it. */
  async function storedImage(actor: RoomActor, groupId: number, imageId: string): Promise<FrameImage> {
    const owner = ownerOf(actor);
    const blob = isImageId(imageId) ? await deps.files.get(imagePath(groupId, owner, imageId)) : null;
    if (!blob) throw new RoomRefusal('ROOM_IMAGE_INVALID', actor.locale);
    const size = imageSize(blob.bytes);
    return { id: imageId, owner, width: size?.width ?? null, height: size?.height ?? null, bytes: blob.bytes.length };
  }

  async function staffMemberTarget(actor: StaffActor, memberId: number) {
    const member = await repo.memberIn(db, actor.community.id, memberId);
    if (!member) throw new NotFoundError(`member ${memberId}`);
    return member;
  }

  const localeIn = (community: Community | null, hints: LanguageHints) =>
    pickLocale(hints.lang, hints.acceptLanguage, community ? parseSettings(community.settings).locale : undefined);

  return {
    roomFor,
    maxImageBytes: deps.maxImageBytes,

    /** The member behind a personal link token; an unknown token is refused in the asker's language. */
    async memberActor(token: string, hints: LanguageHints): Promise<MemberActor> {
      const found = token.length >= 16 && token.length <= 64 ? await deps.memberByToken(token) : null;
      if (!found) throw new RoomRefusal('ROOM_LINK_INVALID', localeIn(null, hints));
      const community = await getCommunityById(db, found.communityId);
      const member = await repo.memberIn(db, community.id, found.memberId);
      if (!member) throw new RoomRefusal('ROOM_LINK_INVALID', localeIn(community, hints));
      return {
        kind: 'member',
        community,
        memberId: Number(member.id),
        name: member.display_name,
        locale: localeIn(community, hints),
      };
    },

    /** A signed-in operator in a community whose role the access check established. */
    staffActor(community: Community, caller: Caller, role: AccessRole, hints: LanguageHints): StaffActor {
      return {
        kind: 'staff',
        community,
        accountId: caller.account.id,
        name: caller.account.name ?? caller.account.email,
        role,
        locale: localeIn(community, hints),
      };
    },

    /** A signed-in operator as staff of a room's community (the WebSocket names rooms, not communities). */
    async staffActorForRoom(caller: Caller, groupId: number, hints: LanguageHints): Promise<StaffActor> {
      const room = await repo.findRoom(db, groupId);
      const community = room ? await getCommunityById(db, Number(room.community_id)) : null;
      const role = community ? await roleIn(db, caller, community.id) : null;
      if (!community || !role) throw new RoomRefusal('ROOM_NOT_FOUND', localeIn(community, hints));
      return this.staffActor(community, caller, role, hints);
    },

    async createRoom(
      community: Community,
      input: { name: string; rules?: string; linkedGroupId?: number | null },
      now: number,
    ): Promise<RoomSummary> {
      const name = input.name.trim();
      if (name.length === 0) throw new ValidationError('name', 'a room needs a name');
      const linked = input.linkedGroupId ?? null;
      if (linked !== null && !(await groupInCommunity(db, community.id, linked)))
        throw new NotFoundError(`group ${linked}`);
      const groupId = await db.transaction().execute((trx) =>
        repo.insertRoom(
          trx,
          {
            communityId: community.id,
            externalId: roomExternalId(randomBytes(6).toString('hex')),
            name,
            rules: (input.rules ?? '').trim(),
            linkedGroupId: linked,
          },
          now,
        ),
      );
      return summary((await repo.findRoom(db, groupId))!);
    },

    async listRooms(community: Community): Promise<RoomSummary[]> {
      return (await repo.roomsOfCommunity(db, community.id)).map(summary);
    },

    /** The rooms a member may enter, with what they have not read yet. */
    async roomsOfMember(actor: RoomActor & { kind: 'member' }) {
      const rows = await repo.roomsOfMember(db, actor.community.id, actor.memberId);
      return rows.map((r) => ({
        ...summary(r),
        lastReadSeq: Number(r.last_read_seq ?? 0),
        unread: Number(r.unread ?? 0),
      }));
    },

    /** Log entries after `since` as stored (serialised frames), oldest first: a socket's catch-up. */
    async catchUp(actor: RoomActor, groupId: number, since: number, limit = MAX_PAGE) {
      const room = await roomFor(actor, groupId);
      const rows = await repo.entriesSince(db, groupId, since, limit);
      return { lastSeq: Number(room.last_seq), frames: rows.map((r) => r.data!), complete: rows.length < limit };
    },

    /**
     * A room's history. With `since`: every log entry after it, oldest first (catch-up). Without:
     * the last messages before `before` (or the newest), oldest first, with their reactions.
     */
    async history(
      actor: RoomActor,
      groupId: number,
      query: { since?: number; before?: number; limit?: number },
    ): Promise<{ lastSeq: number; frames: RoomFrame[] }> {
      const room = await roomFor(actor, groupId);
      const limit = Math.min(Math.max(query.limit ?? 100, 1), MAX_PAGE);
      if (query.since !== undefined) {
        const rows = await repo.entriesSince(db, groupId, query.since, limit);
        return { lastSeq: Number(room.last_seq), frames: rows.map((r) => JSON.parse(r.data!) as RoomFrame) };
      }
      const rows = (await repo.messagesBefore(db, groupId, query.before ?? null, limit)).reverse();
      const seqs = rows.map((r) => Number(r.seq));
      const reactions = await repo.reactionsOn(db, groupId, seqs);
      const me = actor.kind === 'member' ? actor.memberId : null;
      const frames = rows.map((r) => {
        const frame = JSON.parse(r.data!) as RoomFrame;
        const counts = new Map<string, { emoji: string; count: number; mine: boolean }>();
        for (const reaction of reactions) {
          if (Number(reaction.seq) !== frame.seq) continue;
          const entry = counts.get(reaction.emoji) ?? { emoji: reaction.emoji, count: 0, mine: false };
          entry.count++;
          if (Number(reaction.member_id) === me) entry.mine = true;
          counts.set(reaction.emoji, entry);
        }
        frame.reactions = [...counts.values()];
        return frame;
      });
      return { lastSeq: Number(room.last_seq), frames };
    },

    /** A member's or staff account's post; refused (nothing stored) when too long, too fast, muted or blacklisted. */
    async post(actor: RoomActor, groupId: number, input: PostInput, now: number): Promise<Posted> {
      if (actor.kind === 'staff') assertStaffMay(actor, 'assistant');
      const clientId = assertClientId(input.clientId, actor.locale);
      const text = messageText(input.text, Boolean(input.image), actor.locale);
      const room = await roomFor(actor, groupId);
      const image = input.image ? await storedImage(actor, groupId, input.image) : null;
      const memberKey = actor.kind === 'member' ? actor.memberId : -actor.accountId;
      // A retry of a stored post is answered whatever limits say now.
      const sourceId = postSourceId(memberKey, clientId);
      const stored = await repo.seqOfSource(db, groupId, sourceId);
      if (stored !== null) return { seq: stored, duplicate: true };
      takeToken(actor, groupId, memberKey, now);
      await assertMayPost(actor, groupId, now);
      return writePost({
        community: actor.community,
        room,
        sourceId,
        speak: (trx) => speakerOf(trx, actor, now),
        message: { clientId, text, replyTo: input.replyTo ?? null, thread: input.thread ?? null, image },
        locale: actor.locale,
        now,
      });
    },

    /** The outbox's post into a room, as the community's bot member; the item's key makes it idempotent. */
    async postFromOutbox(item: OutboxItem & { groupId: number }, now: number): Promise<Posted> {
      const community = await getCommunityById(db, item.communityId);
      const room = await repo.findRoom(db, item.groupId);
      if (!room || Number(room.community_id) !== community.id) throw new NotFoundError(`room ${item.groupId}`);
      const replyTo = typeof item.payload.replyToSeq === 'number' ? item.payload.replyToSeq : null;
      return append({
        community,
        room,
        sourceId: outboxSourceId(item.key),
        speak: async (trx) => {
          const known = await repo.memberByIdentity(trx, community.id, BOT_IDENTITY);
          const id =
            known?.id ??
            (await repo.insertWebMember(
              trx,
              { communityId: community.id, externalId: BOT_IDENTITY, name: 'Shequn', isBot: true, staffRole: null },
              now,
            ));
          return {
            id: Number(id),
            name: known?.display_name ?? 'Shequn',
            staff: true,
            externalId: BOT_IDENTITY,
            isBot: true,
          };
        },
        message: { clientId: null, text: item.text, replyTo, thread: null, image: null },
        locale: 'zh-CN',
        now,
      });
    },

    async react(actor: RoomActor, groupId: number, input: { target: number; emoji: string; on: boolean }, now: number) {
      if (actor.kind === 'staff') assertStaffMay(actor, 'assistant');
      const emoji = assertReaction(input.emoji, actor.locale);
      await roomFor(actor, groupId);
      if (actor.kind === 'member') await assertMayPost(actor, groupId, now);
      let seq: number | null = null;
      await writing(async (trx) => {
        const target = await repo.messageAt(trx, groupId, input.target);
        if (!target || target.hidden_at !== null) throw new RoomRefusal('ROOM_MESSAGE_NOT_FOUND', actor.locale);
        const speaker = await speakerOf(trx, actor, now);
        const changed = await repo.setReaction(
          trx,
          { groupId, seq: input.target, memberId: speaker.id, emoji, on: input.on },
          now,
        );
        if (!changed) return [];
        const note = await appendEntry(
          trx,
          groupId,
          'reaction',
          (s) => ({
            type: 'reaction',
            room: groupId,
            seq: s,
            at: now,
            member: { id: speaker.id, name: speaker.name, staff: speaker.staff },
            target: input.target,
            emoji,
            on: input.on,
          }),
          speaker.id,
          now,
        );
        seq = note.seq;
        return [note];
      });
      return { seq };
    },

    async markRead(actor: RoomActor & { kind: 'member' }, groupId: number, seq: number, now: number) {
      const room = await roomFor(actor, groupId);
      const upTo = Math.min(seq, Number(room.last_seq));
      await db.transaction().execute((trx) => repo.markRead(trx, groupId, actor.memberId, upTo, now));
      return { lastReadSeq: upTo };
    },

    // ── Moderation (staff, each with a required reason, recorded) ─────────────────────────────

    async hide(actor: RoomActor, groupId: number, target: number, rawReason: string, now: number) {
      assertStaffMay(actor, 'assistant');
      const reason = normalizeReason(rawReason);
      await roomFor(actor, groupId);
      await writing(async (trx) => {
        const message = await repo.messageAt(trx, groupId, target);
        if (!message) throw new RoomRefusal('ROOM_MESSAGE_NOT_FOUND', actor.locale);
        if (message.hidden_at !== null) return [];
        await repo.hideMessage(trx, groupId, target, JSON.stringify(hiddenMessage(JSON.parse(message.data!))), now);
        await repo.recordModeration(
          trx,
          {
            communityId: actor.community.id,
            groupId,
            action: 'hide',
            targetSeq: target,
            memberId: message.member_id === null ? null : Number(message.member_id),
            reason,
            accountId: actor.accountId,
          },
          now,
        );
        return [
          await appendEntry(
            trx,
            groupId,
            'hidden',
            (s) => ({ type: 'hidden', room: groupId, seq: s, at: now, target }),
            null,
            now,
          ),
        ];
      });
    },

    async mute(
      actor: RoomActor,
      groupId: number,
      input: { memberId: number; minutes: number; reason: string },
      now: number,
    ) {
      assertStaffMay(actor, 'assistant');
      const reason = normalizeReason(input.reason);
      if (!Number.isInteger(input.minutes) || input.minutes < 1 || input.minutes > MAX_MUTE_MINUTES)
        throw new ValidationError('minutes', `a mute lasts 1 to ${MAX_MUTE_MINUTES} minutes`);
      await roomFor(actor, groupId);
      await staffMemberTarget(actor, input.memberId);
      const until = now + input.minutes * 60_000;
      await writing(async (trx) => {
        await repo.upsertMute(trx, { groupId, memberId: input.memberId, until, reason }, now);
        await repo.recordModeration(
          trx,
          {
            communityId: actor.community.id,
            groupId,
            action: 'mute',
            targetSeq: null,
            memberId: input.memberId,
            reason,
            accountId: actor.accountId,
          },
          now,
        );
        const frame = JSON.stringify({
          type: 'muted',
          room: groupId,
          seq: null,
          at: now,
          until,
          reason,
        } satisfies RoomFrame);
        return [await publish(trx, { room: groupId, seq: null, frame, member: input.memberId, evict: false })];
      });
      return { until };
    },

    async remove(actor: RoomActor, groupId: number, input: { memberId: number; reason: string }, now: number) {
      assertStaffMay(actor, 'operator');
      const reason = normalizeReason(input.reason);
      await roomFor(actor, groupId);
      await staffMemberTarget(actor, input.memberId);
      await writing((trx) => removal(trx, actor, groupId, input.memberId, 'remove', reason, now));
    },

    /** Removes the member from the room and puts them on the community's blacklist (members' record), with one reason. */
    async blacklist(actor: RoomActor, groupId: number, input: { memberId: number; reason: string }, now: number) {
      assertStaffMay(actor, 'operator');
      const reason = normalizeReason(input.reason);
      await roomFor(actor, groupId);
      await staffMemberTarget(actor, input.memberId);
      const active = await listBlacklist(db, actor.community.id, { memberId: input.memberId, activeOnly: true });
      if (!active.some((e) => e.action === 'remove'))
        await addToBlacklist(
          db,
          {
            communityId: actor.community.id,
            memberId: input.memberId,
            action: 'remove',
            reason,
            accountId: actor.accountId,
          },
          now,
        );
      await writing((trx) => removal(trx, actor, groupId, input.memberId, 'blacklist', reason, now));
    },

    async addMember(actor: RoomActor, groupId: number, memberId: number, now: number) {
      assertStaffMay(actor, 'operator');
      await roomFor(actor, groupId);
      await staffMemberTarget(actor, memberId);
      await db.transaction().execute((trx) => repo.setRoomMember(trx, groupId, memberId, 'member', now));
    },

    /** Renames the room, or sets its rules or pinned announcement (null takes it down); the room hears of it. */
    async updateRoom(
      actor: RoomActor,
      groupId: number,
      input: { name?: string; rules?: string; announcement?: string | null },
      now: number,
    ): Promise<RoomSummary> {
      assertStaffMay(actor, 'assistant');
      const room = await roomFor(actor, groupId);
      const rules = input.rules?.trim();
      const announcement = input.announcement === undefined ? undefined : input.announcement?.trim() || null;
      if (input.name !== undefined && input.name.trim().length === 0)
        throw new ValidationError('name', 'a room needs a name');
      await writing(async (trx) => {
        if (input.name !== undefined) await repo.renameGroup(trx, groupId, input.name.trim());
        if (rules === undefined && announcement === undefined) return [];
        const note = await appendEntry(
          trx,
          groupId,
          'announcement',
          (seq) => ({
            type: 'announcement',
            room: groupId,
            seq,
            at: now,
            announcement: announcement === undefined ? room.announcement : announcement,
            rules: rules ?? room.rules,
          }),
          null,
          now,
        );
        await repo.updateRoomTexts(trx, groupId, { rules, announcement, announcementSeq: note.seq! });
        return [note];
      });
      return summary((await repo.findRoom(db, groupId))!);
    },

    async moderationLog(actor: RoomActor, groupId: number) {
      await roomFor(actor, groupId);
      return (await repo.moderationOf(db, groupId)).map((r) => ({
        id: Number(r.id),
        action: r.action,
        targetSeq: r.target_seq === null ? null : Number(r.target_seq),
        memberId: r.member_id === null ? null : Number(r.member_id),
        reason: r.reason,
        author: r.author,
        createdAt: Number(r.created_at),
      }));
    },

    /** Keeps an image for a later post: JPEG, PNG, WebP or GIF by content, at most the check-in image limit. */
    async uploadImage(actor: RoomActor, groupId: number, bytes: Buffer) {
      if (actor.kind === 'staff') assertStaffMay(actor, 'assistant');
      await roomFor(actor, groupId);
      if (bytes.length > deps.maxImageBytes)
        throw new RoomRefusal('ROOM_IMAGE_TOO_LARGE', actor.locale, {
          max: Math.floor(deps.maxImageBytes / 1024 / 1024),
        });
      const type = sniffImageType(bytes);
      if (!type) throw new RoomRefusal('ROOM_IMAGE_INVALID', actor.locale);
      const imageId = `${randomBytes(16).toString('hex')}.${IMAGE_TYPES[type]}`;
      await deps.files.put(imagePath(groupId, ownerOf(actor), imageId), bytes, type);
      const size = imageSize(bytes);
      return { imageId, width: size?.width ?? null, height: size?.height ?? null, bytes: bytes.length };
    },

    /** An image posted in a room the actor may read. */
    async readImage(actor: RoomActor, groupId: number, owner: string, imageId: string): Promise<Blob> {
      await roomFor(actor, groupId);
      const blob =
        /^[ms]\d{1,12}$/.test(owner) && isImageId(imageId)
          ? await deps.files.get(imagePath(groupId, owner, imageId))
          : null;
      if (!blob) throw new NotFoundError('image');
      return blob;
    },

    /** A log entry's frame, for notes that came without one. */
    frameAt: (groupId: number, seq: number) => repo.frameAt(db, groupId, seq),
  };

  async function removal(
    trx: Executor,
    actor: StaffActor,
    groupId: number,
    memberId: number,
    action: 'remove' | 'blacklist',
    reason: string,
    now: number,
  ): Promise<RoomNote[]> {
    await repo.setRoomMember(trx, groupId, memberId, 'removed', now);
    await repo.recordModeration(
      trx,
      {
        communityId: actor.community.id,
        groupId,
        action,
        targetSeq: null,
        memberId,
        reason,
        accountId: actor.accountId,
      },
      now,
    );
    const frame = JSON.stringify({ type: 'removed', room: groupId, seq: null, at: now, reason } satisfies RoomFrame);
    return [await publish(trx, { room: groupId, seq: null, frame, member: memberId, evict: true })];
  }
}

export type RoomService = ReturnType<typeof createRoomService>;

/** A room made in the caller's transaction (a web group created on the groups page); its group id. */
export function insertWebRoom(trx: Executor, communityId: number, name: string, now: number): Promise<number> {
  return repo.insertRoom(
    trx,
    { communityId, externalId: roomExternalId(randomBytes(6).toString('hex')), name, rules: '', linkedGroupId: null },
    now,
  );
}
