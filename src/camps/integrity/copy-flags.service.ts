import type { Db } from '../../kernel/db/database.js';
import type { CopyFlagStatus } from '../../kernel/db/schema-camps.js';
import type { Community } from '../../kernel/db/schema.js';
import { ConflictError, NotFoundError } from '../../kernel/errors.js';
import { dayToIso } from '../../kernel/time/local-day.js';
import { addToBlacklist, listBlacklist } from '../../members/roles/blacklist.service.js';
import { requireCamp } from '../camp/camp.service.js';
import { findCheckin } from '../checkin/checkin.repo.js';
import { voidWithin } from '../checkin/checkin.service.js';
import { listFlags, resolveFlag, type FlagRow } from './integrity.repo.js';

/** Copy flags for staff: both check-ins side by side, and what was decided. */

const side = (id: number, memberId: number, displayName: string, day: number, at: number, text: string | null) => ({
  id: Number(id),
  memberId: Number(memberId),
  displayName,
  date: dayToIso(day),
  at: new Date(Number(at)).toISOString(),
  text,
});

export function presentFlag(r: FlagRow) {
  return {
    id: Number(r.id),
    score: Number(r.score),
    jaccard: Number(r.jaccard),
    status: r.status,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    resolvedAt: r.resolved_at === null ? null : new Date(Number(r.resolved_at)).toISOString(),
    resolutionReason: r.resolution_reason,
    checkin: side(r.c_id, r.c_member_id, r.c_name, r.c_day, r.c_at, r.c_text),
    original: side(r.o_id, r.o_member_id, r.o_name, r.o_day, r.o_at, r.o_text),
  };
}

export async function listCampFlags(db: Db, community: Community, campId: number, status: 'open' | 'all') {
  await requireCamp(db, community, campId);
  const rows = await listFlags(db, campId, status === 'open' ? { status: 'open' } : {});
  return rows.map(presentFlag);
}

export type FlagAction = 'dismiss' | 'void' | 'blacklist';
const STATUS: Record<FlagAction, CopyFlagStatus> = { dismiss: 'dismissed', void: 'voided', blacklist: 'blacklisted' };

/**
 * Resolves an open flag: `dismiss` clears it, `void` voids the check-in (its points are taken
 * back, as a staff void does), `blacklist` voids it and mutes the member through the members
 * feature's blacklist (小黑屋). A flag resolves once: a second attempt is a 409.
 *
 * The blacklist entry is recorded after the resolution commits (the members feature runs its own
 * transaction): a race lost on the flag then leaves no entry behind, and a member already muted
 * keeps their entry instead of failing the resolution.
 */
export async function resolveCampFlag(
  db: Db,
  community: Community,
  campId: number,
  flagId: number,
  input: { action: FlagAction; reason?: string },
  accountId: number,
  now: number,
) {
  const camp = await requireCamp(db, community, campId);
  const [flag] = await listFlags(db, campId, { flagId });
  if (!flag) throw new NotFoundError(`flag ${flagId}`);
  if (flag.status !== 'open') throw new ConflictError(`flag ${flagId} is already resolved (${flag.status})`);
  const reason = input.reason?.trim() || `copied check-in (flag ${flagId})`;
  const status = STATUS[input.action];
  await db.transaction().execute(async (trx) => {
    if (!(await resolveFlag(trx, flagId, status, { accountId, at: now, reason })))
      throw new ConflictError(`flag ${flagId} is already resolved`);
    if (input.action === 'dismiss') return;
    const checkin = await findCheckin(trx, campId, Number(flag.c_id));
    if (checkin && checkin.voided_at === null) {
      await voidWithin(
        trx,
        camp,
        community,
        checkin.id,
        { reason, accountId, flagStatus: status as 'voided' | 'blacklisted' },
        now,
      );
    }
  });
  if (input.action === 'blacklist') {
    const memberId = Number(flag.c_member_id);
    const active = await listBlacklist(db, community.id, { memberId, activeOnly: true });
    if (!active.some((e) => e.action === 'mute'))
      await addToBlacklist(db, { communityId: community.id, memberId, action: 'mute', reason, accountId }, now);
  }
  const [resolved] = await listFlags(db, campId, { flagId });
  return presentFlag(resolved);
}
