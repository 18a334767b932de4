import type { Db } from '../../kernel/db/database.js';
import type { ParsedImageKey } from './image-sweep.rules.js';

/**
 * Which of these image keys a check-in names, voided check-ins included (staff still review
 * them). `image_path` has no index; the camp and member a key names are those of the check-in
 * that may name it (an image is only ever attached by its own member), and they lead the
 * `(camp_id, member_id, day)` unique index, so the lookup reads those members' check-ins instead
 * of the whole table. The `image_path` condition alone decides.
 */
export async function referencedImageKeys(db: Db, keys: ParsedImageKey[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('checkins')
    .select('image_path')
    .where('camp_id', 'in', distinct(keys.map((k) => k.campId)))
    .where('member_id', 'in', distinct(keys.map((k) => k.memberId)))
    .where(
      'image_path',
      'in',
      keys.map((k) => k.key),
    )
    .execute();
  return new Set(rows.map((row) => row.image_path as string));
}

const distinct = (values: number[]) => [...new Set(values)];
