import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EventBatch } from './event-batch.js';
import { EVENT_KINDS, type Platform } from './event.types.js';

const CHUNK = 500;

/**
 * The events of a batch that were already stored under the same key (community, platform, source
 * id) are repaired when the batch says the same thing about them — same kind, member, group and
 * time — but with another text or reply/thread link: the file is a corrected export of one that
 * was garbled (a wrong encoding, a cut line). Their text, question flag and links are replaced.
 * An event whose kind, member, group or time differ is left as stored: it would move counts the
 * rollups already hold, so it is not a repair (docs/importers/README.md).
 * Returns the indices of the repaired events.
 */
export async function repairStoredEvents(
  trx: Transaction<Database>,
  communityId: number,
  batch: EventBatch,
  fresh: Uint8Array,
  resolved: { groupIds: number[]; platforms: Platform[]; memberIds: number[] },
): Promise<number[]> {
  const stored: number[] = [];
  for (let i = 0; i < batch.length; i++) if (!fresh[i]) stored.push(i);
  const repaired: number[] = [];
  for (let c = 0; c < stored.length; c += CHUNK) {
    const indices = stored.slice(c, c + CHUNK);
    const rows = await trx
      .selectFrom('events')
      .select([
        'id',
        'platform',
        'source_id',
        'group_id',
        'member_id',
        'kind',
        'occurred_at',
        'text',
        'reply_to_source_id',
        'thread_source_id',
      ])
      .where('community_id', '=', communityId)
      .where(
        'source_id',
        'in',
        indices.map((i) => batch.sourceId[i] as string),
      )
      .execute();
    const byKey = new Map(rows.map((r) => [`${r.platform}\u0000${r.source_id}`, r]));
    for (const i of indices) {
      const groupId = resolved.groupIds[batch.group[i] as number] as number;
      const row = byKey.get(`${resolved.platforms[batch.group[i] as number]}\u0000${batch.sourceId[i]}`);
      if (!row) continue;
      const same =
        row.group_id === groupId &&
        row.member_id === (resolved.memberIds[batch.author[i] as number] ?? null) &&
        row.kind === EVENT_KINDS[batch.kind[i] as number] &&
        Number(row.occurred_at) === batch.occurredAt[i];
      const text = batch.text[i] ?? null;
      const replyTo = batch.replyTo[i] ?? null;
      const thread = batch.thread[i] ?? null;
      if (!same || (row.text === text && row.reply_to_source_id === replyTo && row.thread_source_id === thread))
        continue;
      await trx
        .updateTable('events')
        .set({
          text,
          is_question: batch.isQuestion[i] as number,
          reply_to_source_id: replyTo,
          thread_source_id: thread,
        })
        .where('id', '=', row.id)
        .execute();
      if (replyTo !== null || thread !== null)
        await trx.updateTable('groups').set({ has_reply_links: 1 }).where('id', '=', groupId).execute();
      repaired.push(i);
    }
  }
  return repaired;
}
