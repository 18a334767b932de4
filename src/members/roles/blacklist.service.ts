import type { Db } from '../../kernel/db/database.js';
import { ConflictError, NotFoundError } from '../../kernel/errors.js';
import { type AuditActor, recordAudit } from '../../accounts/audit.service.js';
import { assertMemberOf } from '../member-lookup.repo.js';
import { findEntries, findEntry, insertEntry, liftEntry, type BlacklistRow } from './blacklist.repo.js';
import { assertBlacklistAction, normalizeReason } from './blacklist.rules.js';

export interface BlacklistEntry {
  id: number;
  memberId: number;
  memberName: string;
  action: string;
  reason: string;
  /** The operator who recorded it; null once that account is deleted. */
  author: string | null;
  createdAt: number;
  liftedAt: number | null;
}

export const presentEntry = (r: BlacklistRow): BlacklistEntry => ({
  id: r.id,
  memberId: r.member_id,
  memberName: r.member_name,
  action: r.action,
  reason: r.reason,
  author: r.author,
  createdAt: r.created_at,
  liftedAt: r.lifted_at,
});

export async function listBlacklist(
  db: Db,
  communityId: number,
  filter: { memberId?: number; activeOnly?: boolean } = {},
): Promise<BlacklistEntry[]> {
  return (await findEntries(db, communityId, filter)).map(presentEntry);
}

/**
 * Records a mute or removal with its reason and the acting operator. Only the record is kept for
 * now; the platform action itself will be sent through the outbox once connectors can act.
 * A member already muted (or removed) and not lifted cannot be recorded again for the same action.
 */
export async function addToBlacklist(
  db: Db,
  input: { communityId: number; memberId: number; action: string; reason: string; accountId: number | null },
  now: number,
  audit?: AuditActor,
): Promise<BlacklistEntry> {
  const action = assertBlacklistAction(input.action);
  const reason = normalizeReason(input.reason);
  return db.transaction().execute(async (trx) => {
    await assertMemberOf(trx, input.communityId, input.memberId);
    const active = await findEntries(trx, input.communityId, { memberId: input.memberId, activeOnly: true });
    if (active.some((e) => e.action === action))
      throw new ConflictError(
        `member ${input.memberId} is already on the blacklist (${action}); lift that entry first`,
      );
    const id = await insertEntry(trx, {
      communityId: input.communityId,
      memberId: input.memberId,
      action,
      reason,
      accountId: input.accountId,
      now,
    });
    if (audit)
      await recordAudit(trx, {
        communityId: input.communityId,
        actor: audit,
        action: 'blacklist.add',
        target: `member ${input.memberId}`,
        detail: { action, reason },
        now,
      });
    return presentEntry((await findEntry(trx, input.communityId, id))!);
  });
}

/** Lifts an entry: it stays on record with the time it was lifted. */
export async function liftBlacklistEntry(
  db: Db,
  communityId: number,
  id: number,
  now: number,
  audit?: AuditActor,
): Promise<BlacklistEntry> {
  return db.transaction().execute(async (trx) => {
    const entry = await findEntry(trx, communityId, id);
    if (!entry) throw new NotFoundError(`blacklist entry ${id}`);
    if (!(await liftEntry(trx, communityId, id, now)))
      throw new ConflictError(`blacklist entry ${id} was already lifted`);
    if (audit)
      await recordAudit(trx, {
        communityId,
        actor: audit,
        action: 'blacklist.lift',
        target: `member ${entry.member_id}`,
        detail: { action: entry.action },
        now,
      });
    return presentEntry({ ...entry, lifted_at: now });
  });
}
