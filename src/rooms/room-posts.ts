import type { Insertable } from 'kysely';
import type { Executor } from '../kernel/db/database.js';
import type { Community } from '../kernel/db/schema.js';
import type { RoomMessagesTable } from '../kernel/db/schema-rooms.js';
import type { Append, EventLog } from '../kernel/event-log/event-log.js';
import type { ImportedEvent } from '../kernel/event-log/event.types.js';
import type { RoomNote } from '../platforms/connectors/web/room-bus.js';
import type { RoomLive } from '../platforms/connectors/web/room-live.js';
import { messageFrame, type FrameAuthor, type FrameImage } from './room-frames.rules.js';
import * as repo from './rooms.repo.js';
import { RoomRefusal } from './rooms.rules.js';
import type { RoomActor } from './rooms.types.js';

/** A post's answer: its seq, and whether it was stored before (a retry). */
export interface Posted {
  seq: number;
  duplicate: boolean;
}

/** Who speaks for a post, with the web identity ingest lands its event on. */
export type Speaker = FrameAuthor & { externalId: string; isBot?: boolean };

/** A post checked and ready to store: everything but its seq. */
export interface PostJob {
  community: Community;
  room: repo.RoomWithGroup;
  sourceId: string;
  /** The speaker, inside the writing transaction (made on first need: staff, the bot). */
  speak: (trx: Executor) => Promise<Speaker>;
  message: {
    clientId: string | null;
    text: string | null;
    replyTo: number | null;
    thread: number | null;
    image: FrameImage | null;
  };
  locale: RoomActor['locale'];
  now: number;
}

interface Queued extends PostJob {
  resolve(posted: Posted): void;
  reject(error: unknown): void;
}

/** A post whose replies were found and whose speaker is known, in the batch's transaction. */
interface Prepared {
  job: Queued;
  groupId: number;
  threadSeq: number | null;
  speaker: Speaker;
  event: ImportedEvent;
  seq: number;
}

type Outcome = { posted: Posted; note: RoomNote | null } | { refused: unknown };

/**
 * Posts written together: more than this wait for the next batch. Ingest loads only the
 * identities a live append names up to 64 events (kernel/event-log), so a batch stays under it.
 */
export const MAX_POST_BATCH = 64;

/**
 * The rooms' group commit of posts. Posts that arrive while a batch is written are written
 * together in the next one, one event-log transaction: each room's lock is taken once (in group
 * id order) and its seqs numbered in arrival order, the events go in with one append per
 * community (one ingest: identity resolution, event insert, rollups and the question refresh
 * once per batch, not per post), each post's message then reaches the subscribers (chat check-ins,
 * bind codes) as a live update of its own, and the log entries and their NOTIFYs follow. Answers
 * and frames go out after the commit, in seq order.
 *
 * A post refused in the batch (it replies to a message the room does not have) is answered alone
 * and writes nothing; a retry of a stored post, or a second copy in the same batch, answers the
 * first seq. Should the batch fail otherwise (a deadlock, a failing subscriber), each of its posts
 * not stored is written again on its own, so one bad post fails nobody else.
 */
export function createPostWriter(deps: { db: Executor; eventLog: EventLog; live: RoomLive }) {
  const { db, eventLog, live } = deps;
  const pending: Queued[] = [];
  let draining = false;

  async function prepare(trx: Executor, job: Queued): Promise<Prepared> {
    const groupId = Number(job.room.group_id);
    const { message } = job;
    const replied = message.replyTo === null ? null : await repo.messageAt(trx, groupId, message.replyTo);
    if (message.replyTo !== null && !replied) throw new RoomRefusal('ROOM_MESSAGE_NOT_FOUND', job.locale);
    const threadSeq = message.thread ?? (replied ? Number(replied.thread_seq ?? replied.seq) : null);
    const root = threadSeq === null ? null : await repo.messageAt(trx, groupId, threadSeq);
    if (threadSeq !== null && !root) throw new RoomRefusal('ROOM_MESSAGE_NOT_FOUND', job.locale);
    const speaker = await job.speak(trx);
    const event: ImportedEvent = {
      platform: 'web',
      sourceId: job.sourceId,
      group: { externalId: job.room.external_id, name: job.room.name },
      author: { externalId: speaker.externalId, displayName: speaker.name, isBot: speaker.isBot === true },
      kind: 'message',
      occurredAt: job.now,
      replyToSourceId: replied?.source_id ?? null,
      threadSourceId: root?.source_id ?? null,
      text: message.text,
    };
    return { job, groupId, threadSeq, speaker, event, seq: 0 };
  }

  /** Numbers each room's new posts after taking its lock; posts stored before answer their seq. */
  async function number(trx: Executor, prepared: Prepared[], outcomes: Map<Queued, Outcome>): Promise<Prepared[]> {
    const byRoom = groupBy(prepared, (p) => p.groupId);
    const fresh: Prepared[] = [];
    for (const groupId of [...byRoom.keys()].sort((a, b) => a - b)) {
      const posts = byRoom.get(groupId)!;
      const last = await repo.lockRoom(trx, groupId);
      const stored = await repo.seqsOfSources(
        trx,
        groupId,
        posts.map((p) => p.job.sourceId),
      );
      let seq = last;
      for (const post of posts) {
        const before = stored.get(post.job.sourceId);
        if (before !== undefined) {
          outcomes.set(post.job, { posted: { seq: before, duplicate: true }, note: null });
          continue;
        }
        post.seq = ++seq;
        stored.set(post.job.sourceId, seq);
        fresh.push(post);
      }
      if (seq > last) await repo.setLastSeq(trx, groupId, seq);
    }
    return fresh;
  }

  /** The posts' events, one append per community, then each message to the subscribers on its own. */
  async function appendEvents(log: Append, posts: Prepared[]): Promise<void> {
    for (const same of groupBy(posts, (p) => p.job.community.id).values()) {
      const community = same[0].job.community;
      const now = Math.max(...same.map((p) => p.job.now));
      await log.events(
        community,
        same.map((p) => p.event),
        { now, live: { message: null, photo: null } },
      );
      for (const post of same)
        await log.events(community, [], { now: post.job.now, live: { message: post.event, photo: null } });
    }
  }

  /** The log entries of the posts, with their frames, and their notes on the bus. */
  async function logEntries(trx: Executor, posts: Prepared[], outcomes: Map<Queued, Outcome>): Promise<void> {
    const entries: Insertable<RoomMessagesTable>[] = [];
    for (const same of groupBy(posts, (p) => p.job.community.id).values()) {
      const eventIds = await repo.eventIdsOf(
        trx,
        same[0].job.community.id,
        same.map((p) => p.job.sourceId),
      );
      for (const { job, groupId, seq, speaker, threadSeq } of same) {
        const { message } = job;
        const frame = JSON.stringify(
          messageFrame({
            room: groupId,
            seq,
            at: job.now,
            member: { id: speaker.id, name: speaker.name, staff: speaker.staff },
            clientId: message.clientId,
            text: message.text,
            replyTo: message.replyTo,
            thread: threadSeq,
            image: message.image,
          }),
        );
        entries.push({
          group_id: groupId,
          seq,
          kind: 'message',
          event_id: eventIds.get(job.sourceId) ?? null,
          member_id: speaker.id,
          source_id: job.sourceId,
          client_id: message.clientId,
          text: message.text,
          reply_to_seq: message.replyTo,
          thread_seq: threadSeq,
          image_key: message.image?.id ?? null,
          image_width: message.image?.width ?? null,
          image_height: message.image?.height ?? null,
          image_bytes: message.image?.bytes ?? null,
          data: frame,
          hidden_at: null,
          created_at: job.now,
        });
        outcomes.set(job, {
          posted: { seq, duplicate: false },
          note: { room: groupId, seq, frame, member: null, evict: false },
        });
      }
    }
    await repo.insertEntries(trx, entries);
    for (const post of posts) {
      const outcome = outcomes.get(post.job)!;
      if ('note' in outcome && outcome.note) await live.bus.inTransaction(trx, outcome.note);
    }
  }

  /** Writes one batch in one transaction; outcomes hold once it has committed. */
  async function writeBatch(batch: Queued[]): Promise<Map<Queued, Outcome>> {
    const outcomes = new Map<Queued, Outcome>();
    await eventLog.transaction(async (trx, log) => {
      const prepared: Prepared[] = [];
      for (const job of batch) {
        try {
          prepared.push(await prepare(trx, job));
        } catch (error) {
          if (!(error instanceof RoomRefusal)) throw error;
          outcomes.set(job, { refused: error });
        }
      }
      const fresh = await number(trx, prepared, outcomes);
      if (fresh.length === 0) return;
      await appendEvents(log, fresh);
      await logEntries(trx, fresh, outcomes);
    });
    return outcomes;
  }

  /**
   * After a failed batch: a post the commit stored (a subscriber failed after it) is answered and
   * its frame sent; the others are written again one by one, or fail when alone already.
   */
  async function recover(batch: Queued[], error: unknown): Promise<void> {
    for (const job of batch) {
      const groupId = Number(job.room.group_id);
      const seq = await repo.seqOfSource(db, groupId, job.sourceId);
      if (seq !== null) {
        const frame = await repo.frameAt(db, groupId, seq);
        live.bus.afterCommit({ room: groupId, seq, frame, member: null, evict: false });
        job.resolve({ seq, duplicate: false });
      } else if (batch.length > 1) await run([job]);
      else job.reject(error);
    }
  }

  async function run(batch: Queued[]): Promise<void> {
    let outcomes: Map<Queued, Outcome>;
    try {
      outcomes = await writeBatch(batch);
    } catch (error) {
      await recover(batch, error);
      return;
    }
    for (const job of batch) {
      const outcome = outcomes.get(job)!;
      if ('refused' in outcome) job.reject(outcome.refused);
      else {
        if (outcome.note) live.bus.afterCommit(outcome.note);
        job.resolve(outcome.posted);
      }
    }
  }

  async function drain(): Promise<void> {
    try {
      while (pending.length > 0) {
        // One turn of the event loop first: posts read meanwhile join, the last batch's answers leave.
        await new Promise((resolve) => setImmediate(resolve));
        await run(pending.splice(0, MAX_POST_BATCH));
      }
    } finally {
      draining = false;
    }
  }

  /** Stores the post with the next batch; resolves after its commit, its frame on the bus. */
  return function write(job: PostJob): Promise<Posted> {
    return new Promise<Posted>((resolve, reject) => {
      pending.push({ ...job, resolve, reject });
      if (!draining) {
        draining = true;
        void drain();
      }
    });
  };
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
