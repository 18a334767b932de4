import type { Db } from '../../kernel/db/database.js';
import { ValidationError } from '../../kernel/errors.js';
import { addManualTag, membersAmong, removeManualTag, tagCounts } from './tag.repo.js';
import { BULK_TAG_MAX_MEMBERS, distinctIds, normalizeTag } from './tag.rules.js';

export interface BulkTagRequest {
  tag: string;
  memberIds: number[];
  remove?: boolean;
}

/**
 * Adds (or removes) one manual tag on many members at once, all or nothing: if any id is not a
 * member of this community, nothing changes and the error names the ids.
 *
 * @example
 * await bulkTag(db, community.id, { tag: '宝妈', memberIds: [1, 2, 3] }, now) // { changed: 3 }
 */
export async function bulkTag(
  db: Db,
  communityId: number,
  request: BulkTagRequest,
  now: number,
): Promise<{ changed: number }> {
  const tag = normalizeTag(request.tag);
  const ids = distinctIds(request.memberIds);
  if (ids.length === 0) throw new ValidationError('memberIds', 'no members given');
  if (ids.length > BULK_TAG_MAX_MEMBERS)
    throw new ValidationError('memberIds', `at most ${BULK_TAG_MAX_MEMBERS} members at once; got ${ids.length}`);
  return db.transaction().execute(async (trx) => {
    const found = await membersAmong(trx, communityId, ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? ` and ${missing.length - 10} more` : '');
      throw new ValidationError('memberIds', `not members of this community: ${shown}`);
    }
    const changed = request.remove
      ? await removeManualTag(trx, communityId, tag, ids)
      : await addManualTag(trx, communityId, tag, ids, now);
    return { changed };
  });
}

/** Every tag of the community (or of one group's members) with its source and member count. */
export function listTags(db: Db, communityId: number, groupId?: number) {
  return tagCounts(db, communityId, groupId);
}
