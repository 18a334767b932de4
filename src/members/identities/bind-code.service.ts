import { createHash, randomInt } from 'node:crypto';
import type { Db } from '../../kernel/db/database.js';
import { parseSettings } from '../../kernel/db/community-settings.js';
import type { Community } from '../../kernel/db/schema.js';
import type { LiveMessage } from '../../kernel/event-log/live-message.js';
import { enqueue } from '../../kernel/outbox/outbox.service.js';
import { AppError, NotFoundError } from '../../kernel/errors.js';
import { refreshMemberStats } from '../stats/member-stats.service.js';
import * as repo from './bind-code.repo.js';
import {
  BIND_CODE_ALPHABET,
  BIND_CODE_LENGTH,
  BIND_CODE_TTL_MS,
  bindCodeOf,
  codeInMessage,
} from './bind-code.rules.js';
import { bindConfirmation, bindLocaleOf } from './identities.messages.js';
import { membersForMerge } from './member-merge.repo.js';
import { mergeWithin } from './member-merge.service.js';
import type { MemberMergeHook } from './merge-journal.service.js';

const digest = (code: string) => createHash('sha256').update(code).digest('hex');

/**
 * A new one-time code for the member (their earlier one stops working): sent from another
 * platform's account within 15 minutes, it links that account to this member. Only its digest is kept.
 */
export async function issueBindCode(db: Db, communityId: number, memberId: number, now: number) {
  const code = bindCodeOf(Array.from({ length: BIND_CODE_LENGTH }, () => randomInt(BIND_CODE_ALPHABET.length)));
  const expiresAt = now + BIND_CODE_TTL_MS;
  await db.transaction().execute(async (trx) => {
    const [member] = await membersForMerge(trx, communityId, [memberId]);
    if (!member || member.merged_into !== null) throw new NotFoundError(`member ${memberId}`);
    await repo.putBindCode(trx, {
      member_id: memberId,
      community_id: communityId,
      code_hash: digest(code),
      expires_at: expiresAt,
      created_at: now,
    });
  });
  return { code, expiresAt };
}

/**
 * A live message whose text is a live bind code (or `bind CODE`, `绑定 CODE`): its author's member
 * is merged into the code's owner (actor `bind code`) and the code consumed, in one transaction.
 * Anything else, an expired or unknown code included, does nothing: the chat gets no error.
 * The member then gets a direct message on that platform saying so, through the outbox.
 * Returns the merge's id, or null.
 */
export async function bindByMessage(
  db: Db,
  community: Pick<Community, 'id' | 'settings'>,
  message: Pick<LiveMessage, 'memberId' | 'text' | 'platform' | 'sourceId'>,
  hook: MemberMergeHook,
  now: number,
): Promise<number | null> {
  const code = codeInMessage(message.text);
  if (!code) return null;
  const communityId = community.id;
  const mergeId = await db
    .transaction()
    .execute(async (trx) => {
      const owner = await repo.consumeBindCode(trx, communityId, digest(code), now);
      if (!owner) return null;
      if (owner.member_id === message.memberId) return null;
      const mergeId = await mergeWithin(
        trx,
        { communityId, survivorId: owner.member_id, mergedId: message.memberId, actor: { kind: 'bind code' } },
        hook,
        now,
      );
      const [survivor] = await membersForMerge(trx, communityId, [owner.member_id]);
      const locale = bindLocaleOf(parseSettings(community.settings));
      await enqueue(
        trx,
        {
          communityId,
          key: `bind:${message.platform}:${message.sourceId}`,
          kind: 'member.bind-confirmation',
          target: { platform: message.platform, memberId: owner.member_id },
          locale,
          text: bindConfirmation(locale, survivor.display_name),
          payload: { mergeId },
        },
        now,
      );
      return mergeId;
    })
    // A member who cannot be merged (a bot, one merged already) keeps the code; the chat hears nothing.
    .catch((error: unknown) => {
      if (error instanceof AppError && error.status < 500) return null;
      throw error;
    });
  if (mergeId !== null) await refreshMemberStats(db, communityId, now);
  return mergeId;
}
